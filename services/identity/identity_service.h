// The gRPC handlers of district.identity.v1.IdentityService: check the request, call the store,
// map the result. Sign-in, refresh, sign-out and password changes run on the blocking pool (they
// hash, and wait for their writes); their role is ROLE_ANYONE: each proves who calls in its
// request.
#ifndef DISTRICT_SERVICES_IDENTITY_IDENTITY_SERVICE_H_
#define DISTRICT_SERVICES_IDENTITY_IDENTITY_SERVICE_H_

#include <memory>

#include "common/handlers.h"
#include "district/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/identity_store.h"

namespace district::identity {

class IdentityServiceImpl final : public v1::IdentityService::CallbackService {
 public:
  // The service over `store` (not owned; it must outlive the service): how main() and the tests
  // make it. The store's error when its records cannot be read.
  static absl::StatusOr<std::unique_ptr<IdentityServiceImpl>> Open(Store* store,
                                                                   IdentityOptions options);

  explicit IdentityServiceImpl(std::unique_ptr<IdentityStore> store);

  using Empty = google::protobuf::Empty;
  DISTRICT_ADMIN(CreatePerson, v1::CreatePersonRequest, v1::CreatePersonResponse)
  DISTRICT_READ(GetPerson, v1::GetPersonRequest, v1::Person)
  DISTRICT_READ(ListPeople, v1::ListPeopleRequest, v1::ListPeopleResponse)
  DISTRICT_ADMIN(UpdatePerson, v1::UpdatePersonRequest, v1::Person)

  DISTRICT_WRITE(SignIn, v1::SignInRequest, v1::SignInResponse)
  DISTRICT_WRITE(RefreshAccessToken, v1::RefreshAccessTokenRequest, v1::RefreshAccessTokenResponse)
  DISTRICT_WRITE(SignOut, v1::SignOutRequest, Empty)
  DISTRICT_WRITE(ChangePassword, v1::ChangePasswordRequest, Empty)
  DISTRICT_ADMIN(ResetPassword, v1::ResetPasswordRequest, v1::ResetPasswordResponse)
  DISTRICT_READ(GetVerificationKeys, v1::GetVerificationKeysRequest, v1::VerificationKeys)
  DISTRICT_ADMIN(RotateSigningKey, v1::RotateSigningKeyRequest, v1::VerificationKeys)

 private:
  const std::unique_ptr<IdentityStore> store_;
};

}  // namespace district::identity

#endif  // DISTRICT_SERVICES_IDENTITY_IDENTITY_SERVICE_H_
