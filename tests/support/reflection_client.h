// A client that knows nothing of a server's API but what server reflection tells it, as grpcurl:
// it lists the services, fetches the files that define a symbol (file_containing_symbol) and
// their dependencies (file_by_filename), builds descriptors from them alone, and describes a
// symbol or calls a method with a request made from those descriptors.
//
// Not thread-safe; one per test. The channel is shared, not owned.
#ifndef DISTRICT_TESTS_SUPPORT_REFLECTION_CLIENT_H_
#define DISTRICT_TESTS_SUPPORT_REFLECTION_CLIENT_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace district::testing {

class ReflectionClient {
 public:
  explicit ReflectionClient(std::shared_ptr<grpc::Channel> channel);

  // The services the server lists (`grpcurl list`); an error when reflection fails.
  absl::StatusOr<std::vector<std::string>> ListServices();

  // The service named `name`, built from the files the server returns for it and for every file
  // they import. NOT_FOUND when the server cannot describe it (grpcurl's "target server does not
  // expose service"), or when a file it imports cannot be fetched.
  absl::StatusOr<const google::protobuf::ServiceDescriptor*> ResolveService(
      const std::string& name);

  // The file that defines `symbol` (a package-qualified service, method, message, field, enum,
  // enum value or extension), built from the files the server returns for it and every file they
  // import, with the comments and options the server sent: what `grpcurl describe SYMBOL` prints
  // from. NOT_FOUND as for ResolveService.
  absl::StatusOr<const google::protobuf::FileDescriptor*> DescribeSymbol(const std::string& symbol);

  // What the descriptors above are built in.
  const google::protobuf::DescriptorPool& pool() const { return pool_; }

  // Calls the unary `method` with `request_json` (protobuf JSON of its input type, "{}" for an
  // empty request), as `grpcurl -d REQUEST_JSON ADDRESS SERVICE/METHOD`. Returns the call's status
  // and, when it is OK, the response decoded with the output type and printed as JSON.
  grpc::Status Call(const google::protobuf::MethodDescriptor* method,
                    const std::string& request_json, std::string* response_json);

  // Sends `request` as the bytes of a unary call to `path` ("/package.Service/Method") and
  // returns the call's status and, when it is OK, the response's bytes.
  grpc::Status CallBytes(const std::string& path, const std::string& request, std::string* reply);

 private:
  // One request on a new reflection stream; the response's file descriptors go into files_.
  absl::Status Fetch(bool by_symbol, const std::string& what);
  // Adds `file` to pool_ after its dependencies, fetching any not yet received.
  absl::Status Build(const std::string& file, int depth);

  std::shared_ptr<grpc::Channel> channel_;
  std::map<std::string, google::protobuf::FileDescriptorProto> files_;  // by file name
  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_{&pool_};
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_REFLECTION_CLIENT_H_
