// district.audit.v1.AuditService: the admins' window on a store's audit trail. Every domain
// server hosts it beside its own service (common/service_main.h).
//
// Thread-safe; the Store is not owned and must outlive the service. Admins only (common/auth.h).
#ifndef DISTRICT_COMMON_AUDIT_SERVICE_H_
#define DISTRICT_COMMON_AUDIT_SERVICE_H_

#include "common/handlers.h"
#include "common/store.h"
#include "district/audit/v1/audit.grpc.pb.h"

namespace district {

class AuditServiceImpl final : public audit::v1::AuditService::CallbackService {
 public:
  explicit AuditServiceImpl(const Store* store) : store_(store) {}

  DISTRICT_ADMIN(ListAuditEntries, audit::v1::ListAuditEntriesRequest,
                 audit::v1::ListAuditEntriesResponse)

 private:
  const Store* const store_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_AUDIT_SERVICE_H_
