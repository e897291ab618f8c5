#include "common/version.h"

#include <google/protobuf/stubs/common.h>
#include <grpcpp/grpcpp.h>
#include <openssl/crypto.h>
#include <rocksdb/version.h>

#include "absl/base/config.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/str_cat.h"

namespace district {

std::string SuiteVersion() { return DISTRICT_SUITE_VERSION; }

std::string SuiteCommit() { return DISTRICT_SUITE_COMMIT; }

std::string LinkedVersions() {
  return absl::StrCat("district-suite ", DISTRICT_SUITE_VERSION, " (", DISTRICT_SUITE_COMMIT, ")\n",
                      "linked in: gRPC ", grpc::Version(), ", protobuf ",
                      google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION),
                      ", Abseil ", ABSL_LTS_RELEASE_VERSION, ".", ABSL_LTS_RELEASE_PATCH_LEVEL,
                      ", RocksDB ", ROCKSDB_MAJOR, ".", ROCKSDB_MINOR, ".", ROCKSDB_PATCH, "\n",
                      "shared: ", OpenSSL_version(OPENSSL_VERSION), "\n");
}

void InstallVersionFlag() {
  absl::FlagsUsageConfig config;
  config.version_string = [] { return LinkedVersions(); };
  absl::SetFlagsUsageConfig(config);
}

}  // namespace district
