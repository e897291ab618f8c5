#include "common/access_token.h"

#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "common/auth.h"
#include "common/identity_keys.h"

namespace district {
namespace {

using Json = nlohmann::json;

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

struct CharFree {
  void operator()(char* p) const { free(p); }
};

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("access token refused: ", why));
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, size > 0 ? static_cast<size_t>(size) : 0);
}

// The role of the suite a person's role gives, or nullopt for a name it does not know.
int SuiteRank(const std::string& role) {
  if (role == "admin") return static_cast<int>(Role::kAdmin);
  if (role == "reviewer") return static_cast<int>(Role::kReviewer);
  if (role == "editor") return static_cast<int>(Role::kEditor);
  if (role == "leader" || role == "viewer") return static_cast<int>(Role::kViewer);
  return -1;
}

}  // namespace

bool LooksLikeJwt(absl::string_view token) {
  return std::count(token.begin(), token.end(), '.') == 2;
}

absl::StatusOr<KeyPairPem> GenerateSigningKeyPair() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) return absl::InternalError("cannot generate a P-256 key");
  KeyPairPem pair;
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  const bool ok = priv != nullptr && pub != nullptr &&
                  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
                  PEM_write_bio_PUBKEY(pub, key) == 1;
  if (ok) {
    pair.private_key_pem = BioText(priv);
    pair.public_key_pem = BioText(pub);
  }
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  if (!ok) return absl::InternalError("cannot write a P-256 key as PEM");
  return pair;
}

absl::StatusOr<std::string> SignAccessToken(const AccessClaims& claims, absl::string_view key_id,
                                            absl::string_view private_key_pem) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("jwt_new failed");
  JwtPtr jwt(raw);
  Json grants = {
      {"sub", claims.person_id},
      {"name", claims.name},
      {"roles", claims.roles},
      {"scope",
       {{"leader", claims.scope_leader}, {"unit", claims.scope_unit}, {"park", claims.scope_park}}},
      {"sid", claims.session_handle},
      {"aud", claims.audience},
      {"iss", claims.issuer},
      {"iat", absl::ToUnixSeconds(claims.issued_at)},
      {"exp", absl::ToUnixSeconds(claims.expires_at)},
  };
  if (claims.change_password_only) grants["chg"] = true;
  const std::string kid(key_id);
  if (jwt_add_grants_json(jwt.get(), grants.dump().c_str()) != 0 ||
      jwt_add_header(jwt.get(), "kid", kid.c_str()) != 0 ||
      jwt_set_alg(jwt.get(), JWT_ALG_ES256,
                  reinterpret_cast<const unsigned char*>(private_key_pem.data()),
                  static_cast<int>(private_key_pem.size())) != 0) {
    return absl::InternalError("cannot build the access token");
  }
  std::unique_ptr<char, CharFree> encoded(jwt_encode_str(jwt.get()));
  if (encoded == nullptr) return absl::InternalError("cannot sign the access token");
  return std::string(encoded.get());
}

absl::StatusOr<Principal> PrincipalOfClaims(const AccessClaims& claims) {
  int rank = -1;
  for (const std::string& role : claims.roles) rank = std::max(rank, SuiteRank(role));
  if (rank < 0) return Unauthenticated("the person holds no role");
  Principal principal{claims.person_id, static_cast<Role>(rank), {}};
  if (principal.role == Role::kEditor || principal.role == Role::kReviewer) {
    if (!claims.scope_leader.empty()) {
      principal.scope = {Scope::Dimension::kLeader, claims.scope_leader};
    } else if (!claims.scope_park.empty()) {
      principal.scope = {Scope::Dimension::kPark, claims.scope_park};
    } else if (!claims.scope_unit.empty()) {
      principal.scope = {Scope::Dimension::kUnit, claims.scope_unit};
    }
  }
  return principal;
}

AccessTokenVerifier::AccessTokenVerifier(std::string issuer, std::string audience)
    : issuer_(std::move(issuer)), audience_(std::move(audience)) {}

void AccessTokenVerifier::SetKeys(absl::flat_hash_map<std::string, std::string> keys_by_id) {
  absl::MutexLock lock(&mu_);
  keys_ = std::move(keys_by_id);
}

bool AccessTokenVerifier::HasKey(absl::string_view key_id) const {
  absl::MutexLock lock(&mu_);
  return keys_.contains(key_id);
}

std::string AccessTokenVerifier::KeyIdOf(absl::string_view token) {
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return "";
  std::string header;
  if (!absl::WebSafeBase64Unescape(parts[0], &header)) return "";
  const Json json = Json::parse(header, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("kid") || !json["kid"].is_string()) return "";
  return json["kid"].get<std::string>();
}

absl::StatusOr<AccessClaims> AccessTokenVerifier::Decode(absl::string_view token) const {
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("not a JWT");
  std::string header_text;
  if (!absl::WebSafeBase64Unescape(parts[0], &header_text)) return Unauthenticated("bad header");
  const Json header = Json::parse(header_text, nullptr, /*allow_exceptions=*/false);
  // The algorithm is checked before libjwt sees the key: a token may not choose HS256 (with the
  // public key as its secret) or none.
  if (!header.is_object() || header.value("alg", "") != "ES256") {
    return Unauthenticated("the algorithm must be ES256");
  }
  const std::string kid = header.value("kid", "");
  std::string key;
  {
    absl::MutexLock lock(&mu_);
    auto it = keys_.find(kid);
    if (it == keys_.end()) {
      if (IdentityKeyRefresher* refresher = CurrentIdentityKeyRefresher()) refresher->Nudge();
      return Unauthenticated("signed by an unknown key");
    }
    key = it->second;
  }
  jwt_t* raw = nullptr;
  const std::string text(token);
  if (jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(key.data()),
                 static_cast<int>(key.size())) != 0 ||
      raw == nullptr) {
    return Unauthenticated("bad signature");
  }
  JwtPtr jwt(raw);
  if (jwt_get_alg(jwt.get()) != JWT_ALG_ES256)
    return Unauthenticated("the algorithm must be ES256");
  std::unique_ptr<char, CharFree> grants_text(jwt_get_grants_json(jwt.get(), nullptr));
  if (grants_text == nullptr) return Unauthenticated("no claims");
  const Json grants = Json::parse(grants_text.get(), nullptr, /*allow_exceptions=*/false);
  if (!grants.is_object()) return Unauthenticated("bad claims");
  AccessClaims claims;
  try {
    claims.person_id = grants.at("sub").get<std::string>();
    claims.name = grants.value("name", "");
    claims.roles = grants.at("roles").get<std::vector<std::string>>();
    if (grants.contains("scope")) {
      const Json& scope = grants.at("scope");
      claims.scope_leader = scope.value("leader", "");
      claims.scope_unit = scope.value("unit", "");
      claims.scope_park = scope.value("park", "");
    }
    claims.session_handle = grants.value("sid", "");
    claims.audience = grants.at("aud").get<std::string>();
    claims.issuer = grants.at("iss").get<std::string>();
    claims.issued_at = absl::FromUnixSeconds(grants.at("iat").get<int64_t>());
    claims.expires_at = absl::FromUnixSeconds(grants.at("exp").get<int64_t>());
    claims.change_password_only = grants.value("chg", false);
  } catch (const Json::exception&) {
    return Unauthenticated("a claim is missing or malformed");
  }
  return claims;
}

absl::StatusOr<std::shared_ptr<const Principal>> AccessTokenVerifier::Verify(
    absl::string_view token, absl::Time now) const {
  const std::string hash = Sha256Hex(token);
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) {
      if (now < it->second.expires_at) return it->second.principal;
      cache_.erase(it);
      return Unauthenticated("expired");
    }
  }
  absl::StatusOr<AccessClaims> claims = Decode(token);
  if (!claims.ok()) return claims.status();
  if (claims->audience != audience_) return Unauthenticated("for another audience");
  if (claims->issuer != issuer_) return Unauthenticated("from another issuer");
  if (now >= claims->expires_at) return Unauthenticated("expired");
  if (claims->change_password_only) {
    return Unauthenticated("the password must be changed first (IdentityService.ChangePassword)");
  }
  absl::StatusOr<Principal> principal = PrincipalOfClaims(*claims);
  if (!principal.ok()) return principal.status();
  auto shared = std::make_shared<const Principal>(*std::move(principal));
  absl::MutexLock lock(&mu_);
  if (cache_.size() >= 100000) {  // drop the expired; a flood of valid tokens empties it whole
    absl::erase_if(cache_, [&](const auto& entry) { return entry.second.expires_at <= now; });
    if (cache_.size() >= 100000) cache_.clear();
  }
  cache_[hash] = Cached{shared, claims->expires_at};
  return shared;
}

}  // namespace district
