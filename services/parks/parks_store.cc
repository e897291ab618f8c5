#include "services/parks/parks_store.h"

#include <algorithm>
#include <tuple>

#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/str_cat.h"
#include "common/annual_targets.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/list_page.h"
#include "services/parks/parks_validation.h"

namespace district::parks {
namespace {

using Values = std::vector<std::string>;

std::string MetricId(absl::string_view building_id, const YearMonth& month) {
  return absl::StrCat(building_id, "/", YearMonthKey(month));
}

ResourceStore<v1::Park>::Config ParkConfig(FactTable<std::string>* names) {
  ResourceStore<v1::Park>::Config c;
  c.kind = "park";
  c.label = "园区";
  c.id_prefix = "K";
  c.updatable = {"name", "theme", "kind", "area_mu", "description", "source"};
  c.validate = ValidatePark;
  c.scope = [](const v1::Park& p) { return ScopeTags{p.id(), "", ""}; };
  c.indexes["kind"] = [](const v1::Park& p) { return Values{v1::ParkKind_Name(p.kind())}; };
  c.on_commit = [names](const std::string& id, const v1::Park* after) {
    if (after == nullptr) return names->Erase(id);
    names->Put(id, after->name());
  };
  return c;
}

ResourceStore<v1::Building>::Config BuildingConfig(FactTable<BuildingRow>* rows,
                                                   MetricsCube* cube) {
  ResourceStore<v1::Building>::Config c;
  c.kind = "building";
  c.label = "楼宇";
  c.id_prefix = "B";
  c.updatable = {"name",
                 "park_id",
                 "floor_area_m2",
                 "status",
                 "construction_start_date",
                 "completion_date",
                 "description",
                 "source"};
  c.validate = ValidateBuilding;
  c.scope = [](const v1::Building& b) { return ScopeTags{b.park_id(), "", ""}; };
  c.indexes["park"] = [](const v1::Building& b) { return Values{b.park_id()}; };
  c.indexes["status"] = [](const v1::Building& b) {
    return Values{v1::BuildingStatus_Name(b.status())};
  };
  c.on_commit = [rows, cube](const std::string& id, const v1::Building* after) {
    if (after != nullptr) {
      return rows->Put(id, {after->name(), after->park_id(), after->floor_area_m2()});
    }
    rows->Erase(id);
    cube->EraseBuilding(id);
  };
  return c;
}

ResourceStore<v1::Enterprise>::Config EnterpriseConfig(FactTable<EnterpriseRow>* rows) {
  ResourceStore<v1::Enterprise>::Config c;
  c.kind = "enterprise";
  c.label = "企业";
  c.id_prefix = "E";
  c.updatable = {"name",       "building_id",  "park_id",     "kind",
                 "categories", "settled_date", "description", "source"};
  c.validate = ValidateEnterprise;
  c.scope = [](const v1::Enterprise& e) { return ScopeTags{e.park_id(), "", ""}; };
  c.indexes["park"] = [](const v1::Enterprise& e) { return Values{e.park_id()}; };
  c.indexes["building"] = [](const v1::Enterprise& e) { return Values{e.building_id()}; };
  c.indexes["kind"] = [](const v1::Enterprise& e) {
    return Values{v1::EnterpriseKind_Name(e.kind())};
  };
  c.indexes["category"] = [](const v1::Enterprise& e) {
    return Values(e.categories().begin(), e.categories().end());
  };
  c.indexes["settled_year"] = [](const v1::Enterprise& e) {
    return e.settled_date().year() == 0 ? Values{} : Values{absl::StrCat(e.settled_date().year())};
  };
  c.on_commit = [rows](const std::string& id, const v1::Enterprise* after) {
    if (after == nullptr) return rows->Erase(id);
    rows->Put(id, EnterpriseRow{after->kind(), after->settled_date().year()});
  };
  return c;
}

// Whether anything is indexed under `value` in `index` of `store`.
template <typename T>
absl::StatusOr<bool> AnyUnder(const ResourceStore<T>& store, absl::string_view index,
                              absl::string_view value) {
  auto all = store.All(index, value);
  if (!all.ok()) return all.status();
  return !all->empty();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ParksStore>> ParksStore::Open(Store* store) {
  std::unique_ptr<ParksStore> s(new ParksStore(store));
  auto parks = ResourceStore<v1::Park>::Open(store, ParkConfig(&s->park_names_));
  if (!parks.ok()) return parks.status();
  auto buildings =
      ResourceStore<v1::Building>::Open(store, BuildingConfig(&s->building_rows_, &s->cube_));
  if (!buildings.ok()) return buildings.status();
  auto enterprises =
      ResourceStore<v1::Enterprise>::Open(store, EnterpriseConfig(&s->enterprise_rows_));
  if (!enterprises.ok()) return enterprises.status();
  auto targets = AnnualTargets<v1::Target>::Open(
      store, {"name", "metric", "target_value", "threshold_yuan", "source"}, ValidateTarget);
  if (!targets.ok()) return targets.status();
  s->parks_ = *std::move(parks);
  s->buildings_ = *std::move(buildings);
  s->enterprises_ = *std::move(enterprises);
  s->targets_ = *std::move(targets);

  // Fill what rollups read from the store, as each commit would have.
  auto all_parks = s->parks_->All();
  if (!all_parks.ok()) return all_parks.status();
  for (const v1::Park& p : *all_parks) s->park_names_.Put(p.id(), p.name());
  auto all_buildings = s->buildings_->All();
  if (!all_buildings.ok()) return all_buildings.status();
  for (const v1::Building& b : *all_buildings) {
    s->building_rows_.Put(b.id(), {b.name(), b.park_id(), b.floor_area_m2()});
  }
  auto all_enterprises = s->enterprises_->All();
  if (!all_enterprises.ok()) return all_enterprises.status();
  for (const v1::Enterprise& e : *all_enterprises) {
    s->enterprise_rows_.Put(e.id(), EnterpriseRow{e.kind(), e.settled_date().year()});
  }
  absl::Status scanned =
      s->metrics_.Scan(*store, "", "", [&](absl::string_view, const v1::BuildingMonth& m) {
        s->cube_.Put(m);
        return true;
      });
  if (!scanned.ok()) return scanned;
  return s;
}

absl::Status ParksStore::CheckPark(absl::string_view park_id, absl::string_view field) const {
  if (park_id.empty()) return absl::OkStatus();
  absl::StatusOr<v1::Park> park = parks_->Get(park_id);
  if (absl::IsNotFound(park.status())) {
    return FieldError(field, "no such park", absl::StrCat("找不到园区 ", park_id));
  }
  return park.status();
}

absl::Status ParksStore::CheckBuilding(absl::string_view building_id, absl::string_view park_id,
                                       absl::string_view field) const {
  if (building_id.empty()) return absl::OkStatus();
  absl::StatusOr<v1::Building> building = buildings_->Get(building_id);
  if (absl::IsNotFound(building.status())) {
    return FieldError(field, "no such building", absl::StrCat("找不到楼宇 ", building_id));
  }
  if (!building.ok()) return building.status();
  // Else an editor of one park could place its enterprises in another park's building, which that
  // park's editor could then neither delete nor empty.
  if (building->park_id() != park_id) {
    if (building->park_id().empty()) {
      return FieldError(field, "the building is in no park; the enterprise must be in none too",
                        "该楼宇不属于任何园区，企业也不能填写园区");
    }
    return FieldError(
        field,
        absl::StrCat("the building is in park ", building->park_id(),
                     ": the enterprise's park_id must be that park"),
        absl::StrCat("该楼宇属于园区 ", building->park_id(), "，企业的园区须与之一致"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Building> ParksStore::CreateBuilding(const v1::CreateBuildingRequest& request) {
  const v1::Building& b = request.building();
  if (absl::Status s = buildings_->CheckScope(b); !s.ok()) return s;  // before the park's check
  std::lock_guard<std::mutex> park_lock(parks_->LockFor(b.park_id()));
  if (absl::Status s = CheckPark(b.park_id(), "building.park_id"); !s.ok()) return s;
  return buildings_->Create(b, request.request_id(), request);
}

absl::StatusOr<v1::Building> ParksStore::UpdateBuilding(const v1::UpdateBuildingRequest& request) {
  // A park named by the update must exist; it is checked on the building as updated.
  std::lock_guard<std::mutex> park_lock(parks_->LockFor(request.building().park_id()));
  return buildings_->Update(
      request.building(), request.update_mask(), DeprecatedRequestEtag(request),
      [&](WriteBatch*, const v1::Building* before, const v1::Building* after) -> absl::Status {
        if (absl::Status s = CheckPark(after->park_id(), "building.park_id"); !s.ok()) {
          return s;
        }
        if (before->park_id() == after->park_id()) return absl::OkStatus();
        // Its enterprises are in its park: they would be left behind.
        absl::StatusOr<bool> occupied = AnyUnder(*enterprises_, "building", before->id());
        if (!occupied.ok()) return occupied.status();
        if (*occupied) {
          return FailedPreconditionError(
              absl::StrCat("building ", before->id(),
                           " has enterprises; move them before the building changes park"),
              "该楼宇内还有企业，请先把企业迁出，再更改楼宇所属园区");
        }
        return absl::OkStatus();
      });
}

absl::Status ParksStore::DeleteBuilding(absl::string_view id, absl::string_view etag) {
  return buildings_->Delete(
      id, etag, [&](WriteBatch* batch, const v1::Building*, const v1::Building*) -> absl::Status {
        absl::StatusOr<bool> occupied = AnyUnder(*enterprises_, "building", id);
        if (!occupied.ok()) return occupied.status();
        if (*occupied) {
          return FailedPreconditionError(
              absl::StrCat("building ", id, " has enterprises; move or delete them first"),
              "该楼宇内还有企业，请先迁出或删除企业，再删除楼宇");
        }
        return metrics_.Scan(*store_, absl::StrCat(id, "/"), "",
                             [&](absl::string_view metric_id, const v1::BuildingMonth&) {
                               metrics_.Delete(batch, metric_id);
                               return true;
                             });
      });
}

absl::StatusOr<v1::Enterprise> ParksStore::CreateEnterprise(
    const v1::CreateEnterpriseRequest& request) {
  const v1::Enterprise& e = request.enterprise();
  if (absl::Status s = enterprises_->CheckScope(e); !s.ok()) return s;  // before the park's check
  std::lock_guard<std::mutex> park_lock(parks_->LockFor(e.park_id()));
  std::lock_guard<std::mutex> building_lock(buildings_->LockFor(e.building_id()));
  if (absl::Status s = CheckPark(e.park_id(), "enterprise.park_id"); !s.ok()) return s;
  if (absl::Status s = CheckBuilding(e.building_id(), e.park_id(), "enterprise.building_id");
      !s.ok()) {
    return s;
  }
  return enterprises_->Create(e, request.request_id(), request);
}

absl::StatusOr<v1::Enterprise> ParksStore::UpdateEnterprise(
    const v1::UpdateEnterpriseRequest& request) {
  const v1::Enterprise& e = request.enterprise();
  std::lock_guard<std::mutex> park_lock(parks_->LockFor(e.park_id()));
  std::lock_guard<std::mutex> building_lock(buildings_->LockFor(e.building_id()));
  return enterprises_->Update(e, request.update_mask(), DeprecatedRequestEtag(request),
                              [&](WriteBatch*, const v1::Enterprise*, const v1::Enterprise* after) {
                                absl::Status s = CheckPark(after->park_id(), "enterprise.park_id");
                                return s.ok()
                                           ? CheckBuilding(after->building_id(), after->park_id(),
                                                           "enterprise.building_id")
                                           : s;
                              });
}

absl::Status ParksStore::DeletePark(absl::string_view id, absl::string_view etag) {
  return parks_->Delete(id, etag, [&](WriteBatch*, const v1::Park*, const v1::Park*) {
    for (const auto& [store_has, what, label] :
         {std::make_tuple(AnyUnder(*buildings_, "park", id), "buildings", "楼宇"),
          std::make_tuple(AnyUnder(*enterprises_, "park", id), "enterprises", "企业")}) {
      if (!store_has.ok()) return store_has.status();
      if (*store_has) {
        return FailedPreconditionError(
            absl::StrCat("park ", id, " has ", what, "; move or delete them first"),
            absl::StrCat("该园区还有", label, "，请先迁出或删除", label, "，再删除园区"));
      }
    }
    return absl::OkStatus();
  });
}

absl::Status ParksStore::RecordMetrics(std::vector<v1::BuildingMonth> months) {
  std::vector<std::string> ids;
  for (const auto& m : months) ids.push_back(m.building_id());
  auto locks = buildings_->LockAll(ids);
  WriteBatch batch;
  const auto now = Now();
  std::vector<v1::BuildingMonth> changed;
  for (size_t i = 0; i < months.size(); ++i) {
    const std::string field = months.size() == 1 ? "metrics" : absl::StrCat("metrics[", i, "]");
    // One read of the building (its id is validated non-empty): a scoped editor may record only
    // its park's buildings, and is denied before it learns whether the building exists.
    const absl::StatusOr<v1::Building> building = buildings_->Get(months[i].building_id());
    if (absl::Status s = buildings_->CheckScope(building); !s.ok()) return s;
    if (absl::IsNotFound(building.status())) {
      return FieldError(field + ".building_id", "no such building",
                        absl::StrCat("找不到楼宇 ", months[i].building_id()));
    }
    if (!building.ok()) return building.status();
    const std::string id = MetricId(months[i].building_id(), months[i].month());
    absl::StatusOr<v1::BuildingMonth> stored = metrics_.Get(*store_, id);
    if (!stored.ok() && !absl::IsNotFound(stored.status())) return stored.status();
    *months[i].mutable_update_time() = stored.ok() ? stored->update_time() : now;
    if (stored.ok() && google::protobuf::util::MessageDifferencer::Equals(*stored, months[i])) {
      continue;  // the same figures again: not written, no audit entry
    }
    *months[i].mutable_update_time() = now;
    metrics_.Put(&batch, id, months[i]);
    batch.Audit(absl::StrCat("metrics/", id), "", "");  // monthly figures carry no etag
    changed.push_back(std::move(months[i]));
  }
  if (changed.empty()) return absl::OkStatus();  // a batch that changes nothing writes nothing
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  for (const auto& m : changed) cube_.Put(m);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::BuildingMonth>> ParksStore::BuildingSeries(
    absl::string_view building_id, const YearMonth& from, const YearMonth& to) const {
  if (absl::StatusOr<v1::Building> b = buildings_->Get(building_id); !b.ok()) return b.status();
  std::vector<v1::BuildingMonth> out;
  const std::string first = from.year() == 0 ? "" : YearMonthKey(from);
  const std::string last = to.year() == 0 ? "999999" : YearMonthKey(to);
  absl::Status s = metrics_.Scan(*store_, absl::StrCat(building_id, "/"), "",
                                 [&](absl::string_view id, const v1::BuildingMonth& m) {
                                   const std::string key = YearMonthKey(m.month());
                                   if (key > last) return false;
                                   if (key >= first) out.push_back(m);
                                   return true;
                                 });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Park> ParksStore::CreatePark(const v1::CreateParkRequest& request) {
  return parks_->Create(request.park(), request.request_id(), request);
}

absl::StatusOr<v1::Park> ParksStore::GetPark(absl::string_view id) const { return parks_->Get(id); }

absl::StatusOr<ListPage<v1::Park>> ParksStore::ListParks(const v1::ListParksRequest& r,
                                                         int page_size) const {
  const bool by_kind = r.kind() != v1::PARK_KIND_UNSPECIFIED;
  return parks_->List(r, page_size, r.page_token(), by_kind ? "kind" : "",
                      v1::ParkKind_Name(r.kind()), nullptr);
}

absl::StatusOr<v1::Park> ParksStore::UpdatePark(const v1::UpdateParkRequest& request) {
  return parks_->Update(request.park(), request.update_mask(), DeprecatedRequestEtag(request));
}

absl::StatusOr<v1::Building> ParksStore::GetBuilding(absl::string_view id) const {
  return buildings_->Get(id);
}

absl::StatusOr<ListPage<v1::Building>> ParksStore::ListBuildings(const v1::ListBuildingsRequest& r,
                                                                 int page_size) const {
  const bool by_status = r.status() != v1::BUILDING_STATUS_UNSPECIFIED;
  const auto [index, value] = FirstSetFilter({
      {"park", r.park_id()},
      {"status", by_status ? v1::BuildingStatus_Name(r.status()) : ""},
  });
  return buildings_->List(r, page_size, r.page_token(), index, value, [&](const v1::Building& b) {
    return !by_status || b.status() == r.status();
  });
}

absl::StatusOr<v1::Enterprise> ParksStore::GetEnterprise(absl::string_view id) const {
  return enterprises_->Get(id);
}

absl::StatusOr<ListPage<v1::Enterprise>> ParksStore::ListEnterprises(
    const v1::ListEnterprisesRequest& r, int page_size) const {
  const int year = r.settled_year();
  const bool by_kind = r.kind() != v1::ENTERPRISE_KIND_UNSPECIFIED;
  const auto [index, value] = FirstSetFilter({
      {"building", r.building_id()},
      {"park", r.park_id()},
      {"category", r.category()},
      {"settled_year", year != 0 ? absl::StrCat(year) : ""},
      {"kind", by_kind ? v1::EnterpriseKind_Name(r.kind()) : ""},
  });
  auto matches = [&](const v1::Enterprise& e) {
    if (!r.building_id().empty() && e.building_id() != r.building_id()) return false;
    if (!r.park_id().empty() && e.park_id() != r.park_id()) return false;
    if (r.kind() != v1::ENTERPRISE_KIND_UNSPECIFIED && e.kind() != r.kind()) {
      return false;
    }
    if (r.settled_year() != 0 && e.settled_date().year() != r.settled_year()) {
      return false;
    }
    if (!r.category().empty() && std::find(e.categories().begin(), e.categories().end(),
                                           r.category()) == e.categories().end()) {
      return false;
    }
    return true;
  };
  return enterprises_->List(r, page_size, r.page_token(), index, value, matches);
}

absl::Status ParksStore::DeleteEnterprise(absl::string_view id, absl::string_view etag) {
  return enterprises_->Delete(id, etag);
}

}  // namespace district::parks
