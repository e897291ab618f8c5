// The calls this process has made to other services and not yet heard back from, so that a
// server shutting down can cut them off when its grace ends (common/server.h): a call it serves
// that waits on another service then finishes, CANCELLED, instead of holding the exit up to
// that call's own deadline.
//
// Thread-safe. A tracked context must stay alive until it is forgotten.
#ifndef DISTRICT_COMMON_OUTBOUND_CALLS_H_
#define DISTRICT_COMMON_OUTBOUND_CALLS_H_

#include <grpcpp/grpcpp.h>

namespace district {

class OutboundCalls {
 public:
  // Tracks `context` (of a call about to start) until Forget, which its callback calls first.
  static void Track(grpc::ClientContext* context);
  static void Forget(grpc::ClientContext* context);
  // Cancels every call tracked now.
  static void CancelAll();
};

}  // namespace district

#endif  // DISTRICT_COMMON_OUTBOUND_CALLS_H_
