#include "common/admin_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/page_token.h"
#include "common/status.h"
#include "common/validation.h"

namespace district {
namespace {

grpc::Status NoBackupDir() {
  return ToGrpcStatus(
      FailedPreconditionError("this server keeps no backups: start it with --backup_dir",
                              "此服务未配置备份目录，不能备份"));
}

}  // namespace

grpc::Status AdminServiceImpl::DoCreateBackup(Context*, const admin::v1::CreateBackupRequest*,
                                              admin::v1::Backup* response) {
  if (backups_ == nullptr) return NoBackupDir();
  absl::StatusOr<admin::v1::Backup> made = backups_->Create();
  if (!made.ok()) return ToGrpcStatus(made.status());
  *response = *std::move(made);
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::DoListBackups(Context*, const admin::v1::ListBackupsRequest* request,
                                             admin::v1::ListBackupsResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  const uint64_t query = QueryFingerprint(*request);
  absl::StatusOr<std::string> after = DecodePageToken(request->page_token(), query);
  if (!after.ok()) return ToGrpcStatus(after.status());
  if (backups_ == nullptr) return NoBackupDir();
  uint32_t after_id = 0;
  if (!after->empty() && !absl::SimpleAtoi(*after, &after_id)) {
    return ToGrpcStatus(
        FieldError("page_token", "not one this method issued", "翻页标记无效，请从第一页重新查询"));
  }
  absl::StatusOr<std::vector<admin::v1::Backup>> backups = backups_->List();
  if (!backups.ok()) return ToGrpcStatus(backups.status());
  for (admin::v1::Backup& backup : *backups) {
    if (backup.backup_id() <= after_id) continue;
    if (response->backups_size() == *page_size) {
      response->set_next_page_token(
          EncodePageToken(query, absl::StrCat(response->backups().rbegin()->backup_id())));
      break;
    }
    *response->add_backups() = std::move(backup);
  }
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::DoVerifyBackup(Context*,
                                              const admin::v1::VerifyBackupRequest* request,
                                              admin::v1::Backup* response) {
  absl::StatusOr<uint32_t> id = ParseBackupName(request->name(), "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (backups_ == nullptr) return NoBackupDir();
  absl::StatusOr<admin::v1::Backup> verified = backups_->Verify(*id);
  if (!verified.ok()) return ToGrpcStatus(verified.status());
  *response = *std::move(verified);
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::DoDeleteBackup(Context*,
                                              const admin::v1::DeleteBackupRequest* request,
                                              google::protobuf::Empty*) {
  absl::StatusOr<uint32_t> id = ParseBackupName(request->name(), "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (backups_ == nullptr) return NoBackupDir();
  return ToGrpcStatus(backups_->Delete(*id));
}

}  // namespace district
