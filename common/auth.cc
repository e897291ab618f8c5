#include "common/auth.h"

#include <algorithm>
#include <filesystem>

#include <openssl/sha.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/access_token.h"
#include "common/errors.h"

namespace district {
namespace {

std::shared_ptr<const Authenticator>& InstalledAuthenticator() {
  static auto* installed = new std::shared_ptr<const Authenticator>();
  return *installed;
}

std::shared_ptr<const AccessTokenVerifier>& InstalledVerifier() {
  static auto* installed = new std::shared_ptr<const AccessTokenVerifier>();
  return *installed;
}

// The call's bearer token; UNAUTHENTICATED without one.
absl::StatusOr<absl::string_view> BearerToken(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError("a bearer token is required (metadata authorization)");
  }
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ")) {
    return absl::UnauthenticatedError("authorization must be \"Bearer <token>\"");
  }
  return value;
}

std::string& ServiceToken() {
  static auto* token = new std::string();
  return *token;
}

}  // namespace

std::string Sha256Hex(absl::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

absl::StatusOr<std::unique_ptr<Authenticator>> Authenticator::Parse(absl::string_view text) {
  auto auth = std::unique_ptr<Authenticator>(new Authenticator());
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    const auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("tokens file line ", number, ": ", why));
    };
    if (words.size() != 3 && words.size() != 4) {
      return bad("expected: <sha256 hex> <principal> <role> [park=<id>|leader=<name>|unit=<name>]");
    }
    if (words[0].size() != 64 || !std::all_of(words[0].begin(), words[0].end(),
                                              [](char c) { return absl::ascii_isxdigit(c); })) {
      return bad("the token's hash must be 64 hex digits");
    }
    Role role;
    if (words[2] == "viewer") {
      role = Role::kViewer;
    } else if (words[2] == "editor") {
      role = Role::kEditor;
    } else if (words[2] == "reviewer") {
      role = Role::kReviewer;
    } else if (words[2] == "admin") {
      role = Role::kAdmin;
    } else {
      return bad("role must be viewer, editor, reviewer or admin");
    }
    Scope scope;
    if (words.size() == 4) {
      absl::string_view word = words[3];
      if (absl::ConsumePrefix(&word, "park=")) {
        scope.dimension = Scope::Dimension::kPark;
      } else if (absl::ConsumePrefix(&word, "leader=")) {
        scope.dimension = Scope::Dimension::kLeader;
      } else if (absl::ConsumePrefix(&word, "unit=")) {
        scope.dimension = Scope::Dimension::kUnit;
      } else {
        return bad("a scope must be park=<park id>, leader=<name> or unit=<name>");
      }
      if (word.empty()) return bad("the scope's value is empty");
      if (role != Role::kEditor && role != Role::kReviewer) {
        return bad("only an editor or a reviewer may be scoped");
      }
      scope.value = std::string(word);
    }
    // A token listed twice would leave one of its lines silently unused (an admin turned viewer).
    const bool inserted =
        auth->by_hash_
            .emplace(absl::AsciiStrToLower(words[0]),
                     std::make_shared<const Principal>(Principal{words[1], role, std::move(scope)}))
            .second;
    if (!inserted) return bad("this token's hash is on an earlier line too");
  }
  if (auth->by_hash_.empty()) {
    return absl::InvalidArgumentError("the tokens file lists no token: nobody could call");
  }
  return auth;
}

absl::StatusOr<std::unique_ptr<Authenticator>> Authenticator::Load(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return absl::NotFoundError(absl::StrCat("the tokens file ", path, " is not a readable file"));
  }
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read tokens file ", path));
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str());
}

absl::StatusOr<std::shared_ptr<const Principal>> Authenticator::Authenticate(
    const grpc::ServerContextBase& context) const {
  absl::StatusOr<absl::string_view> token = BearerToken(context);
  if (!token.ok()) return token.status();
  return AuthenticateToken(*token);
}

absl::StatusOr<std::shared_ptr<const Principal>> Authenticator::AuthenticateToken(
    absl::string_view token) const {
  auto principal = by_hash_.find(Sha256Hex(token));
  if (principal == by_hash_.end()) return absl::UnauthenticatedError("unknown token");
  return principal->second;
}

void InstallAccessTokenVerifier(std::shared_ptr<const AccessTokenVerifier> verifier) {
  std::atomic_store(&InstalledVerifier(), std::move(verifier));
}

void InstallAuthenticator(std::unique_ptr<Authenticator> authenticator) {
  std::atomic_store(&InstalledAuthenticator(),
                    std::shared_ptr<const Authenticator>(std::move(authenticator)));
}

absl::StatusOr<std::shared_ptr<const Principal>> Authorize(const grpc::ServerContextBase& context,
                                                           Role required) {
  static const auto* anonymous =
      new std::shared_ptr<const Principal>(new Principal{"anonymous", Role::kAdmin, {}});
  static const auto* anyone =
      new std::shared_ptr<const Principal>(new Principal{"anyone", Role::kAnyone, {}});
  if (required == Role::kAnyone) return *anyone;
  std::shared_ptr<const Authenticator> auth = std::atomic_load(&InstalledAuthenticator());
  std::shared_ptr<const AccessTokenVerifier> verifier = std::atomic_load(&InstalledVerifier());
  if (auth == nullptr && verifier == nullptr) return *anonymous;
  absl::StatusOr<absl::string_view> token = BearerToken(context);
  if (!token.ok()) return token.status();
  absl::StatusOr<std::shared_ptr<const Principal>> principal =
      absl::UnauthenticatedError("unknown token");
  if (verifier != nullptr && LooksLikeJwt(*token)) {
    principal = verifier->Verify(*token, absl::Now());
    // A machine token that happens to have two dots is still the tokens file's.
    if (!principal.ok() && auth != nullptr) {
      absl::StatusOr<std::shared_ptr<const Principal>> machine = auth->AuthenticateToken(*token);
      if (machine.ok()) principal = std::move(machine);
    }
  } else if (auth != nullptr) {
    principal = auth->AuthenticateToken(*token);
  }
  if (!principal.ok()) return principal.status();
  if ((*principal)->role < required) {
    return PermissionDeniedError(
        absl::StrCat((*principal)->name, " is a ", RoleName((*principal)->role), "; this needs ",
                     RoleName(required)),
        required == Role::kAdmin      ? "此操作仅限管理员"
        : required == Role::kReviewer ? "此操作仅限审核人员"
                                      : "您的账号只有查看权限，不能修改");
  }
  return principal;
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read token file ", path));
  std::string token;
  std::getline(in, token);
  token = std::string(absl::StripAsciiWhitespace(token));
  if (token.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("token file ", path, " is empty"));
  }
  return token;
}

void SetServiceToken(std::string token) { ServiceToken() = std::move(token); }

void AttachServiceToken(grpc::ClientContext* context) {
  if (!ServiceToken().empty()) context->AddMetadata("authorization", "Bearer " + ServiceToken());
}

}  // namespace district
