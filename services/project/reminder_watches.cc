#include "services/project/reminder_watches.h"

#include <algorithm>
#include <chrono>
#include <map>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/reminders.h"
#include "common/status.h"
#include "services/project/project_reminders.h"

namespace district::project {
namespace {

// r1 tokens carried no MAC: refused now, as any token not made with this store's key.
constexpr absl::string_view kTokenPrefix = "r2.";
constexpr size_t kMacBytes = SHA256_DIGEST_LENGTH;

// HMAC-SHA256 under `secret` of the scope and the held keys' bytes. The scope goes first with its
// length, so that no scope and keys read as another's.
std::string Mac(absl::string_view secret, absl::string_view scope, absl::string_view held) {
  const std::string message = absl::StrCat(scope.size(), ":", scope, held);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), kMacBytes);
}

// How long the watcher sleeps at most without a change: the date may roll over meanwhile.
constexpr auto kDateCheck = std::chrono::seconds(30);
// At most one pass per this, so that a burst of writes costs one pass, not one per write; well
// under the second within which a change must reach its watchers.
constexpr auto kMinPassInterval = std::chrono::milliseconds(100);

}  // namespace

size_t MaxResumeTokenBytes() {
  return kTokenPrefix.size() + (kMaxResumeKeys * 8 + kMacBytes + 2) / 3 * 4;
}

std::string ResumeScope(const v1::WatchRemindersRequest& request) {
  // Each text with its length, so that no two scopes read alike; 0 days is the default window.
  const int days = request.within_days() == 0 ? kDefaultReminderDays : request.within_days();
  return absl::StrCat(request.leader().size(), ":", request.leader(), "|",
                      request.responsible_unit().size(), ":", request.responsible_unit(), "|",
                      request.park_id().size(), ":", request.park_id(), "|", days);
}

std::string ResumeToken(std::vector<uint64_t> keys, absl::string_view scope,
                        absl::string_view secret) {
  std::sort(keys.begin(), keys.end());
  std::string bytes;
  bytes.reserve(keys.size() * 8 + kMacBytes);
  for (uint64_t k : keys) {
    for (int shift = 56; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>(k >> shift));
  }
  bytes += Mac(secret, scope, bytes);
  return absl::StrCat(kTokenPrefix, absl::WebSafeBase64Escape(bytes));
}

absl::StatusOr<std::vector<uint64_t>> ParseResumeToken(absl::string_view token,
                                                       absl::string_view scope,
                                                       absl::string_view secret) {
  std::vector<uint64_t> keys;
  if (token.empty()) return keys;
  if (token.size() > MaxResumeTokenBytes()) {
    return FieldError("resume_token",
                      absl::StrCat("must be at most ", MaxResumeTokenBytes(),
                                   " bytes, a token this service returned"),
                      "续传标记无效，请重新订阅提醒");
  }
  std::string bytes;
  if (!absl::StartsWith(token, kTokenPrefix) ||
      !absl::WebSafeBase64Unescape(token.substr(kTokenPrefix.size()), &bytes) ||
      bytes.size() < kMacBytes || (bytes.size() - kMacBytes) % 8 != 0) {
    return FieldError("resume_token", "must be a resume_token this service returned",
                      "续传标记无效，请重新订阅提醒");
  }
  const absl::string_view held = absl::string_view(bytes).substr(0, bytes.size() - kMacBytes);
  const std::string mac = Mac(secret, scope, held);
  if (CRYPTO_memcmp(mac.data(), bytes.data() + held.size(), kMacBytes) != 0) {
    return FieldError("resume_token",
                      "must be a resume_token this service returned for the same leader, "
                      "responsible_unit, park_id and within_days",
                      "订阅条件已改变，续传标记不再适用，请重新订阅提醒");
  }
  keys.reserve(held.size() / 8);
  for (size_t i = 0; i < held.size(); i += 8) {
    uint64_t k = 0;
    for (size_t j = 0; j < 8; ++j) k = (k << 8) | static_cast<unsigned char>(held[i + j]);
    keys.push_back(k);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

ReminderWatches::ReminderWatches(const ProjectStore* store)
    : store_(store), watcher_([this] { Run(); }) {}

ReminderWatches::~ReminderWatches() {
  stopping_.store(true);
  store_->change_signal().WakeAll();
  watcher_.join();
}

absl::Status ReminderWatches::Watch(const v1::WatchRemindersRequest& request,
                                    ReminderStream* stream) {
  absl::Status s = ValidateReminderScope(request.leader(), request.responsible_unit(),
                                         request.park_id(), request.within_days());
  if (!s.ok()) return s;
  std::string token_scope = ResumeScope(request);
  absl::StatusOr<std::vector<uint64_t>> known =
      ParseResumeToken(request.resume_token(), token_scope, store_->resume_token_key());
  if (!known.ok()) return known.status();

  v1::ListRemindersRequest scope;
  scope.set_leader(request.leader());
  scope.set_responsible_unit(request.responsible_unit());
  scope.set_park_id(request.park_id());
  scope.set_within_days(request.within_days());

  // Under the lock, so that no pass runs between this computation and the watch being known to
  // the next: a change committed after it raises the signal the watcher waits on.
  std::lock_guard<std::mutex> lock(mu_);
  absl::StatusOr<v1::ListRemindersResponse> now = ComputeReminders(*store_, scope);
  if (!now.ok()) return now.status();
  auto watch = open_.insert(
      open_.end(), Open{std::move(scope), std::move(token_scope), stream, *std::move(known)});
  stream->OnDone([this, watch] {
    std::lock_guard<std::mutex> lock(mu_);
    open_.erase(watch);
  });
  PushDifference(*watch, *now, /*always=*/true);
  return absl::OkStatus();
}

bool ReminderWatches::PushDifference(Open& watch, const v1::ListRemindersResponse& now,
                                     bool always) const {
  std::vector<uint64_t> holds;
  holds.reserve(now.reminders_size());
  v1::WatchRemindersResponse response;
  for (const v1::Reminder& r : now.reminders()) {
    uint64_t k = 0;  // keys are made by ReminderKey
    if (!ParseReminderKey(r.key(), &k)) continue;
    holds.push_back(k);
    if (!std::binary_search(watch.sent.begin(), watch.sent.end(), k)) {
      *response.add_added() = r;
    }
  }
  std::sort(holds.begin(), holds.end());
  holds.erase(std::unique(holds.begin(), holds.end()), holds.end());
  for (uint64_t k : watch.sent) {
    if (!std::binary_search(holds.begin(), holds.end(), k)) {
      response.add_removed_keys(ReminderKeyOf(k));
    }
  }
  if (!always && response.added().empty() && response.removed_keys().empty()) return true;
  response.set_resume_token(ResumeToken(holds, watch.token_scope, store_->resume_token_key()));
  watch.sent = std::move(holds);
  return watch.stream->Push(std::move(response));
}

void ReminderWatches::Run() {
  uint64_t seen = store_->changes();
  Date day = Today();
  while (!stopping_.load()) {
    const uint64_t count = store_->change_signal().WaitUntil(
        seen, std::chrono::steady_clock::now() + kDateCheck, &stopping_);
    if (stopping_.load()) return;
    const Date today = Today();
    if (count == seen && CompareDates(today, day) == 0) continue;
    seen = count;  // read before the pass: a change during it makes another
    day = today;
    {
      std::lock_guard<std::mutex> lock(mu_);
      // Watches of the same scope share one computation.
      std::map<std::string, v1::ListRemindersResponse> computed;
      for (Open& watch : open_) {
        const std::string scope = watch.scope.SerializeAsString();
        auto it = computed.find(scope);
        if (it == computed.end()) {
          absl::StatusOr<v1::ListRemindersResponse> now = ComputeReminders(*store_, watch.scope);
          if (!now.ok()) {
            watch.stream->End(ToGrpcStatus(now.status()));
            continue;
          }
          it = computed.emplace(scope, *std::move(now)).first;
        }
        PushDifference(watch, it->second, /*always=*/false);
      }
    }
    std::this_thread::sleep_for(kMinPassInterval);
  }
}

}  // namespace district::project
