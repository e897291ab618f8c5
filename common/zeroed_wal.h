// A RocksDB file system whose write-ahead log files are written over zeros.
//
// A durable write appends to the WAL and fdatasyncs it. An append past the end of a file changes
// its size, and fdatasync must then write the inode as well as the data: on ext4 a second
// synchronous write, in the serial path of every group commit. This file system writes zeros
// ahead of each WAL file's end, a megabyte at a time, so that appends overwrite blocks the file
// already has and fdatasync writes the data alone (measured: bench/RESULTS.md, "Design
// measurements").
//
// Why it is safe: the zeros are never relied upon. A write is durable because its fdatasync
// returned, as without them; the fdatasync that follows a new megabyte of zeros writes them and
// the new size too. After a crash the live WAL ends in zeros, which RocksDB's log reader takes for
// what its format reserves them for ("Zero is reserved for preallocated files", log_format.h) and
// reads past to the end of the file (tests/common/zeroed_wal_test.cc opens crash images of it).
// A WAL closed normally is truncated to its data by RocksDB itself. RocksDB's own answer, reusing
// old WAL files, is turned off under point-in-time recovery, because old records can be mistaken
// for new ones; zeros cannot. The price: every WAL byte reaches the disk twice, once as a zero
// (~0.6 KB per durable create of a project), which the fdatasync saved is worth on any disk whose
// latency, not bandwidth, bounds the commit rate.
//
// Thread-safety: as RocksDB's FileSystem contract asks (one writer per file).
#ifndef DISTRICT_COMMON_ZEROED_WAL_H_
#define DISTRICT_COMMON_ZEROED_WAL_H_

#include <memory>

#include <rocksdb/file_system.h>

namespace district {

// Wraps `base` (e.g. rocksdb::FileSystem::Default()).
std::shared_ptr<rocksdb::FileSystem> NewZeroedWalFileSystem(
    std::shared_ptr<rocksdb::FileSystem> base);

}  // namespace district

#endif  // DISTRICT_COMMON_ZEROED_WAL_H_
