#include "services/identity/identity_service.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/request_log.h"
#include "common/status.h"
#include "common/validation.h"
#include "services/identity/identity_validation.h"
#include "services/identity/passwords.h"

namespace district::identity {
namespace {

// The client's address without its port ("ipv4:127.0.0.1"), for the lockout per address.
std::string ClientAddress(const Context* context) {
  const std::string peer = context->peer();
  const size_t colon = peer.rfind(':');
  return colon == std::string::npos || colon < 5 ? peer : peer.substr(0, colon);
}

absl::Status RequireSession(const std::string& session_id) {
  return RequireNonEmpty(session_id, "session_id", "会话");
}

}  // namespace

absl::StatusOr<std::unique_ptr<IdentityServiceImpl>> IdentityServiceImpl::Open(
    Store* store, IdentityOptions options) {
  absl::StatusOr<std::unique_ptr<IdentityStore>> s = IdentityStore::Open(store, std::move(options));
  if (!s.ok()) return s.status();
  return std::make_unique<IdentityServiceImpl>(*std::move(s));
}

IdentityServiceImpl::IdentityServiceImpl(std::unique_ptr<IdentityStore> store)
    : store_(std::move(store)) {}

grpc::Status IdentityServiceImpl::DoCreatePerson(Context*, const v1::CreatePersonRequest* request,
                                                 v1::CreatePersonResponse* response) {
  absl::Status s = ValidatePerson(request->person());
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (s.ok() && !request->initial_password().empty()) {
    s = Passwords::CheckPolicy(request->initial_password(), request->person().login_name(),
                               "initial_password");
  }
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->CreatePerson(*request), response);
}

grpc::Status IdentityServiceImpl::DoGetPerson(Context*, const v1::GetPersonRequest* request,
                                              v1::Person* response) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->GetPerson(request->id()), response);
}

grpc::Status IdentityServiceImpl::DoListPeople(Context*, const v1::ListPeopleRequest* request,
                                               v1::ListPeopleResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  auto page = store_->ListPeople(*request, *page_size);
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_people(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::DoUpdatePerson(Context*, const v1::UpdatePersonRequest* request,
                                                 v1::Person* response) {
  if (absl::Status s = RequireNonEmpty(request->person().id(), "person.id", "用户编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->UpdatePerson(*request), response);
}

grpc::Status IdentityServiceImpl::DoSignIn(Context* context, const v1::SignInRequest* request,
                                           v1::SignInResponse* response) {
  absl::Status s = FirstError({RequireNonEmpty(request->login_name(), "login_name", "登录名"),
                               RequireMaxLength(request->login_name(), "login_name", "登录名", 64),
                               RequireNonEmpty(request->password(), "password", "密码"),
                               RequireMaxLength(request->password(), "password", "密码", 128)});
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->SignIn(request->login_name(), request->password(), ClientAddress(context)),
               response);
}

grpc::Status IdentityServiceImpl::DoRefreshAccessToken(Context*,
                                                       const v1::RefreshAccessTokenRequest* request,
                                                       v1::RefreshAccessTokenResponse* response) {
  if (absl::Status s = RequireSession(request->session_id()); !s.ok()) return ToGrpcStatus(s);
  return Reply(store_->Refresh(request->session_id()), response);
}

grpc::Status IdentityServiceImpl::DoSignOut(Context*, const v1::SignOutRequest* request, Empty*) {
  if (absl::Status s = RequireSession(request->session_id()); !s.ok()) return ToGrpcStatus(s);
  return ToGrpcStatus(store_->SignOut(request->session_id()));
}

grpc::Status IdentityServiceImpl::DoChangePassword(Context* context,
                                                   const v1::ChangePasswordRequest* request,
                                                   Empty*) {
  absl::Status s = FirstError(
      {RequireNonEmpty(request->login_name(), "login_name", "登录名"),
       RequireMaxLength(request->login_name(), "login_name", "登录名", 64),
       RequireNonEmpty(request->old_password(), "old_password", "原密码"),
       Passwords::CheckPolicy(request->new_password(), request->login_name(), "new_password")});
  if (!s.ok()) return ToGrpcStatus(s);
  return ToGrpcStatus(store_->ChangePassword(*request, ClientAddress(context)));
}

grpc::Status IdentityServiceImpl::DoResetPassword(Context*, const v1::ResetPasswordRequest* request,
                                                  v1::ResetPasswordResponse* response) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->ResetPassword(request->id()), response);
}

grpc::Status IdentityServiceImpl::DoGetVerificationKeys(Context*,
                                                        const v1::GetVerificationKeysRequest*,
                                                        v1::VerificationKeys* response) {
  *response = store_->Keys();
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::DoRotateSigningKey(Context*, const v1::RotateSigningKeyRequest*,
                                                     v1::VerificationKeys* response) {
  return Reply(store_->RotateKey(), response);
}

}  // namespace district::identity
