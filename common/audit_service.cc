#include "common/audit_service.h"

#include "common/audit_log.h"
#include "common/status.h"

namespace district {

grpc::Status AuditServiceImpl::DoListAuditEntries(Context*,
                                                  const audit::v1::ListAuditEntriesRequest* request,
                                                  audit::v1::ListAuditEntriesResponse* response) {
  absl::StatusOr<audit::v1::ListAuditEntriesResponse> page =
      store_->audit().List(*store_, *request);
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = *std::move(page);
  return grpc::Status::OK;
}

}  // namespace district
