// Backups of a service's store into a directory of its own, with RocksDB's BackupEngine: each
// backup is a consistent image of one instant taken while the service serves writes, and shares
// the table files it has in common with the backups before it (incremental), each file stored
// once with its checksum. Restoring is offline, into a directory no server has open.
//
// Thread-safety: a Backups is safe from any thread (its calls take turns: a backup, a verify or a
// delete runs alone). Ownership: the Store is not owned and must outlive the Backups.
// Errors: FAILED_PRECONDITION for what the directory's state does not allow (a restore over data
// without `overwrite`, no backup yet), NOT_FOUND for an unknown backup id, DATA_LOSS for a
// backup whose files are missing or corrupt, RESOURCE_EXHAUSTED when the backup disk is full.
#ifndef DISTRICT_COMMON_BACKUPS_H_
#define DISTRICT_COMMON_BACKUPS_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <rocksdb/utilities/backup_engine.h>

#include "absl/status/statusor.h"
#include "common/store.h"
#include "district/admin/v1/admin.pb.h"

namespace district {

class Backups {
 public:
  struct Options {
    std::string dir;            // where the backups live (created if missing)
    int keep = 7;               // after each backup, the oldest beyond this many are deleted
    std::string service;        // "project": recorded in each backup
    std::string suite_version;  // of the server: recorded in each backup
  };

  static absl::StatusOr<std::unique_ptr<Backups>> Open(Store* store, const Options& options);

  // Takes a backup now, then applies `keep`.
  absl::StatusOr<admin::v1::Backup> Create();
  // Every backup kept, oldest first.
  absl::StatusOr<std::vector<admin::v1::Backup>> List();
  // Reads back every file of backup `id` and checks its checksum.
  absl::StatusOr<admin::v1::Backup> Verify(uint32_t id);
  absl::Status Delete(uint32_t id);

 private:
  Backups(Store* store, Options options, std::unique_ptr<rocksdb::BackupEngine> engine)
      : store_(store), options_(std::move(options)), engine_(std::move(engine)) {}
  absl::StatusOr<admin::v1::Backup> Describe(uint32_t id);  // with mu_ held

  Store* const store_;
  const Options options_;
  std::mutex mu_;  // BackupEngine's calls must not overlap
  const std::unique_ptr<rocksdb::BackupEngine> engine_;
};

// Restores backup `backup_id` (0: the latest) of `backup_dir` into `data_dir`, for a server to
// open. Refuses (FAILED_PRECONDITION) a `data_dir` that holds files unless `overwrite`, which
// replaces them; checks every file's checksum as it copies (DATA_LOSS for a corrupt backup).
absl::Status RestoreStore(const std::string& backup_dir, uint32_t backup_id,
                          const std::string& data_dir, bool overwrite);

// "backups/3" -> 3; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<uint32_t> ParseBackupName(const std::string& name, const char* field);

}  // namespace district

#endif  // DISTRICT_COMMON_BACKUPS_H_
