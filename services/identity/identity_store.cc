#include "services/identity/identity_store.h"

#include <google/protobuf/util/time_util.h>
#include <sodium.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/auth.h"
#include "common/caller.h"
#include "common/errors.h"
#include "services/identity/identity_validation.h"

namespace district::identity {
namespace {

constexpr char kLogin[] = "login/";
constexpr char kCredential[] = "credential/";
constexpr char kSession[] = "session/";
constexpr char kPersonSession[] = "person_session/";

// The one answer to a failed sign-in, whatever failed: no such login name, a wrong password, a
// disabled person.
absl::Status WrongCredentials() {
  return UnauthenticatedError("the login name or the password is wrong", "登录名或密码错误");
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return absl::BytesToHexString(raw);
}

ResourceStore<v1::Person>::Config PersonConfig() {
  ResourceStore<v1::Person>::Config c;
  c.kind = "person";
  c.label = "用户";
  c.id_prefix = "U";
  c.updatable = {"display_name", "unit", "title", "phone", "roles", "scope", "state"};
  c.validate = ValidatePerson;
  c.resident = true;
  return c;
}

// Runs the rest of a call as the person it is about, so that its audit entries name them (a
// sign-in has no authenticated caller).
Caller AsPerson(const std::string& person_id) {
  return Caller{std::make_shared<const Principal>(Principal{person_id, Role::kViewer, {}}),
                CurrentCaller().method, CurrentCaller().x_request_id};
}

// "admin" of PERSON_ROLE_ADMIN: the role's name in the tokens' claims.
std::string ClaimName(int role) {
  const std::string name = v1::PersonRole_Name(static_cast<v1::PersonRole>(role));
  return absl::AsciiStrToLower(absl::StripPrefix(name, "PERSON_ROLE_"));
}

}  // namespace

IdentityStore::IdentityStore(Store* store, IdentityOptions options)
    : store_(store), options_(std::move(options)), guard_(options_.limits) {}

absl::StatusOr<std::unique_ptr<IdentityStore>> IdentityStore::Open(Store* store,
                                                                   IdentityOptions options) {
  std::unique_ptr<IdentityStore> s(new IdentityStore(store, std::move(options)));
  auto passwords = Passwords::Create(s->options_.hash_concurrency);
  if (!passwords.ok()) return passwords.status();
  s->passwords_ = *std::move(passwords);
  auto keys = SigningKeys::Open(store, s->options_.token_lifetime, s->options_.on_keys);
  if (!keys.ok()) return keys.status();
  s->keys_ = *std::move(keys);
  auto people = ResourceStore<v1::Person>::Open(store, PersonConfig());
  if (!people.ok()) return people.status();
  s->people_ = *std::move(people);
  return s;
}

absl::Status IdentityStore::PutCredential(WriteBatch* batch, absl::string_view person_id,
                                          const std::string& hash) const {
  const std::string key = absl::StrCat(kCredential, person_id);
  records::Credential credential;
  absl::Status read = store_->Get(key, &credential);
  if (!read.ok() && !absl::IsNotFound(read)) return read;
  const int64_t before = read.ok() ? credential.revision() : 0;
  credential.set_password_hash(hash);
  credential.set_revision(before + 1);
  batch->Put(key, credential);
  batch->Audit(absl::StrCat("credential/", person_id), before == 0 ? "" : absl::StrCat(before),
               absl::StrCat(before + 1));
  return absl::OkStatus();
}

absl::StatusOr<v1::CreatePersonResponse> IdentityStore::CreatePerson(
    const v1::CreatePersonRequest& request) {
  const bool one_time = request.initial_password().empty();
  const std::string password = one_time ? Passwords::OneTimePassword() : request.initial_password();
  absl::StatusOr<std::string> hash = passwords_->Hash(password);
  if (!hash.ok()) return hash.status();
  v1::Person person = request.person();
  if (person.state() == v1::Person::STATE_UNSPECIFIED) person.set_state(v1::Person::ACTIVE);
  person.set_must_change_password(one_time);
  // The request as the request log keeps it (its fingerprint): without the password.
  v1::CreatePersonRequest logged = request;
  logged.clear_initial_password();
  bool created = false;
  std::lock_guard<std::mutex> lock(create_mu_);
  absl::StatusOr<v1::Person> stored = people_->Create(
      person, request.request_id(), logged,
      [&](WriteBatch* batch, const v1::Person*, const v1::Person* after) -> absl::Status {
        records::LoginName login;
        const std::string key = absl::StrCat(kLogin, after->login_name());
        absl::Status s = store_->Get(key, &login);
        if (s.ok()) {
          return AlreadyExistsError(absl::StrCat("login name ", after->login_name(), " is taken"),
                                    absl::StrCat("登录名 ", after->login_name(), " 已被使用"));
        }
        if (!absl::IsNotFound(s)) return s;
        login.set_person_id(after->id());
        batch->Put(key, login);
        created = true;
        return PutCredential(batch, after->id(), *hash);
      });
  if (!stored.ok()) return stored.status();
  v1::CreatePersonResponse response;
  *response.mutable_person() = *std::move(stored);
  if (created && one_time) response.set_one_time_password(password);
  return response;
}

absl::StatusOr<v1::Person> IdentityStore::GetPerson(absl::string_view id) const {
  return people_->Get(id);
}

absl::StatusOr<ListPage<v1::Person>> IdentityStore::ListPeople(const v1::ListPeopleRequest& r,
                                                               int page_size) const {
  return people_->List(r, page_size, r.page_token(), "", "", nullptr);
}

absl::Status IdentityStore::EndSessions(WriteBatch* batch, absl::string_view person_id) const {
  const std::string prefix = absl::StrCat(kPersonSession, person_id, "/");
  std::vector<std::string> hashes;
  absl::Status s = store_->Scan(prefix, "", [&](absl::string_view key, absl::string_view) {
    hashes.emplace_back(key.substr(prefix.size()));
    return true;
  });
  if (!s.ok()) return s;
  for (const std::string& hash : hashes) {
    records::Session session;
    if (absl::Status read = store_->Get(absl::StrCat(kSession, hash), &session); read.ok()) {
      batch->Audit(absl::StrCat("session/", session.handle()), "1", "");
    }
    batch->Delete(absl::StrCat(kSession, hash));
    batch->Delete(absl::StrCat(prefix, hash));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Person> IdentityStore::UpdatePerson(const v1::UpdatePersonRequest& request) {
  return people_->Update(
      request.person(), request.update_mask(), "",
      [&](WriteBatch* batch, const v1::Person* before, const v1::Person* after) -> absl::Status {
        if (after != nullptr && after->state() == v1::Person::DISABLED &&
            before->state() != v1::Person::DISABLED) {
          return EndSessions(batch, after->id());
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<std::pair<v1::Person, records::Credential>> IdentityStore::FindByLogin(
    const std::string& login_name) const {
  records::LoginName login;
  if (absl::Status s = store_->Get(absl::StrCat(kLogin, login_name), &login); !s.ok()) return s;
  absl::StatusOr<v1::Person> person = people_->Get(login.person_id());
  if (!person.ok()) return person.status();
  records::Credential credential;
  if (absl::Status s = store_->Get(absl::StrCat(kCredential, login.person_id()), &credential);
      !s.ok()) {
    return s;
  }
  return std::make_pair(*std::move(person), std::move(credential));
}

absl::StatusOr<std::pair<v1::Person, records::Credential>> IdentityStore::CheckPassword(
    const std::string& login_name, const std::string& password, const std::string& address) {
  if (guard_.Locked(login_name, address)) {
    return UnauthenticatedError("too many failed sign-ins: locked for a while",
                                "登录失败次数过多，请稍后再试");
  }
  absl::StatusOr<std::pair<v1::Person, records::Credential>> found = FindByLogin(login_name);
  if (!found.ok() && !absl::IsNotFound(found.status())) return found.status();
  // An unknown login name is checked against the dummy hash: the same work, the same answer.
  const bool match = passwords_->Verify(password, found.ok() ? found->second.password_hash() : "");
  if (!match) {
    absl::SleepFor(guard_.Failed(login_name, address));
    return WrongCredentials();
  }
  if (found->first.state() == v1::Person::DISABLED) return WrongCredentials();
  guard_.Succeeded(login_name);
  return found;
}

absl::StatusOr<std::pair<std::string, absl::Time>> IdentityStore::Token(
    const v1::Person& person, const std::string& handle, bool change_password_only) const {
  AccessClaims claims;
  claims.person_id = person.id();
  claims.name = person.display_name();
  for (int role : person.roles()) claims.roles.push_back(ClaimName(role));
  claims.scope_leader = person.scope().leader();
  claims.scope_unit = person.scope().unit();
  claims.scope_park = person.scope().park_id();
  claims.session_handle = handle;
  claims.change_password_only = change_password_only;
  claims.issuer = options_.issuer;
  claims.issued_at = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  claims.expires_at = claims.issued_at + options_.token_lifetime;
  const records::SigningKey key = keys_->Current();
  absl::StatusOr<std::string> token = SignAccessToken(claims, key.key_id(), key.private_key_pem());
  if (!token.ok()) return token.status();
  return std::make_pair(*std::move(token), claims.expires_at);
}

absl::StatusOr<v1::SignInResponse> IdentityStore::SignIn(const std::string& login_name,
                                                         const std::string& password,
                                                         const std::string& address) {
  auto found = CheckPassword(login_name, password, address);
  if (!found.ok()) return found.status();
  const v1::Person& person = found->first;
  CallerScope as_person(AsPerson(person.id()));
  const std::string session_id = RandomHex(32);
  const std::string hash = Sha256Hex(session_id);
  records::Session session;
  session.set_person_id(person.id());
  session.set_create_unix(absl::ToUnixSeconds(absl::Now()));
  session.set_handle(RandomHex(8));
  session.set_change_password_only(person.must_change_password());
  auto token = Token(person, session.handle(), session.change_password_only());
  if (!token.ok()) return token.status();
  {
    // Under the person's lock: a disabling or a reset, which ends their sessions, comes wholly
    // before or after this one is written.
    std::lock_guard<std::mutex> lock(people_->LockFor(person.id()));
    absl::StatusOr<v1::Person> now = people_->Get(person.id());
    if (!now.ok()) return now.status();
    if (now->state() == v1::Person::DISABLED) return WrongCredentials();
    WriteBatch batch;
    batch.Put(absl::StrCat(kSession, hash), session);
    batch.PutRaw(absl::StrCat(kPersonSession, person.id(), "/", hash), "");
    batch.Audit(absl::StrCat("session/", session.handle()), "", "1");
    if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  }
  v1::SignInResponse response;
  response.set_session_id(session_id);
  response.set_access_token(token->first);
  *response.mutable_expire_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(token->second));
  *response.mutable_person() = person;
  response.set_must_change_password(session.change_password_only());
  return response;
}

absl::StatusOr<v1::RefreshAccessTokenResponse> IdentityStore::Refresh(
    const std::string& session_id) {
  const absl::Status ended =
      UnauthenticatedError("the session has ended: sign in again", "会话已结束，请重新登录");
  records::Session session;
  absl::Status s = store_->Get(absl::StrCat(kSession, Sha256Hex(session_id)), &session);
  if (absl::IsNotFound(s)) return ended;
  if (!s.ok()) return s;
  absl::StatusOr<v1::Person> person = people_->Get(session.person_id());
  if (!person.ok() || person->state() == v1::Person::DISABLED) return ended;
  auto token = Token(*person, session.handle(), session.change_password_only());
  if (!token.ok()) return token.status();
  v1::RefreshAccessTokenResponse response;
  response.set_access_token(token->first);
  *response.mutable_expire_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(token->second));
  return response;
}

absl::Status IdentityStore::SignOut(const std::string& session_id) {
  const std::string hash = Sha256Hex(session_id);
  records::Session session;
  absl::Status s = store_->Get(absl::StrCat(kSession, hash), &session);
  if (absl::IsNotFound(s)) return absl::OkStatus();
  if (!s.ok()) return s;
  CallerScope as_person(AsPerson(session.person_id()));
  std::lock_guard<std::mutex> lock(people_->LockFor(session.person_id()));
  WriteBatch batch;
  batch.Delete(absl::StrCat(kSession, hash));
  batch.Delete(absl::StrCat(kPersonSession, session.person_id(), "/", hash));
  batch.Audit(absl::StrCat("session/", session.handle()), "1", "");
  return store_->Write(&batch);
}

absl::Status IdentityStore::ChangePassword(const v1::ChangePasswordRequest& request,
                                           const std::string& address) {
  auto found = CheckPassword(request.login_name(), request.old_password(), address);
  if (!found.ok()) return found.status();
  if (request.new_password() == request.old_password()) {
    return FieldError("new_password", "must differ from the current password",
                      "新密码不能与原密码相同");
  }
  absl::StatusOr<std::string> hash = passwords_->Hash(request.new_password());
  if (!hash.ok()) return hash.status();
  const std::string id = found->first.id();
  CallerScope as_person(AsPerson(id));
  absl::StatusOr<v1::Person> changed = people_->Mutate(
      id, "",
      [](v1::Person& p) {
        p.set_must_change_password(false);
        return absl::OkStatus();
      },
      [&](WriteBatch* batch, const v1::Person*, const v1::Person*) {
        if (absl::Status s = PutCredential(batch, id, *hash); !s.ok()) return s;
        return EndSessions(batch, id);
      });
  return changed.status();
}

absl::StatusOr<v1::ResetPasswordResponse> IdentityStore::ResetPassword(absl::string_view id) {
  const std::string password = Passwords::OneTimePassword();
  absl::StatusOr<std::string> hash = passwords_->Hash(password);
  if (!hash.ok()) return hash.status();
  const std::string person_id(id);
  absl::StatusOr<v1::Person> changed = people_->Mutate(
      person_id, "",
      [](v1::Person& p) {
        p.set_must_change_password(true);
        return absl::OkStatus();
      },
      [&](WriteBatch* batch, const v1::Person*, const v1::Person*) {
        if (absl::Status s = PutCredential(batch, person_id, *hash); !s.ok()) return s;
        return EndSessions(batch, person_id);
      });
  if (!changed.ok()) return changed.status();
  v1::ResetPasswordResponse response;
  response.set_one_time_password(password);
  return response;
}

v1::VerificationKeys IdentityStore::Keys() const {
  v1::VerificationKeys keys;
  for (v1::VerificationKey& key : keys_->Published(absl::Now())) {
    *keys.add_keys() = std::move(key);
  }
  keys.set_audience(kAccessTokenAudience);
  keys.set_issuer(options_.issuer);
  return keys;
}

absl::StatusOr<v1::VerificationKeys> IdentityStore::RotateKey() {
  if (absl::Status s = keys_->Rotate(absl::Now()); !s.ok()) return s;
  return Keys();
}

}  // namespace district::identity
