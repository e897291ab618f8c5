#include "services/web/session_table.h"

#include <algorithm>
#include <iterator>

#include "services/web/session.h"

namespace district::web {

std::string SessionTable::Create(std::string token) {
  WebSession session;
  session.token = std::move(token);
  return Create(std::move(session));
}

std::string SessionTable::Create(WebSession session) {
  const absl::Time now = options_.clock();
  std::string id = NewRandomHex();
  std::lock_guard<std::mutex> lock(mu_);
  if (sessions_.size() >= options_.max_sessions) {
    // Ended ones first; then the one idle longest. A full table is rare: scans are enough.
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      it = Ended(it->second, now) ? sessions_.erase(it) : std::next(it);
    }
    if (sessions_.size() >= options_.max_sessions) {
      sessions_.erase(std::min_element(
          sessions_.begin(), sessions_.end(),
          [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; }));
    }
  }
  sessions_[id] = Session{std::move(session), now, now};
  return id;
}

std::optional<std::string> SessionTable::TokenOf(absl::string_view id) {
  std::optional<WebSession> session = Get(id);
  if (!session.has_value()) return std::nullopt;
  return std::move(session->token);
}

std::optional<WebSession> SessionTable::Get(absl::string_view id) {
  const absl::Time now = options_.clock();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (Ended(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.held;
}

bool SessionTable::SetToken(absl::string_view id, std::string token, absl::Time issued,
                            absl::Time expires) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return false;
  it->second.held.token = std::move(token);
  it->second.held.token_issued = issued;
  it->second.held.token_expires = expires;
  return true;
}

std::optional<WebSession> SessionTable::Remove(absl::string_view id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  WebSession held = std::move(it->second.held);
  sessions_.erase(it);
  return held;
}

size_t SessionTable::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

}  // namespace district::web
