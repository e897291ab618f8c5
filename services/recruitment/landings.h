// LandLead's record of the project request it sends for each lead being landed.
//
// A landing is two writes in two services: the project service creates the project, then this
// service marks the lead LANDED. A crash between the two leaves the project made and the lead
// SIGNED; the retry must send the very request that made it, so that the project service's
// request_id check returns that project, whatever was edited on the lead meanwhile. So the request
// is recorded here, durably, before it is first sent, and every attempt sends the recorded one.
// The record goes in the same write that marks the lead LANDED (Complete), or that deletes it.
//
// Thread-safe. Records live in the recruitment service's own store under "landing/<lead id>".
#ifndef DISTRICT_SERVICES_RECRUITMENT_LANDINGS_H_
#define DISTRICT_SERVICES_RECRUITMENT_LANDINGS_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/store.h"
#include "district/project/v1/project_service.pb.h"

namespace district::recruitment {

class Landings {
 public:
  using Request = project::v1::CreateProjectRequest;
  using Done = std::function<void(absl::StatusOr<Request>)>;

  explicit Landings(Store* store) : store_(store) {}  // not owned

  // The request recorded for landing `lead_id`; else `fresh`, once it is recorded durably. `done`
  // runs once, on this thread or the store's committer (so it must not block). Concurrent calls
  // for one lead all get the same request.
  void Record(const std::string& lead_id, Request fresh, Done done);

  // Adds to `batch` the removal of `lead_id`'s record, if it has one, for the write that lands or
  // deletes the lead (under the lead's lock).
  absl::Status Remove(WriteBatch* batch, const std::string& lead_id) const;

 private:
  static std::string Key(const std::string& lead_id) { return "landing/" + lead_id; }

  Store* const store_;
  std::mutex mu_;
  std::map<std::string, std::vector<Done>> recording_;  // lead id -> waiting for its record
};

}  // namespace district::recruitment

#endif  // DISTRICT_SERVICES_RECRUITMENT_LANDINGS_H_
