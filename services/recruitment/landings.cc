#include "services/recruitment/landings.h"

#include <utility>

namespace district::recruitment {

void Landings::Record(const std::string& lead_id, Request fresh, Done done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto [waiting, first] = recording_.try_emplace(lead_id);
    waiting->second.push_back(std::move(done));
    if (!first) return;  // the first caller's write answers this one too
  }
  // Only the first caller gets here, until its write is done.
  auto answer = [this, lead_id](const absl::StatusOr<Request>& result) {
    std::vector<Done> waiting;
    {
      std::lock_guard<std::mutex> lock(mu_);
      waiting = std::move(recording_[lead_id]);
      recording_.erase(lead_id);
    }
    for (Done& d : waiting) d(result);
  };
  Request recorded;
  absl::Status read = store_->Get(Key(lead_id), &recorded);
  if (read.ok()) return answer(recorded);
  if (!absl::IsNotFound(read)) return answer(read);
  WriteBatch batch;
  batch.Put(Key(lead_id), fresh);
  batch.Audit(Key(lead_id), "", "recorded");
  store_->WriteAsync(std::move(batch), [answer, fresh = std::move(fresh)](absl::Status written) {
    if (!written.ok()) return answer(written);
    answer(fresh);
  });
}

absl::Status Landings::Remove(WriteBatch* batch, const std::string& lead_id) const {
  absl::StatusOr<std::string> recorded = store_->GetRaw(Key(lead_id));
  if (absl::IsNotFound(recorded.status())) return absl::OkStatus();
  if (!recorded.ok()) return recorded.status();
  batch->Delete(Key(lead_id));
  batch->Audit(Key(lead_id), "recorded", "");
  return absl::OkStatus();
}

}  // namespace district::recruitment
