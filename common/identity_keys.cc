#include "common/identity_keys.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "common/auth.h"
#include "common/client.h"
#include "common/log.h"
#include "district/identity/v1/identity_service.grpc.pb.h"

namespace district {
namespace {

std::atomic<IdentityKeyRefresher*> installed{nullptr};

}  // namespace

void SetIdentityKeyRefresher(IdentityKeyRefresher* refresher) { installed.store(refresher); }
IdentityKeyRefresher* CurrentIdentityKeyRefresher() { return installed.load(); }
void StopIdentityKeyRefresher() { delete installed.exchange(nullptr); }

IdentityKeyRefresher::IdentityKeyRefresher(std::string address, absl::Duration interval,
                                           std::shared_ptr<AccessTokenVerifier> verifier)
    : address_(std::move(address)), interval_(interval), verifier_(std::move(verifier)) {
  thread_ = std::thread([this] { Run(); });
}

IdentityKeyRefresher::~IdentityKeyRefresher() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
    if (fetching_ != nullptr) fetching_->TryCancel();
  }
  thread_.join();
}

void IdentityKeyRefresher::Nudge() {
  absl::MutexLock lock(&mu_);
  nudged_ = true;
}

absl::Status IdentityKeyRefresher::FetchOnce() {
  auto stub = identity::v1::IdentityService::NewStub(CreateServiceChannel(address_));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  AttachServiceToken(&context);
  {
    absl::MutexLock lock(&mu_);
    if (stop_) return absl::CancelledError("stopping");
    fetching_ = &context;
  }
  identity::v1::VerificationKeys keys;
  grpc::Status s = stub->GetVerificationKeys(&context, {}, &keys);
  {
    absl::MutexLock lock(&mu_);
    fetching_ = nullptr;
  }
  if (!s.ok()) {
    return absl::UnavailableError(absl::StrCat("the identity service at ", address_,
                                               " did not give its keys: ", s.error_message()));
  }
  absl::flat_hash_map<std::string, std::string> by_id;
  for (const auto& key : keys.keys()) {
    if (key.algorithm() == "ES256") by_id[key.key_id()] = key.public_key_pem();
  }
  verifier_->SetKeys(std::move(by_id));
  return absl::OkStatus();
}

void IdentityKeyRefresher::Run() {
  bool have_keys = false;
  absl::Time next = absl::InfinitePast();
  absl::Time last = absl::InfinitePast();
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      const auto wake = [this] { return stop_ || nudged_; };
      const absl::Time now = absl::Now();
      if (!stop_ && now < next) {
        mu_.AwaitWithDeadline(absl::Condition(&wake), next);
      }
      if (stop_) return;
      if (nudged_ && absl::Now() - last < absl::Seconds(1)) {
        // At most one fetch a second, however many unknown keys are presented.
        mu_.AwaitWithDeadline(absl::Condition(&stop_), last + absl::Seconds(1));
        if (stop_) return;
      }
      nudged_ = false;
    }
    last = absl::Now();
    absl::Status s = FetchOnce();
    if (s.ok() && !have_keys) LogInfo(absl::StrCat("identity keys fetched from ", address_));
    if (!s.ok()) LogWarning(s.message());
    have_keys = have_keys || s.ok();
    next = absl::Now() + (s.ok() ? interval_ : absl::Seconds(1));
  }
}

}  // namespace district
