// The annual targets (年度目标) that the recruitment and park-metrics services each keep, stored
// the same way in both: kind "target", ids "G…", an index "year" to list a year's targets by.
// What may be updated and how a target is checked are each service's own, as its Target message
// is. Used by the services' stores (the config) and handlers (the method bodies).
//
// Pure functions of their arguments: thread-safe.
#ifndef DISTRICT_COMMON_ANNUAL_TARGETS_H_
#define DISTRICT_COMMON_ANNUAL_TARGETS_H_

#include <functional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/request_log.h"
#include "common/resource_store.h"
#include "common/status.h"
#include "common/validation.h"

namespace district {

template <typename T>
typename ResourceStore<T>::Config AnnualTargetConfig(
    std::vector<std::string> updatable, std::function<absl::Status(const T&)> validate) {
  typename ResourceStore<T>::Config c;
  c.kind = "target";
  c.id_prefix = "G";
  c.updatable = std::move(updatable);
  c.validate = std::move(validate);
  c.indexes["year"] = [](const T& t) { return std::vector<std::string>{absl::StrCat(t.year())}; };
  return c;
}

// The bodies of the four target methods, the same in both services, over the service's store
// (its CreateTarget, ListTargets, UpdateTarget and DeleteTarget) once its handler has checked what
// only it can: CreateTargetCall takes the result of the service's own ValidateTarget.
template <typename Store, typename Request, typename Target>
grpc::Status CreateTargetCall(Store& store, const Request& request, absl::Status checked,
                              Target* response) {
  if (checked.ok()) checked = ValidateRequestId(request.request_id());
  if (!checked.ok()) return ToGrpcStatus(checked);
  return Reply(store.CreateTarget(request), response);
}

template <typename Store, typename Request, typename Response>
grpc::Status ListTargetsCall(const Store& store, const Request& request, Response* response) {
  if (absl::Status s = RequireYear(request.year(), "year"); !s.ok()) return ToGrpcStatus(s);
  auto targets = store.ListTargets(request.year());
  if (!targets.ok()) return ToGrpcStatus(targets.status());
  for (auto& t : *targets) *response->add_targets() = std::move(t);
  return grpc::Status::OK;
}

template <typename Store, typename Request, typename Target>
grpc::Status UpdateTargetCall(Store& store, const Request& request, Target* response) {
  if (absl::Status s = RequireNonEmpty(request.target().id(), "target.id"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store.UpdateTarget(request), response);
}

template <typename Store, typename Request>
grpc::Status DeleteTargetCall(Store& store, const Request& request) {
  if (absl::Status s = RequireNonEmpty(request.id(), "id"); !s.ok()) return ToGrpcStatus(s);
  return ToGrpcStatus(store.DeleteTarget(request.id()));
}

// The targets of `year`, in id order.
template <typename T>
absl::StatusOr<std::vector<T>> TargetsOfYear(const ResourceStore<T>& targets, int year) {
  return targets.All("year", absl::StrCat(year));
}

}  // namespace district

#endif  // DISTRICT_COMMON_ANNUAL_TARGETS_H_
