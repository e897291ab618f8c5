#include "common/backups.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/log.h"

namespace district {
namespace {

// What a backup records of where it came from: "service=project;suite_version=0.3".
std::string Metadata(const Backups::Options& options) {
  return absl::StrCat("service=", options.service, ";suite_version=", options.suite_version);
}

admin::v1::Backup ToProto(const rocksdb::BackupInfo& info) {
  admin::v1::Backup backup;
  backup.set_name(absl::StrCat("backups/", info.backup_id));
  backup.set_backup_id(info.backup_id);
  backup.mutable_create_time()->set_seconds(info.timestamp);
  backup.set_size_bytes(static_cast<int64_t>(info.size));
  backup.set_file_count(static_cast<int32_t>(info.number_files));
  for (absl::string_view pair : absl::StrSplit(info.app_metadata, ';')) {
    if (absl::ConsumePrefix(&pair, "service=")) backup.set_service(std::string(pair));
    if (absl::ConsumePrefix(&pair, "suite_version=")) backup.set_suite_version(std::string(pair));
  }
  return backup;
}

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngine>> OpenEngine(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat("creating ", dir, ": ", error.message()));
  }
  rocksdb::BackupEngineOptions options(dir);
  options.max_background_operations = 1;  // a backup competes with serving for the disk
  rocksdb::BackupEngine* engine = nullptr;
  const rocksdb::Status s = rocksdb::BackupEngine::Open(rocksdb::Env::Default(), options, &engine);
  if (!s.ok()) {
    return absl::Status(FromRocks(s).code(), absl::StrCat("backups at ", dir, ": ", s.ToString()));
  }
  return std::unique_ptr<rocksdb::BackupEngine>(engine);
}

}  // namespace

absl::StatusOr<uint32_t> ParseBackupName(const std::string& name, const char* field) {
  absl::string_view rest = name;
  uint32_t id = 0;
  if (!absl::ConsumePrefix(&rest, "backups/") || !absl::SimpleAtoi(rest, &id) || id == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be \"backups/<id>\", not \"", name, "\""));
  }
  return id;
}

absl::StatusOr<std::unique_ptr<Backups>> Backups::Open(Store* store, const Options& options) {
  if (options.keep < 1) return absl::InvalidArgumentError("--backup_keep must be at least 1");
  absl::StatusOr<std::unique_ptr<rocksdb::BackupEngine>> engine = OpenEngine(options.dir);
  if (!engine.ok()) return engine.status();
  return std::unique_ptr<Backups>(new Backups(store, options, *std::move(engine)));
}

absl::StatusOr<admin::v1::Backup> Backups::Create() {
  std::lock_guard<std::mutex> lock(mu_);
  absl::StatusOr<uint32_t> id = store_->BackUp(engine_.get(), Metadata(options_));
  if (!id.ok()) return id.status();
  if (rocksdb::Status s = engine_->PurgeOldBackups(static_cast<uint32_t>(options_.keep)); !s.ok()) {
    LogWarning(absl::StrCat("deleting backups beyond --backup_keep: ", s.ToString()));
  }
  absl::StatusOr<admin::v1::Backup> made = Describe(*id);
  if (made.ok()) {
    LogEvent(absl::StrCat("backup ", *id, " taken into ", options_.dir),
             {{"backup_id", static_cast<int64_t>(*id)}, {"size_bytes", made->size_bytes()}});
  }
  return made;
}

absl::StatusOr<admin::v1::Backup> Backups::Describe(uint32_t id) {
  rocksdb::BackupInfo info;
  const rocksdb::Status s = engine_->GetBackupInfo(id, &info, /*include_file_details=*/false);
  if (s.IsNotFound()) {
    return NotFoundError(absl::StrCat("backups/", id, " not found"),
                         absl::StrCat("找不到备份 ", id));
  }
  if (!s.ok()) return FromRocks(s);
  return ToProto(info);
}

absl::StatusOr<std::vector<admin::v1::Backup>> Backups::List() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<rocksdb::BackupInfo> infos;
  engine_->GetBackupInfo(&infos);
  std::vector<admin::v1::Backup> backups;
  for (const rocksdb::BackupInfo& info : infos) backups.push_back(ToProto(info));
  std::sort(backups.begin(), backups.end(),
            [](const auto& a, const auto& b) { return a.backup_id() < b.backup_id(); });
  return backups;
}

absl::StatusOr<admin::v1::Backup> Backups::Verify(uint32_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  absl::StatusOr<admin::v1::Backup> backup = Describe(id);
  if (!backup.ok()) return backup;
  const rocksdb::Status s = engine_->VerifyBackup(id, /*verify_with_checksum=*/true);
  if (!s.ok()) {
    // A missing or altered file: the backup cannot be trusted, whatever RocksDB calls it.
    return absl::DataLossError(absl::StrCat("backups/", id, " is damaged: ", s.ToString()));
  }
  return backup;
}

absl::Status Backups::Delete(uint32_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (absl::StatusOr<admin::v1::Backup> backup = Describe(id); !backup.ok()) {
    return backup.status();
  }
  return FromRocks(engine_->DeleteBackup(id));
}

absl::Status RestoreStore(const std::string& backup_dir, uint32_t backup_id,
                          const std::string& data_dir, bool overwrite) {
  if (!std::filesystem::is_directory(backup_dir)) {
    return absl::NotFoundError(absl::StrCat("no backups at ", backup_dir));
  }
  std::error_code error;
  if (std::filesystem::exists(data_dir, error) && !std::filesystem::is_empty(data_dir, error) &&
      !overwrite) {
    return absl::FailedPreconditionError(
        absl::StrCat(data_dir,
                     " holds files: restore into an empty directory, or say to "
                     "overwrite them (--restore_overwrite)"));
  }
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("creating ", data_dir, ": ", error.message()));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::Status s = rocksdb::BackupEngineReadOnly::Open(
      rocksdb::Env::Default(), rocksdb::BackupEngineOptions(backup_dir), &raw);
  if (!s.ok()) return FromRocks(s);
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  if (infos.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("no backup at ", backup_dir));
  }
  if (backup_id == 0) {
    for (const rocksdb::BackupInfo& info : infos) backup_id = std::max(backup_id, info.backup_id);
  }
  s = engine->RestoreDBFromBackup(backup_id, data_dir, data_dir);
  if (s.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat("backups/", backup_id, " not found in ", backup_dir));
  }
  if (s.IsCorruption() || s.IsIOError()) {
    return absl::DataLossError(absl::StrCat("backups/", backup_id, " is damaged: ", s.ToString()));
  }
  return FromRocks(s);
}

}  // namespace district
