#include "common/observed_call.h"

#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#include <grpc/grpc.h>
#include <grpc/support/alloc.h>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/registry.h"

namespace district {
namespace {

// Off until a server's main sets it from --log_calls (on by default there): a test that serves in
// process writes no call lines.
std::atomic<bool> g_log_calls{false};

// The method named `method` among those of the services defined in `request`'s file; null when
// there is none.
const google::protobuf::MethodDescriptor* MethodOf(const google::protobuf::Descriptor* request,
                                                   const char* method) {
  const google::protobuf::FileDescriptor* file = request->file();
  for (int i = 0; i < file->service_count(); ++i) {
    if (const auto* m = file->service(i)->FindMethodByName(method)) return m;
  }
  return nullptr;
}

// The role the contract asks of `method`'s callers; admin when it names none (or there is no such
// method): a method left out of the contract is closed rather than open.
Role RoleOf(const google::protobuf::MethodDescriptor* method) {
  switch (method == nullptr ? api::v1::ROLE_UNSPECIFIED : ApiRegistry::RoleOf(method)) {
    case api::v1::ROLE_VIEWER:
      return Role::kViewer;
    case api::v1::ROLE_EDITOR:
      return Role::kEditor;
    case api::v1::ROLE_REVIEWER:
      return Role::kReviewer;
    case api::v1::ROLE_ADMIN:
      return Role::kAdmin;
    case api::v1::ROLE_ANYONE:
      return Role::kAnyone;
    default:
      LogError(absl::StrCat("method ", method == nullptr ? "?" : method->full_name(),
                            " names no role in its contract: kept to admins"));
      return Role::kAdmin;
  }
}

RpcMethod* MakeRpcMethod(const google::protobuf::MethodDescriptor* descriptor,
                         const std::string& service, const std::string& method, const char* type) {
  return new RpcMethod{service, method, absl::StrCat(service, "/", method), RoleOf(descriptor),
                       RpcMetrics::For(RpcMetrics::Side::kServer, service, method, type)};
}

}  // namespace

const RpcMethod* RpcMethodOf(const google::protobuf::Descriptor* request, const char* method,
                             const char* type) {
  static std::mutex mu;
  static auto* made = new std::map<std::pair<std::string, std::string>, RpcMethod*>;
  const google::protobuf::MethodDescriptor* descriptor = MethodOf(request, method);
  std::string service = descriptor == nullptr ? "unknown" : descriptor->service()->full_name();
  std::lock_guard<std::mutex> lock(mu);
  RpcMethod*& slot = (*made)[{service, method}];
  if (slot == nullptr) slot = MakeRpcMethod(descriptor, service, method, type);
  return slot;
}

RpcMetrics RpcMetrics::For(Side side, const std::string& service, const std::string& method,
                           const char* type) {
  const bool server = side == Side::kServer;
  const std::string prefix = server ? "grpc_server_" : "grpc_client_";
  const Labels labels = {{"grpc_method", method}, {"grpc_service", service}, {"grpc_type", type}};
  RpcMetrics m;
  m.started = Metrics().GetCounter(prefix + "started_total",
                                   server ? "Total number of RPCs started on the server."
                                          : "Total number of RPCs started on the client.",
                                   labels);
  for (int code = 0; code < 17; ++code) {
    Labels with_code = labels;
    with_code.insert(with_code.begin(),
                     {"grpc_code", GoCodeName(static_cast<grpc::StatusCode>(code))});
    m.handled[code] = Metrics().GetCounter(
        prefix + "handled_total",
        server ? "Total number of RPCs completed on the server, regardless of success or failure."
               : "Total number of RPCs completed by the client, regardless of success or failure.",
        with_code);
  }
  m.seconds = Metrics().GetHistogram(
      prefix + "handling_seconds",
      server ? "Histogram of response latency (seconds) of gRPC that had been application-level "
               "handled by the server."
             : "Histogram of response latency (seconds) of the gRPC until it is finished by the "
               "application.",
      labels, LatencyBuckets());
  return m;
}

void RpcMetrics::Finished(grpc::StatusCode code, double elapsed) const {
  const int index = static_cast<int>(code);
  handled[index >= 0 && index < 17 ? index : grpc::StatusCode::UNKNOWN]->Increment();
  seconds->Observe(elapsed);
}

const char* GoCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : "Unknown";
}

void SetLogCalls(bool on) { g_log_calls.store(on, std::memory_order_relaxed); }

bool LogCalls() { return g_log_calls.load(std::memory_order_relaxed); }

ObservedCall::ObservedCall(const RpcMethod* method, grpc::CallbackServerContext* context)
    : method_(method), context_(context), start_(std::chrono::steady_clock::now()) {
  method_->metrics.started->Increment();
  const auto& metadata = context->client_metadata();
  if (auto it = metadata.find("x-request-id"); it != metadata.end()) {
    const absl::string_view given(it->second.data(), it->second.size());
    if (IsSensibleRequestId(given)) request_id_ = std::string(given);
  }
  if (request_id_.empty()) request_id_ = NewRequestId();
}

void ObservedCall::Finished(const grpc::Status& status, const std::string& principal) {
  const absl::Duration latency = absl::FromChrono(std::chrono::steady_clock::now() - start_);
  method_->metrics.Finished(status.error_code(), absl::ToDoubleSeconds(latency));
  if (!LogCalls()) return;
  // The peer as gRPC's C API gives it (ServerContext::peer() copies it once more).
  std::unique_ptr<char, void (*)(void*)> peer(grpc_call_get_peer(context_->c_call()), gpr_free);
  const std::string error = status.error_message();  // returned by value: kept for the view
  const char* code_name = GoCodeName(status.error_code());
  const LogField fields[] = {LogField::Plain("event", "call"),
                             LogField::Plain("method", method_->path),
                             LogField::Plain("code", code_name),
                             {"latency_ms", latency},
                             {"principal", principal},
                             {"request_id", request_id_},
                             {"peer", peer != nullptr ? peer.get() : "unknown"},
                             {"error", error}};
  // "GetProject OK", made on the stack: a line is written for every call. A method name too long
  // for it is cut, never the code (Go's code names are under 20 characters).
  char message[128];
  const size_t code_size = std::strlen(code_name);
  const absl::string_view name =
      absl::string_view(method_->method).substr(0, sizeof message - 1 - code_size);
  std::memcpy(message, name.data(), name.size());
  message[name.size()] = ' ';
  std::memcpy(message + name.size() + 1, code_name, code_size);
  // The error's message only when there is one.
  LogInfo(absl::string_view(message, name.size() + 1 + code_size),
          absl::MakeConstSpan(fields, status.ok() ? 7 : 8));
}

}  // namespace district
