// districtctl's commands: each parses its arguments, builds its request (request_json.h), calls
// the suite through tools/rpc, and prints a table or JSON. main.cc holds the flags and main().
//
// Not thread-safe: one Cli per run. The Rpc and the streams are not owned.
#ifndef DISTRICT_TOOLS_DISTRICTCTL_CLI_H_
#define DISTRICT_TOOLS_DISTRICTCTL_CLI_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "tools/districtctl/resources.h"
#include "tools/rpc/rpc.h"

namespace district::ctl {

// Exit statuses: done, a service refused or failed, bad usage.
inline constexpr int kOk = 0, kFailed = 1, kBadUsage = 2;

// The help text (also what a usage error prints after its problem).
extern const char kUsage[];

// What the flags say, for the commands that take them.
struct CliOptions {
  bool json = false;       // print JSON instead of tables
  std::string mask;        // update: comma-separated fields
  std::string etag;        // update, delete, advance
  std::string reason;      // advance
  int64_t amount = 0;      // advance lead to signed
  std::string request_id;  // create
  std::string out;         // export, bulletin: the .xlsx file to write
  bool overwrite = false;  // restore: replace what the data directory holds
  bool watch = false;      // reminders: follow them as they arise
};

class Cli {
 public:
  // `token` is the caller's, for the calls made with rpc::CallAs (imports, exports).
  Cli(rpc::Rpc& rpc, std::string token, CliOptions options, std::ostream& out, std::ostream& err);

  // Runs the command in `args` (without the program's name); returns the exit status.
  int Run(const std::vector<std::string>& args);

 private:
  int Usage(const std::string& problem);
  int Fail(const absl::Status& status);
  int Print(const google::protobuf::Message& m);
  int Called(absl::StatusOr<std::unique_ptr<google::protobuf::Message>> response);
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> CallJson(const std::string& method,
                                                                      const nlohmann::json& request,
                                                                      const std::string& at = "");

  int Import(const std::vector<std::string>& args);
  int View(const std::string& command, const std::vector<std::string>& args);
  int ImportReturn(const std::vector<std::string>& args);
  int Export(const std::vector<std::string>& args);
  // Writes `bytes` to the --out file and says so, naming `what`.
  int WriteOut(const std::string& bytes, const std::string& what);
  int List(const Resource& r, const std::vector<std::string>& filters, const std::string& at = "");
  int Update(const Resource& r, const std::string& id, const std::string& json);
  int Advance(const std::vector<std::string>& args);
  int Land(const std::vector<std::string>& args);
  int Backup(const std::vector<std::string>& args);
  int Bulletin(const std::vector<std::string>& args);
  int Restore(const std::vector<std::string>& args);
  int WatchReminders(const std::vector<std::string>& args);

  rpc::Rpc& rpc_;
  const std::string token_;
  const CliOptions options_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace district::ctl

#endif  // DISTRICT_TOOLS_DISTRICTCTL_CLI_H_
