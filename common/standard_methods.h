// The handler bodies of the standard methods (AIP-131..135) over a ResourceStore, written once:
// check the request, call the store, map the result. A service's handler for, say, GetPark is
//   return GetResource(store_->parks(), request->id(), response);
#ifndef DISTRICT_COMMON_STANDARD_METHODS_H_
#define DISTRICT_COMMON_STANDARD_METHODS_H_

#include <functional>
#include <string>

#include <google/protobuf/field_mask.pb.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "common/request_log.h"
#include "common/resource_store.h"
#include "common/status.h"
#include "common/validation.h"

namespace district {

// Create: `resource` must pass `validate`; `request` (with its request_id) makes retries safe.
template <typename T, typename Request>
grpc::Status CreateResource(ResourceStore<T>& store, const T& resource, const Request& request,
                            const std::function<absl::Status(const T&)>& validate, T* response) {
  absl::Status s = validate(resource);
  if (s.ok()) s = ValidateRequestId(request.request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store.Create(resource, request.request_id(), request), response);
}

template <typename T>
grpc::Status GetResource(const ResourceStore<T>& store, const std::string& id, T* response) {
  if (absl::Status s = RequireNonEmpty(id, "id"); !s.ok()) return ToGrpcStatus(s);
  return Reply(store.Get(id), response);
}

// Update: `patch` carries the id; `field` names it in the request ("park" for park.id).
template <typename T>
grpc::Status UpdateResource(ResourceStore<T>& store, const T& patch,
                            const google::protobuf::FieldMask& mask, const std::string& etag,
                            const std::string& field, T* response) {
  if (absl::Status s = RequireNonEmpty(patch.id(), field + ".id"); !s.ok()) return ToGrpcStatus(s);
  return Reply(store.Update(patch, mask, etag), response);
}

template <typename T>
grpc::Status DeleteResource(ResourceStore<T>& store, const std::string& id,
                            const std::string& etag) {
  if (absl::Status s = RequireNonEmpty(id, "id"); !s.ok()) return ToGrpcStatus(s);
  return ToGrpcStatus(store.Delete(id, etag));
}

// The resource config of a service's annual targets, the same wherever targets are kept: kind
// "target", ids "G…", an index "year" that ListByYear reads. What may be updated and how a target
// is checked are the service's own, as its Target message is.
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

// A year's resources from the store's "year" index (targets), into a response's repeated field.
template <typename T>
grpc::Status ListByYear(const ResourceStore<T>& store, int year,
                        google::protobuf::RepeatedPtrField<T>* out) {
  if (absl::Status s = RequireYear(year, "year"); !s.ok()) return ToGrpcStatus(s);
  auto all = store.All("year", absl::StrCat(year));
  if (!all.ok()) return ToGrpcStatus(all.status());
  for (T& item : *all) *out->Add() = std::move(item);
  return grpc::Status::OK;
}

}  // namespace district

#endif  // DISTRICT_COMMON_STANDARD_METHODS_H_
