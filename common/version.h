// What a binary is built from, for `--version`: the suite's own version and the versions of the
// libraries linked into it (gRPC, protobuf, Abseil and RocksDB from their static archives, so an
// `apt upgrade` does not change a running binary: rebuild it, or its image, to take a fix), and
// OpenSSL, which stays shared.
//
// Call InstallVersionFlag in main(), before parsing flags.
#ifndef DISTRICT_COMMON_VERSION_H_
#define DISTRICT_COMMON_VERSION_H_

#include <string>

namespace district {

// The suite's version ("0.3") and the commit it was built from ("9918df2", or "unknown" when
// built outside a git checkout without -DDISTRICT_COMMIT).
std::string SuiteVersion();
std::string SuiteCommit();

// "district-suite 0.3 / gRPC 1.51.1, protobuf 3.21.12, Abseil 20220623.1, RocksDB 7.8.3,
// OpenSSL 3.0…"
std::string LinkedVersions();

// Makes `--version` print LinkedVersions() and exit; call before absl::ParseCommandLine.
void InstallVersionFlag();

}  // namespace district

#endif  // DISTRICT_COMMON_VERSION_H_
