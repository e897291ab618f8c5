#include "common/request_log.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/caller.h"
#include "common/errors.h"
#include "common/fingerprint.h"
#include "common/validation.h"

namespace district {
namespace {

std::string DeterministicBytes(const google::protobuf::Message& m) {
  std::string bytes;
  google::protobuf::io::StringOutputStream out(&bytes);
  google::protobuf::io::CodedOutputStream coded(&out);
  coded.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

}  // namespace

RequestLog::RequestLog(absl::string_view method) : prefix_(absl::StrCat("!req/", method, "/")) {}

bool RequestLog::Claim(absl::string_view request_id,
                       absl::FunctionRef<std::function<void()>()> make_retry) {
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, claimed] = claimed_.try_emplace(request_id);
  if (!claimed) it->second.push_back(make_retry());
  return claimed;
}

void RequestLog::Release(absl::string_view request_id) {
  std::vector<std::function<void()>> retries;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = claimed_.find(request_id);
    if (it == claimed_.end()) return;
    retries = std::move(it->second);
    claimed_.erase(it);
  }
  for (auto& retry : retries) retry();
}

std::string RequestLog::Key(absl::string_view request_id) const {
  return absl::StrCat(prefix_, request_id);
}

std::string RequestLog::OfCaller(absl::string_view request_id) {
  if (request_id.empty()) return "";
  const Caller& caller = CurrentCaller();
  const std::string principal = caller.principal != nullptr ? caller.principal->name : "";
  // A principal's name holds no NUL, so no two (principal, id) pairs make the same key.
  return absl::StrCat(principal, std::string(1, '\0'), request_id);
}

// Stored value: these 8 bytes, then the response.
std::string RequestLog::Fingerprint(const google::protobuf::Message& request) {
  const uint64_t fp = Fingerprint64(DeterministicBytes(request));
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(fp >> (8 * i));
  return out;
}

absl::StatusOr<bool> RequestLog::Lookup(const Store& store, absl::string_view request_id,
                                        absl::string_view fingerprint,
                                        google::protobuf::Message* response) const {
  absl::StatusOr<std::string> stored = store.GetRaw(Key(request_id));
  if (absl::IsNotFound(stored.status())) return false;
  if (!stored.ok()) return stored.status();
  if (!absl::StartsWith(*stored, fingerprint)) {
    return FieldError("request_id", "was already used with a different request",
                      "请求编号已用于另一次提交，请刷新后重新提交");
  }
  const absl::string_view bytes = absl::string_view(*stored).substr(fingerprint.size());
  if (!response->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("unparsable stored response for request ", request_id));
  }
  return true;
}

void RequestLog::Record(WriteBatch* batch, absl::string_view request_id,
                        absl::string_view fingerprint, absl::string_view response) const {
  batch->PutRaw(Key(request_id), absl::StrCat(fingerprint, response));
}

absl::Status ValidateRequestId(absl::string_view request_id) {
  return RequireMaxLength(request_id, "request_id", "请求编号", 128);
}

}  // namespace district
