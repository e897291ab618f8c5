#include "common/disk_guard.h"

#include <sys/statvfs.h>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace district {

DiskGuard::DiskGuard(std::string path, uint64_t min_free_bytes)
    : path_(std::move(path)), min_free_bytes_(min_free_bytes) {}

uint64_t DiskGuard::FreeBytes() const {
  struct statvfs fs {};
  if (statvfs(path_.c_str(), &fs) != 0) return UINT64_MAX;
  return static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
}

rocksdb::Status DiskGuard::Admit(rocksdb::DB* db) {
  const bool failed = failed_.load();
  if (min_free_bytes_ == 0 && !failed) return rocksdb::Status::OK();
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t free = FreeBytes();
  if (free < min_free_bytes_) {
    if (!refusing_) {
      LogWarning(
          absl::StrCat("disk full: ", free, " bytes free at ", path_, ", below ", min_free_bytes_,
                       " (--min_free_disk_mb): writes are refused until space is freed; "
                       "reads go on"),
          {{"free_bytes", static_cast<int64_t>(free)}});
      refusing_ = true;
    }
    return rocksdb::Status::NoSpace(
        absl::StrCat(free >> 20, " MiB free, writes need ", min_free_bytes_ >> 20, " MiB"));
  }
  if (failed) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_resume_ < kResumeInterval) {
      return rocksdb::Status::NoSpace("a write failed for want of space; resuming shortly");
    }
    last_resume_ = now;
    // A resume that fails again reports through OnBackgroundError and is retried later.
    failed_.store(false);
    const rocksdb::Status resumed = db->Resume();
    if (!resumed.ok()) {
      failed_.store(true);
      return resumed.IsNoSpace()
                 ? resumed
                 : rocksdb::Status::NoSpace("resuming after a full disk: ", resumed.ToString());
    }
  }
  if (failed || refusing_) {
    LogWarning(absl::StrCat("disk space is back at ", path_, " (", free >> 20,
                            " MiB free): writes resumed"),
               {{"free_bytes", static_cast<int64_t>(free)}});
  }
  refusing_ = false;
  return rocksdb::Status::OK();
}

void DiskGuard::OnBackgroundError(rocksdb::BackgroundErrorReason, rocksdb::Status* error) {
  if (error == nullptr || error->ok()) return;
  if (!failed_.exchange(true)) {
    LogError(absl::StrCat("the store at ", path_, " stopped writing: ", error->ToString(),
                          error->IsNoSpace() ? "; writes resume once space is freed" : ""));
  }
}

void DiskGuard::OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status,
                                     bool* auto_recovery) {
  *auto_recovery = false;  // Admit resumes, once the floor holds
}

}  // namespace district
