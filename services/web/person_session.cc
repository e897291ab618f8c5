#include "services/web/person_session.h"

#include <algorithm>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>

#include "common/errors.h"
#include "common/registry.h"
#include "common/status.h"
#include "district/identity/v1/identity_service.pb.h"

namespace district::web {
namespace {

namespace iv1 = identity::v1;
constexpr char kIdentity[] = "district.identity.v1.IdentityService.";

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// Calls identity method `method` with `request`; the typed response, or the service's error.
template <typename Response>
absl::StatusOr<Response> CallIdentity(const rpc::Rpc& rpc, const std::string& method,
                                      const google::protobuf::Message& request,
                                      const rpc::Caller& caller) {
  rpc::Reply reply = rpc.CallAs(kIdentity + method, request, caller);
  if (!reply.status.ok()) return FromGrpcStatus(reply.status);
  Response response;
  response.CopyFrom(*reply.response);
  return response;
}

}  // namespace

absl::StatusOr<WebSession> PersonSessions::SignIn(const std::string& login_name,
                                                  const std::string& password,
                                                  const std::string& request_id) const {
  iv1::SignInRequest request;
  request.set_login_name(login_name);
  request.set_password(password);
  absl::StatusOr<iv1::SignInResponse> signed_in =
      CallIdentity<iv1::SignInResponse>(*rpc_, "SignIn", request, rpc::Caller{"", request_id});
  if (!signed_in.ok()) return signed_in.status();
  WebSession session;
  session.token = signed_in->access_token();
  session.identity_session = signed_in->session_id();
  session.token_issued = absl::Now();
  session.token_expires = TimeOf(signed_in->expire_time());
  session.person = signed_in->person();
  session.must_change_password = signed_in->must_change_password();
  return session;
}

bool PersonSessions::NeedsRefresh(const WebSession& session, absl::Time now) {
  if (session.identity_session.empty() || session.must_change_password) return false;
  const absl::Duration life = session.token_expires - session.token_issued;
  return now >= session.token_expires - std::min(absl::Minutes(2), life / 3);
}

absl::Status PersonSessions::Refresh(WebSession* session, const std::string& request_id) const {
  iv1::RefreshAccessTokenRequest request;
  request.set_session_id(session->identity_session);
  absl::StatusOr<iv1::RefreshAccessTokenResponse> refreshed =
      CallIdentity<iv1::RefreshAccessTokenResponse>(*rpc_, "RefreshAccessToken", request,
                                                    rpc::Caller{"", request_id});
  if (!refreshed.ok()) return refreshed.status();
  session->token = refreshed->access_token();
  session->token_issued = absl::Now();
  session->token_expires = TimeOf(refreshed->expire_time());
  return absl::OkStatus();
}

absl::Status PersonSessions::SignOut(const WebSession& session,
                                     const std::string& request_id) const {
  if (session.identity_session.empty()) return absl::OkStatus();
  iv1::SignOutRequest request;
  request.set_session_id(session.identity_session);
  return CallIdentity<google::protobuf::Empty>(*rpc_, "SignOut", request,
                                               rpc::Caller{"", request_id})
      .status();
}

absl::StatusOr<WebSession> PersonSessions::ChangePassword(const WebSession& session,
                                                          const std::string& old_password,
                                                          const std::string& new_password,
                                                          const std::string& request_id) const {
  if (session.identity_session.empty()) {
    return FailedPreconditionError("a session opened with a machine token has no password",
                                   "令牌登录没有密码可改");
  }
  iv1::ChangePasswordRequest request;
  request.set_login_name(session.person.login_name());
  request.set_old_password(old_password);
  request.set_new_password(new_password);
  absl::StatusOr<google::protobuf::Empty> changed = CallIdentity<google::protobuf::Empty>(
      *rpc_, "ChangePassword", request, rpc::Caller{session.token, request_id});
  if (!changed.ok()) return changed.status();
  return SignIn(session.person.login_name(), new_password, request_id);
}

std::string SessionJson(const std::optional<WebSession>& session, const std::string& csrf,
                        bool anonymous_allowed) {
  google::protobuf::Struct body;
  auto& f = *body.mutable_fields();
  f["signedIn"].set_bool_value(session.has_value());
  f["csrf"].set_string_value(csrf);
  if (!session.has_value() && anonymous_allowed) f["anonymous"].set_bool_value(true);
  if (session.has_value()) {
    const bool person = !session->identity_session.empty();
    f["kind"].set_string_value(person ? "person" : "token");
    f["mustChangePassword"].set_bool_value(session->must_change_password);
    bool admin = false;
    if (person) {
      const iv1::Person& p = session->person;
      auto& who = *f["person"].mutable_struct_value()->mutable_fields();
      who["displayName"].set_string_value(p.display_name());
      who["loginName"].set_string_value(p.login_name());
      who["unit"].set_string_value(p.unit());
      who["title"].set_string_value(p.title());
      auto* roles = who["roles"].mutable_list_value();
      auto* labels = who["roleLabels"].mutable_list_value();
      for (int r : p.roles()) {
        const auto* value = iv1::PersonRole_descriptor()->FindValueByNumber(r);
        if (value == nullptr) continue;
        admin = admin || r == iv1::PERSON_ROLE_ADMIN;
        roles->add_values()->set_string_value(value->name());
        labels->add_values()->set_string_value(std::string(ApiRegistry::Label(value)));
      }
      auto& scope = *who["scope"].mutable_struct_value()->mutable_fields();
      scope["leader"].set_string_value(p.scope().leader());
      scope["unit"].set_string_value(p.scope().unit());
      scope["parkId"].set_string_value(p.scope().park_id());
    }
    f["admin"].set_bool_value(admin);
  }
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(body, &json);
  return json;
}

}  // namespace district::web
