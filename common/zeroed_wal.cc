#include "common/zeroed_wal.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace district {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;

// Zeros are written a chunk at a time: the fdatasync after each new chunk writes it and the new
// size as well, once per ~1,700 creates of bench/project_bench (~0.6 KB of WAL each); the
// fdatasyncs in between write the data alone.
constexpr size_t kChunk = 1 << 20;
char zeros[kChunk];  // zero-initialized, never written

// RocksDB names its WAL files "<number>.log" (its info log is "LOG").
bool IsWal(absl::string_view path) {
  const size_t slash = path.rfind('/');
  absl::string_view name = slash == absl::string_view::npos ? path : path.substr(slash + 1);
  if (!absl::ConsumeSuffix(&name, ".log") || name.empty()) return false;
  for (char c : name) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

class ZeroedWalFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  // `fd` is a second descriptor of the same file, for the zeros, owned by this.
  ZeroedWalFile(std::unique_ptr<rocksdb::FSWritableFile> file, int fd)
      : FSWritableFileOwnerWrapper(std::move(file)), fd_(fd) {}
  ~ZeroedWalFile() override { CloseZeros(); }

  IOStatus Append(const rocksdb::Slice& data, const IOOptions& options,
                  IODebugContext* dbg) override {
    ZeroAhead(data.size(), options, dbg);
    return target()->Append(data, options, dbg);
  }
  IOStatus Append(const rocksdb::Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo& verification, IODebugContext* dbg) override {
    ZeroAhead(data.size(), options, dbg);
    return target()->Append(data, options, verification, dbg);
  }
  IOStatus Close(const IOOptions& options, IODebugContext* dbg) override {
    CloseZeros();
    return target()->Close(options, dbg);  // which truncates the file to its data
  }

 private:
  // Makes sure the file holds zeros at least up to the end of an append of `n` bytes. Best
  // effort: when zeros cannot be written, the append extends the file as it would without them.
  void ZeroAhead(size_t n, const IOOptions& options, IODebugContext* dbg) {
    if (fd_ < 0) return;
    const uint64_t end = target()->GetFileSize(options, dbg) + n;
    while (zeroed_ < end) {
      const ssize_t written = pwrite(fd_, zeros, kChunk, static_cast<off_t>(zeroed_));
      if (written <= 0) {
        CloseZeros();
        return;
      }
      zeroed_ += static_cast<uint64_t>(written);
    }
  }

  void CloseZeros() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

  int fd_;
  uint64_t zeroed_ = 0;  // the file holds data or zeros up to here
};

class ZeroedWalFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit ZeroedWalFileSystem(std::shared_ptr<rocksdb::FileSystem> base)
      : FileSystemWrapper(std::move(base)) {}

  const char* Name() const override { return "district.ZeroedWalFileSystem"; }

  IOStatus NewWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                           std::unique_ptr<rocksdb::FSWritableFile>* file,
                           IODebugContext* dbg) override {
    IOStatus s = target()->NewWritableFile(path, options, file, dbg);
    if (!s.ok() || !IsWal(path) || options.use_direct_writes) return s;
    const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) *file = std::make_unique<ZeroedWalFile>(std::move(*file), fd);
    return s;
  }
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> NewZeroedWalFileSystem(
    std::shared_ptr<rocksdb::FileSystem> base) {
  return std::make_shared<ZeroedWalFileSystem>(std::move(base));
}

}  // namespace district
