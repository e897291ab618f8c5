// Safe retries of creates (AIP-155): a create carrying a request_id stores its response under that
// id in the same write batch; a retry with the same request_id gets the stored response back.
#ifndef DISTRICT_COMMON_REQUEST_LOG_H_
#define DISTRICT_COMMON_REQUEST_LOG_H_

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/store.h"

namespace district {

// Thread-safe. The Store given to Lookup and Record is not owned.
class RequestLog {
 public:
  // `method` separates the request ids of different methods ("CreateProject").
  explicit RequestLog(absl::string_view method);

  // Claims `request_id` from Lookup until the batch with its Record is written (Release), so
  // that two concurrent calls with one request_id create one record. When another call holds the
  // claim, returns false and keeps the retry that `make_retry` makes, to run when that call
  // releases it: by then its record answers the retry's Lookup. (A maker, so that the usual call,
  // which finds no claim, copies nothing.)
  bool Claim(absl::string_view request_id, absl::FunctionRef<std::function<void()>()> make_retry);
  void Release(absl::string_view request_id);

  // `request_id` as the current caller's own (its principal's name and the id); "" stays "".
  static std::string OfCaller(absl::string_view request_id);

  // What identifies a request, to tell a retry from another request with the same request_id.
  static std::string Fingerprint(const google::protobuf::Message& request);

  // True and fills `response` when `request_id` was seen. INVALID_ARGUMENT naming request_id when
  // it was seen with a different request (`fingerprint`).
  absl::StatusOr<bool> Lookup(const Store& store, absl::string_view request_id,
                              absl::string_view fingerprint,
                              google::protobuf::Message* response) const;

  // Records the response (serialized) to the request with `fingerprint`.
  void Record(WriteBatch* batch, absl::string_view request_id, absl::string_view fingerprint,
              absl::string_view response) const;

 private:
  std::string Key(absl::string_view request_id) const;

  const std::string prefix_;
  std::mutex mu_;
  absl::flat_hash_map<std::string, std::vector<std::function<void()>>> claimed_;  // -> retries
};

// Checks a client's request_id: empty (no retry safety) or at most 128 bytes.
absl::Status ValidateRequestId(absl::string_view request_id);

}  // namespace district

#endif  // DISTRICT_COMMON_REQUEST_LOG_H_
