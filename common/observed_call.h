// What the suite records of every call its services serve, in one place (the handler wrappers of
// common/handlers.h make one ObservedCall per call): the counters and latency histogram of
// go-grpc-prometheus, so that the dashboards and alerts written for it work unchanged,
//   grpc_server_started_total{grpc_service,grpc_method,grpc_type}
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_type,grpc_code}
//   grpc_server_handling_seconds{grpc_service,grpc_method,grpc_type}   (histogram)
// with grpc_code named as Go's codes.Code ("OK", "InvalidArgument", ...); the call's request id;
// and one log line per call (common/log.h): method, code, latency, principal, request id, peer,
// and the error's message when it failed.
//
// The request id is the caller's "x-request-id" metadata when it is a sensible one (1 to 128
// printable ASCII characters), else one made here; it is passed on by every call this process
// makes for the call to another service (see common/client.h), so one id finds one request in
// every service's log. It is not sent back: a client that wants to find its calls sends its own
// (a header on every response cost the hot path more than the rest of the observation).
//
// Thread-safety: RpcMethod is immutable once made; an ObservedCall belongs to its call and is
// finished once, from any thread.
#ifndef DISTRICT_COMMON_OBSERVED_CALL_H_
#define DISTRICT_COMMON_OBSERVED_CALL_H_

#include <array>
#include <chrono>
#include <string>

#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>

#include "common/caller.h"
#include "common/metrics.h"

namespace district {

// One method's metrics on one side of its calls, named as go-grpc-prometheus names them:
// grpc_<side>_started_total, grpc_<side>_handled_total{grpc_code}, grpc_<side>_handling_seconds.
struct RpcMetrics {
  enum class Side { kServer, kClient };
  // Registered in Metrics() for `service` and `method` of `type` (grpc_type: "unary",
  // "server_stream"); call once per method and keep.
  static RpcMetrics For(Side side, const std::string& service, const std::string& method,
                        const char* type = kUnary);
  static constexpr const char* kUnary = "unary";
  static constexpr const char* kServerStream = "server_stream";

  // Counts a call finished with `code` after `seconds`.
  void Finished(grpc::StatusCode code, double seconds) const;

  Counter* started;
  std::array<Counter*, 17> handled;  // by grpc::StatusCode
  Histogram* seconds;
};

// One RPC method's names, the role its contract asks of callers, and its server-side metrics.
struct RpcMethod {
  std::string service;  // "district.project.v1.ProjectService"
  std::string method;   // "GetProject"
  std::string path;     // "district.project.v1.ProjectService/GetProject", as logged
  // The least role a caller must hold: the method's (district.api.v1.required_role) in its
  // contract (common/registry.h), which the handler wrappers check. A method whose contract names
  // none is kept to admins (and tests/common/registry_test.cc fails on it).
  Role role;
  RpcMetrics metrics;
};

// The method `method` whose request type is `request` (its service found in the request's proto
// file), of grpc_type `type`, made on first use and kept for the life of the process.
const RpcMethod* RpcMethodOf(const google::protobuf::Descriptor* request, const char* method,
                             const char* type = RpcMetrics::kUnary);

// Go's name of a gRPC status code ("OK", "NotFound", ...), as go-grpc-prometheus labels it.
const char* GoCodeName(grpc::StatusCode code);

// Whether each call's log line is written (--log_calls; off unless set, as in a test that serves in
// process). Call in main, before serving.
void SetLogCalls(bool on);
bool LogCalls();

// A call from its arrival at its handler to its status.
class ObservedCall {
 public:
  // Counts the call as started and takes or makes its request id.
  ObservedCall(const RpcMethod* method, grpc::CallbackServerContext* context);

  const std::string& request_id() const { return request_id_; }
  const char* method_name() const { return method_->method.c_str(); }  // "GetProject"

  // Counts the call as handled with `status`, observes its latency and writes its log line.
  // `principal` is who made it ("" before authentication).
  void Finished(const grpc::Status& status, const std::string& principal);

 private:
  const RpcMethod* const method_;
  grpc::CallbackServerContext* const context_;
  const std::chrono::steady_clock::time_point start_;
  std::string request_id_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_OBSERVED_CALL_H_
