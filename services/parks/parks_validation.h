// Checks on the park-metrics service's input messages: OK or INVALID_ARGUMENT naming the field,
// with the field violation and the zh-CN sentence as details (common/errors.h).
#ifndef DISTRICT_SERVICES_PARKS_PARKS_VALIDATION_H_
#define DISTRICT_SERVICES_PARKS_PARKS_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "district/parks/v1/parks_service.pb.h"

namespace district::parks {

absl::Status ValidatePark(const v1::Park& park);
absl::Status ValidateBuilding(const v1::Building& building);
absl::Status ValidateEnterprise(const v1::Enterprise& enterprise);
absl::Status ValidateTarget(const v1::Target& target);
// `field` names the message in the request ("metrics" or "metrics[3]").
absl::Status ValidateBuildingMonth(const v1::BuildingMonth& month, const std::string& field);
// Every month (ValidateBuildingMonth), at most kMaxBatchMonths, one per building and month.
absl::Status ValidateMetricsBatch(const v1::BatchRecordMetricsRequest& batch);

inline constexpr int kMaxBatchMonths = 12000;

}  // namespace district::parks

#endif  // DISTRICT_SERVICES_PARKS_PARKS_VALIDATION_H_
