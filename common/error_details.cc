#include "common/error_details.h"

#include <string>

#include "absl/strings/cord.h"

namespace district {
namespace {

template <typename T>
std::optional<T> Detail(const absl::Status& status, absl::string_view type_url) {
  const auto payload = status.GetPayload(type_url);  // absl::optional<absl::Cord>
  if (!payload.has_value()) return std::nullopt;
  T detail;
  if (!detail.ParseFromString(std::string(*payload))) return std::nullopt;
  return detail;
}

}  // namespace

std::optional<google::rpc::BadRequest> BadRequestOf(const absl::Status& status) {
  return Detail<google::rpc::BadRequest>(status, kBadRequestType);
}

std::optional<google::rpc::LocalizedMessage> LocalizedMessageOf(const absl::Status& status) {
  return Detail<google::rpc::LocalizedMessage>(status, kLocalizedMessageType);
}

std::string FirstViolatedField(const absl::Status& status) {
  std::optional<google::rpc::BadRequest> bad_request = BadRequestOf(status);
  if (!bad_request.has_value() || bad_request->field_violations().empty()) return "";
  return bad_request->field_violations(0).field();
}

absl::Status WithMessage(const absl::Status& status, absl::string_view message) {
  if (status.ok()) return status;
  absl::Status out(status.code(), message);
  status.ForEachPayload([&out](absl::string_view type_url, const absl::Cord& payload) {
    out.SetPayload(type_url, payload);
  });
  return out;
}

}  // namespace district
