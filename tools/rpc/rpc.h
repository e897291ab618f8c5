// Calls any method of the suite by its full name, with requests and responses as protobuf
// messages or their JSON: the generated descriptors give the message types, gRPC's generic stub
// carries the bytes. Like grpcurl, but with the suite's protos built in. Used by districtctl and by
// the web service, which forwards its JSON API through it.
//
// Thread-safe: one Rpc serves concurrent calls; its channels are made once and shared.
#ifndef DISTRICT_TOOLS_RPC_RPC_H_
#define DISTRICT_TOOLS_RPC_RPC_H_

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace district::rpc {

// Where the suite's servers are, by name: {"project", "127.0.0.1:50051"}, ... A server's name is
// the second part of its contracts' package (district.<name>.v1), so a method goes to the server
// its package names and nothing lists which server keeps which method: a new service is one more
// entry here. The audit and admin services (district.audit, district.admin) are hosted by every
// domain server; their calls say which with `at`.
using Addresses = std::map<std::string, std::string>;

// What a call carries besides its request.
struct Caller {
  std::string token;       // sent as "authorization: Bearer <token>" when set
  std::string request_id;  // sent as "x-request-id" when set
};

// A call's outcome as the service gave it: its status, and its response when OK.
struct Reply {
  grpc::Status status;
  std::unique_ptr<google::protobuf::Message> response;
};

class Rpc {
 public:
  // `token`, when set, is the Caller of Call and CallJson.
  Rpc(Addresses addresses, std::chrono::milliseconds timeout, std::string token = "",
      std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials());

  // The method ("district.project.v1.ProjectService.GetProject"), or nullptr when the suite has
  // none of that name.
  static const google::protobuf::MethodDescriptor* FindMethod(const std::string& method);

  // A new, empty request message for `method`.
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> NewRequest(
      const std::string& method) const;

  // Calls `method` with `request` as `caller`; the status is the service's own, untouched
  // (UNIMPLEMENTED for a method the suite does not have, INVALID_ARGUMENT for a service hosted
  // by every domain server, the audit trail, when `at` does not say which, and for a package no
  // server of `Addresses` is named after). A service that every domain server hosts is called on
  // the server named by `at` ("project", "recruitment", "parks", ...).
  Reply CallAs(const std::string& method, const google::protobuf::Message& request,
               const Caller& caller, const std::string& at = "") const;

  // Calls `method` with this Rpc's token. Errors name the service and its address:
  // "project service (127.0.0.1:50051): INVALID_ARGUMENT: ...".
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Call(
      const std::string& method, const google::protobuf::Message& request,
      const std::string& at = "") const;

  // The channel to the server `at` ("project", "recruitment", "parks"), e.g. for a stream; null
  // for another name.
  std::shared_ptr<grpc::Channel> ChannelTo(const std::string& at) const;
  const std::string& token() const { return token_; }

  // `status`, as the server `at` ("project", ...) gave it, named as Call names a service's error
  // (for a call made outside Call, e.g. a stream).
  absl::Status ServerStatus(const std::string& at, const grpc::Status& status) const;

  // Call with the request given as JSON.
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> CallJson(
      const std::string& method, const std::string& json, const std::string& at = "") const;

 private:
  // The server's name ("project") and address for a full method name (by its package), or for
  // `at`.
  absl::StatusOr<std::pair<std::string, std::string>> Target(const std::string& method,
                                                             const std::string& at) const;

  // "project service (127.0.0.1:50051): INVALID_ARGUMENT: ..." for `status`, with its details.
  static absl::Status Named(const std::string& service, const std::string& address,
                            const grpc::Status& status);

  const Addresses addresses_;
  const std::chrono::milliseconds timeout_;
  const std::string token_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;  // by address; fixed at birth
};

// The protobuf JSON mapping of `message`, indented, with the protos' field names.
std::string ToJson(const google::protobuf::Message& message);
// Parses JSON into `message`; INVALID_ARGUMENT naming the message type when it does not fit.
absl::Status FromJson(const std::string& json, google::protobuf::Message* message);

}  // namespace district::rpc

#endif  // DISTRICT_TOOLS_RPC_RPC_H_
