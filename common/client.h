// Calls from one service to another: deadlines propagated from the incoming call, capped.
//
// Thread-safe: channels may be shared by any number of calls.
#ifndef DISTRICT_COMMON_CLIENT_H_
#define DISTRICT_COMMON_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"
#include "common/server.h"
#include "common/tls.h"

namespace district {

// Gives `out` the deadline of the incoming call `in` (when it has one), but at most `cap` from now,
// so that a backend call never outlives its caller's patience nor waits forever.
inline void PropagateDeadline(const grpc::ServerContextBase& in, grpc::ClientContext* out,
                              absl::Duration cap) {
  const auto capped = std::chrono::system_clock::now() + absl::ToChronoMilliseconds(cap);
  out->set_deadline(std::min(in.deadline(), capped));
}

// A channel to another service of the suite, with the process's service credentials (tls.h) and
// the suite's message size limit (server.h). Reconnects quickly after the other side restarts
// (backoff from 100 ms up to 2 s, instead of gRPC's default of up to 2 minutes), so that a service
// that comes back is used again within seconds, even at a new address: DNS is asked again at most
// every second when a connection fails (not every 30 s), and an attempt to reach an address where
// nothing answers any more gives up after 5 s (not gRPC's 20 s; gRPC takes the minimum reconnect
// backoff as the least time an attempt is given, and a TLS handshake with a loaded server needs
// far less than 5 s).
//
// Every call on it is observed like the calls a server serves (common/observed_call.h), with the
// client-side metrics of go-grpc-prometheus, by the called service and method:
//   grpc_client_started_total, grpc_client_handled_total{...,grpc_code},
//   grpc_client_handling_seconds (histogram)
std::shared_ptr<grpc::Channel> CreateServiceChannel(const std::string& address);

// Sends `request_id` (the served call's, CurrentCaller().x_request_id: take it on the thread that
// serves the call) as the outgoing call's "x-request-id", so that one id follows a request across
// services (common/observed_call.h). Nothing when it is empty.
inline void AttachRequestId(grpc::ClientContext* out, const std::string& request_id) {
  if (!request_id.empty()) out->AddMetadata("x-request-id", request_id);
}

}  // namespace district

#endif  // DISTRICT_COMMON_CLIENT_H_
