#include "services/parks/parks_service.h"

#include "absl/strings/str_cat.h"
#include "common/annual_targets.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/request_log.h"
#include "common/status.h"
#include "common/validation.h"
#include "services/parks/parks_stats.h"
#include "services/parks/parks_validation.h"

namespace district::parks {

absl::StatusOr<std::unique_ptr<ParkMetricsServiceImpl>> ParkMetricsServiceImpl::Open(Store* store) {
  absl::StatusOr<std::unique_ptr<ParksStore>> parks = ParksStore::Open(store);
  if (!parks.ok()) return parks.status();
  return std::make_unique<ParkMetricsServiceImpl>(*std::move(parks));
}

ParkMetricsServiceImpl::ParkMetricsServiceImpl(std::unique_ptr<ParksStore> store)
    : store_(std::move(store)) {}

grpc::Status ParkMetricsServiceImpl::DoCreatePark(Context*, const v1::CreateParkRequest* request,
                                                  v1::Park* response) {
  absl::Status s = ValidatePark(request->park());
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->CreatePark(*request), response);
}

grpc::Status ParkMetricsServiceImpl::DoGetPark(Context*, const v1::GetParkRequest* request,
                                               v1::Park* response) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->GetPark(request->id()), response);
}

grpc::Status ParkMetricsServiceImpl::DoListParks(Context*, const v1::ListParksRequest* request,
                                                 v1::ListParksResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  absl::Status s = page_size.status();
  if (s.ok()) s = RequireEnum(request->kind(), v1::ParkKind_IsValid, "kind", "园区类型", true);
  if (!s.ok()) return ToGrpcStatus(s);
  auto page = store_->ListParks(*request, *page_size);
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_parks(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status ParkMetricsServiceImpl::DoUpdatePark(Context*, const v1::UpdateParkRequest* request,
                                                  v1::Park* response) {
  if (absl::Status s = RequireNonEmpty(request->park().id(), "park.id", "园区编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->UpdatePark(*request), response);
}

grpc::Status ParkMetricsServiceImpl::DoDeletePark(Context*, const v1::DeleteParkRequest* request,
                                                  Empty*) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return ToGrpcStatus(store_->DeletePark(request->id(), request->etag()));
}

grpc::Status ParkMetricsServiceImpl::DoCreateBuilding(Context*,
                                                      const v1::CreateBuildingRequest* request,
                                                      v1::Building* response) {
  absl::Status s = ValidateBuilding(request->building());
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->CreateBuilding(*request), response);
}

grpc::Status ParkMetricsServiceImpl::DoGetBuilding(Context*, const v1::GetBuildingRequest* request,
                                                   v1::Building* response) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->GetBuilding(request->id()), response);
}

grpc::Status ParkMetricsServiceImpl::DoListBuildings(Context*,
                                                     const v1::ListBuildingsRequest* request,
                                                     v1::ListBuildingsResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  absl::Status s = page_size.status();
  if (s.ok()) {
    s = RequireEnum(request->status(), v1::BuildingStatus_IsValid, "status", "楼宇状态", true);
  }
  if (!s.ok()) return ToGrpcStatus(s);
  auto page = store_->ListBuildings(*request, *page_size);
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_buildings(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status ParkMetricsServiceImpl::DoUpdateBuilding(Context*,
                                                      const v1::UpdateBuildingRequest* request,
                                                      v1::Building* response) {
  if (absl::Status s = RequireNonEmpty(request->building().id(), "building.id", "楼宇编号");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->UpdateBuilding(*request), response);
}

grpc::Status ParkMetricsServiceImpl::DoDeleteBuilding(Context*,
                                                      const v1::DeleteBuildingRequest* request,
                                                      Empty*) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return ToGrpcStatus(store_->DeleteBuilding(request->id(), request->etag()));
}

grpc::Status ParkMetricsServiceImpl::DoCreateEnterprise(Context*,
                                                        const v1::CreateEnterpriseRequest* request,
                                                        v1::Enterprise* response) {
  absl::Status s = ValidateEnterprise(request->enterprise());
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->CreateEnterprise(*request), response);
}

grpc::Status ParkMetricsServiceImpl::DoGetEnterprise(Context*,
                                                     const v1::GetEnterpriseRequest* request,
                                                     v1::Enterprise* response) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->GetEnterprise(request->id()), response);
}

grpc::Status ParkMetricsServiceImpl::DoListEnterprises(Context*,
                                                       const v1::ListEnterprisesRequest* request,
                                                       v1::ListEnterprisesResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  absl::Status s = FirstError({
      page_size.status(),
      RequireEnum(request->kind(), v1::EnterpriseKind_IsValid, "kind", "企业类型", true),
      request->settled_year() == 0
          ? absl::OkStatus()
          : RequireYear(request->settled_year(), "settled_year", "落户年份"),
  });
  if (!s.ok()) return ToGrpcStatus(s);
  auto page = store_->ListEnterprises(*request, *page_size);
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_enterprises(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status ParkMetricsServiceImpl::DoUpdateEnterprise(Context*,
                                                        const v1::UpdateEnterpriseRequest* request,
                                                        v1::Enterprise* response) {
  if (absl::Status s = RequireNonEmpty(request->enterprise().id(), "enterprise.id", "企业编号");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->UpdateEnterprise(*request), response);
}

grpc::Status ParkMetricsServiceImpl::DoDeleteEnterprise(Context*,
                                                        const v1::DeleteEnterpriseRequest* request,
                                                        Empty*) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return ToGrpcStatus(store_->DeleteEnterprise(request->id(), request->etag()));
}

grpc::Status ParkMetricsServiceImpl::DoRecordMetrics(Context*,
                                                     const v1::RecordMetricsRequest* request,
                                                     v1::BuildingMonth* response) {
  if (absl::Status s = ValidateBuildingMonth(request->metrics(), "metrics"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  if (absl::Status s = store_->RecordMetrics({request->metrics()}); !s.ok()) {
    return ToGrpcStatus(s);
  }
  *response = request->metrics();
  return grpc::Status::OK;
}

grpc::Status ParkMetricsServiceImpl::DoBatchRecordMetrics(
    Context*, const v1::BatchRecordMetricsRequest* request,
    v1::BatchRecordMetricsResponse* response) {
  if (absl::Status s = ValidateMetricsBatch(*request); !s.ok()) return ToGrpcStatus(s);
  std::vector<v1::BuildingMonth> months(request->metrics().begin(), request->metrics().end());
  if (absl::Status s = store_->RecordMetrics(std::move(months)); !s.ok()) return ToGrpcStatus(s);
  response->set_recorded(request->metrics_size());
  return grpc::Status::OK;
}

grpc::Status ParkMetricsServiceImpl::DoGetBuildingSeries(
    Context*, const v1::GetBuildingSeriesRequest* request,
    v1::GetBuildingSeriesResponse* response) {
  absl::Status s = RequireNonEmpty(request->building_id(), "building_id", "楼宇编号");
  if (s.ok() && request->has_from()) s = ValidateYearMonth(request->from(), "from", "起始月份");
  if (s.ok() && request->has_to()) s = ValidateYearMonth(request->to(), "to", "截止月份");
  if (!s.ok()) return ToGrpcStatus(s);
  auto series = store_->BuildingSeries(request->building_id(), request->from(), request->to());
  if (!series.ok()) return ToGrpcStatus(series.status());
  for (v1::BuildingMonth& m : *series) *response->add_months() = std::move(m);
  return grpc::Status::OK;
}

grpc::Status ParkMetricsServiceImpl::DoGetTaxTotals(Context*,
                                                    const v1::GetTaxTotalsRequest* request,
                                                    v1::TaxTotals* response) {
  absl::Status s = RequireYear(request->year(), "year", "年份");
  if (s.ok() && (request->through_month() < 0 || request->through_month() > 12)) {
    s = FieldError("through_month", "must be in 0..12", "截止月份须在0至12之间");
  }
  if (!s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<v1::TaxTotals> totals =
      ComputeTaxTotals(*store_, request->year(), request->through_month());
  if (!totals.ok()) return ToGrpcStatus(totals.status());
  *response = *std::move(totals);
  return grpc::Status::OK;
}

grpc::Status ParkMetricsServiceImpl::DoCreateTarget(Context*,
                                                    const v1::CreateTargetRequest* request,
                                                    v1::Target* response) {
  return CreateTargetCall(store_->targets(), *request, ValidateTarget(request->target()), response);
}

grpc::Status ParkMetricsServiceImpl::DoListTargets(Context*, const v1::ListTargetsRequest* request,
                                                   v1::ListTargetsResponse* response) {
  return ListTargetsCall(store_->targets(), *request, response);
}

grpc::Status ParkMetricsServiceImpl::DoUpdateTarget(Context*,
                                                    const v1::UpdateTargetRequest* request,
                                                    v1::Target* response) {
  return UpdateTargetCall(store_->targets(), *request, response);
}

grpc::Status ParkMetricsServiceImpl::DoDeleteTarget(Context*,
                                                    const v1::DeleteTargetRequest* request,
                                                    Empty*) {
  return DeleteTargetCall(store_->targets(), *request);
}

grpc::Status ParkMetricsServiceImpl::DoGetParkStats(Context*,
                                                    const v1::GetParkStatsRequest* request,
                                                    v1::ParkStats* response) {
  if (absl::Status s = RequireYear(request->year(), "year", "年份"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(ComputeParkStats(*store_, request->year()), response);
}

}  // namespace district::parks
