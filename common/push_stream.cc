#include "common/push_stream.h"

#include <set>

namespace district {
namespace {

struct Open {
  std::mutex mu;
  std::set<OpenStream*> streams;
};

Open& All() {
  static auto* open = new Open();  // never destroyed: streams may end during exit
  return *open;
}

}  // namespace

void OpenStream::Register() {
  std::lock_guard<std::mutex> lock(All().mu);
  All().streams.insert(this);
}

void OpenStream::Unregister() {
  std::lock_guard<std::mutex> lock(All().mu);
  All().streams.erase(this);
}

// Ending never deletes a stream on this thread (gRPC calls OnDone, which unregisters it, from its
// own), so the set may be walked under its lock.
void OpenStream::EndAll(const grpc::Status& status) {
  std::lock_guard<std::mutex> lock(All().mu);
  for (OpenStream* stream : All().streams) stream->End(status);
}

}  // namespace district
