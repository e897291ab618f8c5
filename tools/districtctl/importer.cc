#include "tools/districtctl/importer.h"

#include <fstream>
#include <sstream>

#include <google/protobuf/util/time_util.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "district/parks/v1/parks_service.pb.h"
#include "district/project/v1/project_service.pb.h"
#include "district/recruitment/v1/recruitment_service.pb.h"

namespace district::ctl {
namespace {

namespace pv1 = project::v1;
namespace rv1 = recruitment::v1;
namespace kv1 = parks::v1;

// Runs the imports in order, keeping ids by key and counting what was created.
class Importer {
 public:
  Importer(const dataset::v1::DataSet& data, rpc::Rpc& rpc)
      : data_(data), rpc_(rpc), started_(Now()) {}

  // Creates (or finds, on a repeated import) one record; returns its response.
  template <typename Response>
  absl::StatusOr<Response> Create(const std::string& method, google::protobuf::Message& request,
                                  const std::string& kind, const std::string& key) {
    auto* field = request.GetDescriptor()->FindFieldByName("request_id");
    request.GetReflection()->SetString(&request, field,
                                       absl::StrCat("seed/", data_.name(), "/", kind, "/", key));
    auto response = rpc_.Call(method, request);
    if (!response.ok()) {
      return absl::Status(response.status().code(),
                          absl::StrCat(kind, " \"", key, "\": ", response.status().message()));
    }
    Response typed;
    typed.CopyFrom(**response);
    ++summary_.records;
    if (google::protobuf::util::TimeUtil::TimestampToNanoseconds(typed.create_time()) >=
        google::protobuf::util::TimeUtil::TimestampToNanoseconds(started_)) {
      ++summary_.created;
    }
    return typed;
  }

  // The id of the park with `key`, or "" for no key. NOT_FOUND for an unknown key.
  absl::StatusOr<std::string> Park(const std::string& key, const std::string& who) const {
    if (key.empty()) return std::string();
    auto it = park_ids_.find(key);
    if (it == park_ids_.end()) {
      return absl::NotFoundError(absl::StrCat(who, ": no park with key \"", key, "\""));
    }
    return it->second;
  }

  absl::StatusOr<ImportSummary> Run() {
    for (const auto& e : data_.parks()) {
      kv1::CreateParkRequest req;
      *req.mutable_park() = e.park();
      auto park = Create<kv1::Park>("district.parks.v1.ParkMetricsService.CreatePark", req, "park",
                                    e.key());
      if (!park.ok()) return park.status();
      park_ids_[e.key()] = park->id();
    }
    for (const auto& e : data_.buildings()) {
      kv1::CreateBuildingRequest req;
      *req.mutable_building() = e.building();
      auto park = Park(e.park_key(), "building " + e.key());
      if (!park.ok()) return park.status();
      req.mutable_building()->set_park_id(*park);
      auto b = Create<kv1::Building>("district.parks.v1.ParkMetricsService.CreateBuilding", req,
                                     "building", e.key());
      if (!b.ok()) return b.status();
      building_ids_[e.key()] = b->id();
    }
    for (const auto& e : data_.enterprises()) {
      kv1::CreateEnterpriseRequest req;
      *req.mutable_enterprise() = e.enterprise();
      auto park = Park(e.park_key(), "enterprise " + e.key());
      if (!park.ok()) return park.status();
      req.mutable_enterprise()->set_park_id(*park);
      if (!e.building_key().empty()) {
        auto it = building_ids_.find(e.building_key());
        if (it == building_ids_.end()) {
          return absl::NotFoundError(
              absl::StrCat("enterprise ", e.key(), ": no building \"", e.building_key(), "\""));
        }
        req.mutable_enterprise()->set_building_id(it->second);
      }
      auto created = Create<kv1::Enterprise>(
          "district.parks.v1.ParkMetricsService.CreateEnterprise", req, "enterprise", e.key());
      if (!created.ok()) return created.status();
    }
    for (const auto& e : data_.projects()) {
      pv1::CreateProjectRequest req;
      *req.mutable_project() = e.project();
      *req.mutable_stage_date() = e.stage_date();
      auto park = Park(e.park_key(), "project " + e.key());
      if (!park.ok()) return park.status();
      if (!park->empty()) req.mutable_project()->set_park_id(*park);
      auto created = Create<pv1::Project>("district.project.v1.ProjectService.CreateProject", req,
                                          "project", e.key());
      if (!created.ok()) return created.status();
      pv1::Project current;  // a repeated import records only the months that differ
      if (e.investments_size() > 0) {
        pv1::GetProjectRequest get;
        get.set_id(created->id());
        auto got = rpc_.Call("district.project.v1.ProjectService.GetProject", get);
        if (!got.ok()) return got.status();
        current.CopyFrom(**got);
      }
      for (const pv1::InvestmentReport& report : e.investments()) {
        const int32_t yyyymm = report.month().year() * 100 + report.month().month();
        auto stored = current.invested_by_month_yuan().find(yyyymm);
        if (stored != current.invested_by_month_yuan().end() &&
            stored->second == report.invested_yuan()) {
          ++summary_.records;
          continue;
        }
        pv1::RecordInvestmentRequest record;
        record.set_project_id(created->id());
        *record.mutable_month() = report.month();
        record.set_invested_yuan(report.invested_yuan());
        record.set_note(report.note());
        auto response = rpc_.Call("district.project.v1.ProjectService.RecordInvestment", record);
        if (!response.ok()) return response.status();
        ++summary_.records;
      }
    }
    for (const auto& e : data_.leads()) {
      rv1::CreateLeadRequest req;
      *req.mutable_lead() = e.lead();
      *req.mutable_stage_date() = e.stage_date();
      auto park = Park(e.park_key(), "lead " + e.key());
      if (!park.ok()) return park.status();
      if (!park->empty()) req.mutable_lead()->set_target_park_id(*park);
      auto created = Create<rv1::Lead>("district.recruitment.v1.RecruitmentService.CreateLead", req,
                                       "lead", e.key());
      if (!created.ok()) return created.status();
    }
    for (const auto& t : data_.talents()) {
      rv1::CreateTalentRequest req;
      *req.mutable_talent() = t;
      auto created = Create<rv1::Talent>("district.recruitment.v1.RecruitmentService.CreateTalent",
                                         req, "talent", t.name());
      if (!created.ok()) return created.status();
    }
    for (const auto& p : data_.programmes()) {
      // An upsert of the year's headline figures: the same file gives the same figures.
      pv1::UpdateProgrammeRequest req;
      *req.mutable_programme() = p;
      auto response = rpc_.Call("district.project.v1.ProjectService.UpdateProgramme", req);
      if (!response.ok()) return response.status();
      ++summary_.records;
    }
    for (const auto& t : data_.recruitment_targets()) {
      rv1::CreateTargetRequest req;
      *req.mutable_target() = t;
      auto created =
          Create<rv1::Target>("district.recruitment.v1.RecruitmentService.CreateTarget", req,
                              "recruitment_target", absl::StrCat(t.year(), "/", t.name()));
      if (!created.ok()) return created.status();
    }
    for (const auto& t : data_.park_targets()) {
      kv1::CreateTargetRequest req;
      *req.mutable_target() = t;
      auto created = Create<kv1::Target>("district.parks.v1.ParkMetricsService.CreateTarget", req,
                                         "park_target", absl::StrCat(t.year(), "/", t.name()));
      if (!created.ok()) return created.status();
    }
    return summary_;
  }

 private:
  const dataset::v1::DataSet& data_;
  rpc::Rpc& rpc_;
  const google::protobuf::Timestamp started_;
  ImportSummary summary_;
  absl::flat_hash_map<std::string, std::string> park_ids_, building_ids_;
};

}  // namespace

absl::StatusOr<ImportSummary> Import(const dataset::v1::DataSet& data, rpc::Rpc& rpc) {
  if (data.name().empty()) return absl::InvalidArgumentError("data set: name must not be empty");
  return Importer(data, rpc).Run();
}

absl::StatusOr<dataset::v1::DataSet> ReadDataSet(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  dataset::v1::DataSet data;
  if (absl::Status s = rpc::FromJson(text.str(), &data); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  }
  return data;
}

}  // namespace district::ctl
