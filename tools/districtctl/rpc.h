// Calls any method of the suite by its full name, with requests and responses as JSON: the
// generated descriptors give the message types, gRPC's generic stub carries the bytes. Like
// grpcurl, but with the suite's protos built in.
#ifndef DISTRICT_TOOLS_DISTRICTCTL_RPC_H_
#define DISTRICT_TOOLS_DISTRICTCTL_RPC_H_

#include <chrono>
#include <memory>
#include <string>

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace district::ctl {

// Where the suite's services are.
struct Addresses {
  std::string project, recruitment, parks, aggregator;
};

class Rpc {
 public:
  // `token`, when set, is sent as "authorization: Bearer <token>" on every call.
  Rpc(Addresses addresses, std::chrono::milliseconds timeout, std::string token = "",
      std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials());

  // A new, empty request message for `method` ("district.project.v1.ProjectService.GetProject").
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> NewRequest(
      const std::string& method) const;

  // Calls `method` with `request`; the response is of the method's output type. Errors name the
  // service and its address: "project service (127.0.0.1:50051): INVALID_ARGUMENT: ...".
  // A service that every domain server hosts (the audit trail) is called on the server named by
  // `at`: "project", "recruitment" or "parks".
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Call(
      const std::string& method, const google::protobuf::Message& request,
      const std::string& at = "");

  // Call with the request given as JSON.
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> CallJson(const std::string& method,
                                                                      const std::string& json,
                                                                      const std::string& at = "");

 private:
  // The server's short name ("project") and address for a full method name, or for `at`.
  absl::StatusOr<std::pair<std::string, std::string>> Target(const std::string& method,
                                                             const std::string& at) const;

  const Addresses addresses_;
  const std::chrono::milliseconds timeout_;
  const std::string token_;
  const std::shared_ptr<grpc::ChannelCredentials> credentials_;
};

std::string ToJson(const google::protobuf::Message& message);
absl::Status FromJson(const std::string& json, google::protobuf::Message* message);

}  // namespace district::ctl

#endif  // DISTRICT_TOOLS_DISTRICTCTL_RPC_H_
