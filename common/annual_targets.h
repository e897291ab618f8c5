// The annual targets (年度目标) that the recruitment and park-metrics services each keep, stored
// the same way in both: kind "target", ids "G…", an index "year" to list a year's targets by.
// What may be updated and how a target is checked are each service's own, as its Target message
// is. A service's store owns its AnnualTargets; its handlers run the method bodies below over it.
#ifndef DISTRICT_COMMON_ANNUAL_TARGETS_H_
#define DISTRICT_COMMON_ANNUAL_TARGETS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/list_page.h"
#include "common/request_log.h"
#include "common/resource_store.h"
#include "common/status.h"
#include "common/validation.h"

namespace district {

// A service's annual targets, over their own ResourceStore. Thread-safe; the Store is not owned.
// Errors: those of ResourceStore (NOT_FOUND, ABORTED on a stale etag, INVALID_ARGUMENT from the
// service's validate).
template <typename T>
class AnnualTargets {
 public:
  // `updatable`: the paths an update_mask may name; `validate`: the service's check of a target.
  static absl::StatusOr<std::unique_ptr<AnnualTargets>> Open(
      Store* store, std::vector<std::string> updatable,
      std::function<absl::Status(const T&)> validate) {
    typename ResourceStore<T>::Config c;
    c.kind = "target";
    c.label = "年度目标";
    c.id_prefix = "G";
    c.updatable = std::move(updatable);
    c.validate = std::move(validate);
    c.indexes["year"] = [](const T& t) { return std::vector<std::string>{absl::StrCat(t.year())}; };
    auto targets = ResourceStore<T>::Open(store, std::move(c));
    if (!targets.ok()) return targets.status();
    return std::unique_ptr<AnnualTargets>(new AnnualTargets(*std::move(targets)));
  }

  template <typename CreateRequest>
  absl::StatusOr<T> Create(const CreateRequest& request) {
    return targets_->Create(request.target(), request.request_id(), request);
  }
  // The targets of `year`, in id order.
  absl::StatusOr<std::vector<T>> OfYear(int year) const {
    return targets_->All("year", absl::StrCat(year));
  }
  template <typename UpdateRequest>
  absl::StatusOr<T> Update(const UpdateRequest& request) {
    return targets_->Update(request.target(), request.update_mask(),
                            DeprecatedRequestEtag(request));
  }
  absl::Status Delete(absl::string_view id) { return targets_->Delete(id, ""); }

 private:
  explicit AnnualTargets(std::unique_ptr<ResourceStore<T>> targets)
      : targets_(std::move(targets)) {}

  const std::unique_ptr<ResourceStore<T>> targets_;
};

// The bodies of the four target methods, the same in both services, once the handler has checked
// what only it can: CreateTargetCall takes the result of the service's own ValidateTarget.
template <typename T, typename Request>
grpc::Status CreateTargetCall(AnnualTargets<T>& targets, const Request& request,
                              absl::Status checked, T* response) {
  if (checked.ok()) checked = ValidateRequestId(request.request_id());
  if (!checked.ok()) return ToGrpcStatus(checked);
  return Reply(targets.Create(request), response);
}

template <typename T, typename Request, typename Response>
grpc::Status ListTargetsCall(const AnnualTargets<T>& targets, const Request& request,
                             Response* response) {
  if (absl::Status s = RequireYear(request.year(), "year", "年份"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  auto of_year = targets.OfYear(request.year());
  if (!of_year.ok()) return ToGrpcStatus(of_year.status());
  // In id order, as the store lists them.
  absl::StatusOr<ListPage<T>> page =
      PageOf<T>(*std::move(of_year), request, request.page_size(), request.page_token(),
                [](const T& t) { return t.id(); });
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_targets(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

template <typename T, typename Request>
grpc::Status UpdateTargetCall(AnnualTargets<T>& targets, const Request& request, T* response) {
  if (absl::Status s = RequireNonEmpty(request.target().id(), "target.id", "目标编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(targets.Update(request), response);
}

template <typename T, typename Request>
grpc::Status DeleteTargetCall(AnnualTargets<T>& targets, const Request& request) {
  if (absl::Status s = RequireNonEmpty(request.id(), "id", "编号"); !s.ok()) return ToGrpcStatus(s);
  return ToGrpcStatus(targets.Delete(request.id()));
}

}  // namespace district

#endif  // DISTRICT_COMMON_ANNUAL_TARGETS_H_
