// district.admin.v1.AdminService: backups of a domain server's store, taken while it serves
// (common/backups.h). Every domain server hosts it beside its own service; without --backup_dir
// each call is FAILED_PRECONDITION. Admins only (common/auth.h).
//
// Thread-safe; the Backups (null without --backup_dir) is not owned and must outlive the service.
#ifndef DISTRICT_COMMON_ADMIN_SERVICE_H_
#define DISTRICT_COMMON_ADMIN_SERVICE_H_

#include "common/backups.h"
#include "common/handlers.h"
#include "district/admin/v1/admin.grpc.pb.h"

namespace district {

class AdminServiceImpl final : public admin::v1::AdminService::CallbackService {
 public:
  explicit AdminServiceImpl(Backups* backups) : backups_(backups) {}

  DISTRICT_ADMIN(CreateBackup, admin::v1::CreateBackupRequest, admin::v1::Backup)
  DISTRICT_ADMIN(ListBackups, admin::v1::ListBackupsRequest, admin::v1::ListBackupsResponse)
  DISTRICT_ADMIN(VerifyBackup, admin::v1::VerifyBackupRequest, admin::v1::Backup)
  DISTRICT_ADMIN(DeleteBackup, admin::v1::DeleteBackupRequest, google::protobuf::Empty)

 private:
  Backups* const backups_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_ADMIN_SERVICE_H_
