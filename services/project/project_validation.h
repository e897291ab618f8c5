// Checks on the project service's input messages. Each returns OK or INVALID_ARGUMENT naming the
// field ("project.total_investment_yuan: must not be negative"), with the field violation and the
// zh-CN sentence as details (common/errors.h).
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_VALIDATION_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_VALIDATION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "district/project/v1/project_service.pb.h"

namespace district::project {

// The client-settable fields of a project (output-only fields are ignored, not checked).
absl::Status ValidateProject(const v1::Project& project);
absl::Status ValidateMilestone(const v1::Milestone& milestone);
absl::Status ValidateObstacle(const v1::Obstacle& obstacle);
// An order as issued: project, unit, subject and deadline required.
absl::Status ValidateOrder(const v1::SupervisionOrder& order);
absl::Status ValidateProgramme(const v1::AnnualProgramme& programme);
// A month's investment; `prefix` names it within a batch ("reports[3]."), "" alone.
absl::Status ValidateInvestment(const v1::RecordInvestmentRequest& report,
                                absl::string_view prefix);
// Every report (ValidateInvestment), at most kMaxInvestmentBatch, one per project and month.
absl::Status ValidateInvestmentBatch(const v1::BatchRecordInvestmentRequest& batch);

inline constexpr int kMaxInvestmentBatch = 12000;

// A monthly return's client-settable fields, under `prefix` ("monthly_return."): a valid month, a
// unit (not empty), at most kMaxReturnEntries entries, each with a project id (once per return),
// an amount within 0..kMaxYuan when given, progress and problems at most 4096 bytes.
absl::Status ValidateMonthlyReturn(const v1::MonthlyReturn& r, absl::string_view prefix);

inline constexpr int kMaxReturnEntries = 2000;

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_VALIDATION_H_
