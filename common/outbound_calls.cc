#include "common/outbound_calls.h"

#include <mutex>
#include <set>

namespace district {
namespace {

struct Tracked {
  std::mutex mu;
  std::set<grpc::ClientContext*> calls;
};

Tracked& All() {
  static auto* tracked = new Tracked();  // never destroyed: callbacks may run during exit
  return *tracked;
}

}  // namespace

void OutboundCalls::Track(grpc::ClientContext* context) {
  std::lock_guard<std::mutex> lock(All().mu);
  All().calls.insert(context);
}

void OutboundCalls::Forget(grpc::ClientContext* context) {
  std::lock_guard<std::mutex> lock(All().mu);
  All().calls.erase(context);
}

void OutboundCalls::CancelAll() {
  std::lock_guard<std::mutex> lock(All().mu);
  for (grpc::ClientContext* context : All().calls) context->TryCancel();
}

}  // namespace district
