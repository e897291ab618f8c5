#include "services/identity/signing_keys.h"

#include <google/protobuf/util/time_util.h>
#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/access_token.h"

namespace district::identity {
namespace {

constexpr char kPrefix[] = "signing_key/";

// A new key, signing from `now`.
absl::StatusOr<records::SigningKey> NewKey(absl::Time now) {
  absl::StatusOr<KeyPairPem> pair = GenerateSigningKeyPair();
  if (!pair.ok()) return pair.status();
  unsigned char id[8];
  randombytes_buf(id, sizeof id);
  records::SigningKey key;
  // Ids sort by creation: the time first, then randomness.
  key.set_key_id(absl::StrCat(
      absl::ToUnixSeconds(now), "-",
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(id), sizeof id))));
  key.set_private_key_pem(pair->private_key_pem);
  key.set_public_key_pem(pair->public_key_pem);
  key.set_create_unix(absl::ToUnixSeconds(now));
  return key;
}

google::protobuf::Timestamp Stamp(int64_t unix) {
  return google::protobuf::util::TimeUtil::SecondsToTimestamp(unix);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SigningKeys>> SigningKeys::Open(
    Store* store, absl::Duration token_lifetime,
    std::function<void(absl::flat_hash_map<std::string, std::string>)> on_change) {
  std::unique_ptr<SigningKeys> keys(new SigningKeys(store, token_lifetime));
  keys->on_change_ = std::move(on_change);
  absl::Status parse_error;
  absl::Status s = store->Scan(kPrefix, "", [&](absl::string_view key, absl::string_view bytes) {
    records::SigningKey k;
    if (!k.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      parse_error = absl::DataLossError(absl::StrCat("unparsable record ", key));
      return false;
    }
    keys->keys_.push_back(std::move(k));
    return true;
  });
  if (!s.ok()) return s;
  if (!parse_error.ok()) return parse_error;
  absl::MutexLock lock(&keys->mu_);
  std::sort(keys->keys_.begin(), keys->keys_.end(), [](const auto& a, const auto& b) {
    return a.create_unix() != b.create_unix() ? a.create_unix() < b.create_unix()
                                              : a.key_id() < b.key_id();
  });
  if (keys->keys_.empty() || keys->keys_.back().expire_unix() != 0) {
    absl::StatusOr<records::SigningKey> first = NewKey(absl::Now());
    if (!first.ok()) return first.status();
    WriteBatch batch;
    batch.Put(absl::StrCat(kPrefix, first->key_id()), *first);
    batch.Audit(absl::StrCat("signing_key/", first->key_id()), "", "1");
    if (absl::Status w = store->Write(&batch); !w.ok()) return w;
    keys->keys_.push_back(*std::move(first));
  }
  keys->Announce(absl::Now());
  return keys;
}

records::SigningKey SigningKeys::Current() const {
  absl::MutexLock lock(&mu_);
  return keys_.back();
}

std::vector<v1::VerificationKey> SigningKeys::Published(absl::Time now) const {
  absl::MutexLock lock(&mu_);
  std::vector<v1::VerificationKey> out;
  for (const records::SigningKey& key : keys_) {
    if (key.expire_unix() != 0 && absl::FromUnixSeconds(key.expire_unix()) <= now) continue;
    v1::VerificationKey& v = out.emplace_back();
    v.set_key_id(key.key_id());
    v.set_algorithm("ES256");
    v.set_public_key_pem(key.public_key_pem());
    *v.mutable_create_time() = Stamp(key.create_unix());
    if (key.expire_unix() != 0) *v.mutable_expire_time() = Stamp(key.expire_unix());
  }
  return out;
}

absl::Status SigningKeys::Rotate(absl::Time now) {
  absl::StatusOr<records::SigningKey> next = NewKey(now);
  if (!next.ok()) return next.status();
  absl::MutexLock lock(&mu_);
  WriteBatch batch;
  std::vector<records::SigningKey> kept;
  for (records::SigningKey key : keys_) {
    const std::string name = absl::StrCat(kPrefix, key.key_id());
    if (key.expire_unix() == 0) {
      // Its last token, signed now at the latest, expires one lifetime from now (plus a second
      // for the rounding of exp).
      key.set_expire_unix(absl::ToUnixSeconds(now + lifetime_) + 1);
      batch.Put(name, key);
      batch.Audit(name, "1", "2");
    } else if (absl::FromUnixSeconds(key.expire_unix()) <= now) {
      batch.Delete(name);
      batch.Audit(name, "2", "");
      continue;
    }
    kept.push_back(std::move(key));
  }
  batch.Put(absl::StrCat(kPrefix, next->key_id()), *next);
  batch.Audit(absl::StrCat(kPrefix, next->key_id()), "", "1");
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  kept.push_back(*std::move(next));
  keys_ = std::move(kept);
  Announce(now);
  return absl::OkStatus();
}

void SigningKeys::Announce(absl::Time now) const {
  if (on_change_ == nullptr) return;
  absl::flat_hash_map<std::string, std::string> by_id;
  for (const records::SigningKey& key : keys_) {
    if (key.expire_unix() == 0 || absl::FromUnixSeconds(key.expire_unix()) > now) {
      by_id[key.key_id()] = key.public_key_pem();
    }
  }
  on_change_(std::move(by_id));
}

}  // namespace district::identity
