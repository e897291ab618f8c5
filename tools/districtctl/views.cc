#include "tools/districtctl/views.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/registry.h"
#include "tools/districtctl/text_table.h"

namespace district::ctl {
namespace {

std::string Parts(const google::protobuf::RepeatedPtrField<aggregator::v1::Part>& parts) {
  std::string out;
  for (const auto& p : parts) {
    out += absl::StrCat("  ", p.service(), ": ",
                        p.available() ? "ok" : absl::StrCat("UNAVAILABLE (", p.error(), ")"), "\n");
  }
  return out;
}

// The label of the enum value named `name` in the contracts (common/registry.h): STAGE_PLANNING is
// 谋划; a name that is no value's (a sector) as it is.
std::string ValueLabel(const std::string& name) {
  const absl::string_view label = ApiRegistry::Global().ValueLabel(name);
  return label.empty() ? name : std::string(label);
}

// The label of value `number` of `type` in the contracts, or its name when it has none (its
// number when the contract has no such value).
std::string ValueLabel(const google::protobuf::EnumDescriptor* type, int number) {
  const google::protobuf::EnumValueDescriptor* value = type->FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat(number);
  const absl::string_view label = ApiRegistry::Label(value);
  return label.empty() ? value->name() : std::string(label);
}

template <typename Buckets>
std::string BucketTable(const std::string& title, const Buckets& buckets) {
  TextTable t({title, "count", "investment"});
  for (const auto& b : buckets) {
    t.AddRow({ValueLabel(b.key()), absl::StrCat(b.count()), FormatYuan(b.total_investment_yuan())});
  }
  return t.Render();
}

std::string StatusName(aggregator::v1::TargetStatus s) {
  switch (s) {
    case aggregator::v1::TARGET_STATUS_DONE:
      return "done";
    case aggregator::v1::TARGET_STATUS_ON_TRACK:
      return "on track";
    case aggregator::v1::TARGET_STATUS_AT_RISK:
      return "at risk";
    case aggregator::v1::TARGET_STATUS_BEHIND:
      return "behind";
    case aggregator::v1::TARGET_STATUS_NO_DATA:
      return "no data";
    default:
      return "-";
  }
}

std::string FormatValue(double v, const std::string& unit) {
  if (unit == "yuan") return FormatYuan(static_cast<int64_t>(v));
  if (unit == "share") return FormatShare(v);
  return absl::StrFormat("%.0f", v);
}

// An amount that may be absent (unknown): "—" then.
std::string MaybeYuan(bool known, int64_t yuan) { return known ? FormatYuan(yuan) : kUnknown; }

std::string Cell(const google::protobuf::Message& m, const std::string& column) {
  const auto* field = m.GetDescriptor()->FindFieldByName(column);
  if (field == nullptr) return "";
  const auto* r = m.GetReflection();
  // A scalar that says whether it is set (proto3 `optional`) and is not: not known.
  if (!field->is_repeated() && field->has_presence() &&
      field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE &&
      !r->HasField(m, field)) {
    return kUnknown;
  }
  if (field->is_repeated()) {
    std::vector<std::string> values;
    for (int i = 0; i < r->FieldSize(m, field); ++i) {
      if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
        values.push_back(r->GetRepeatedString(m, field, i));
      }
    }
    return absl::StrJoin(values, ",");
  }
  switch (field->cpp_type()) {
    case google::protobuf::FieldDescriptor::CPPTYPE_STRING:
      return r->GetString(m, field);
    case google::protobuf::FieldDescriptor::CPPTYPE_INT64: {
      const int64_t v = r->GetInt64(m, field);
      return absl::EndsWith(column, "_yuan") ? FormatYuan(v) : absl::StrCat(v);
    }
    case google::protobuf::FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(r->GetInt32(m, field));
    case google::protobuf::FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(r->GetDouble(m, field));
    case google::protobuf::FieldDescriptor::CPPTYPE_ENUM:
      // STAGE_UNDER_CONSTRUCTION -> 在建, as the district writes it.
      return ValueLabel(field->enum_type(), r->GetEnumValue(m, field));
    case google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE: {
      const auto& sub = r->GetMessage(m, field);
      const auto* year = sub.GetDescriptor()->FindFieldByName("year");
      const auto* month = sub.GetDescriptor()->FindFieldByName("month");
      const auto* day = sub.GetDescriptor()->FindFieldByName("day");
      if (year && month && day && sub.GetReflection()->GetInt32(sub, year) != 0) {
        return absl::StrFormat("%04d-%02d-%02d", sub.GetReflection()->GetInt32(sub, year),
                               sub.GetReflection()->GetInt32(sub, month),
                               sub.GetReflection()->GetInt32(sub, day));
      }
      if (sub.GetDescriptor()->full_name() == "google.protobuf.Timestamp") {
        const auto* seconds = sub.GetDescriptor()->FindFieldByName("seconds");
        const int64_t s = sub.GetReflection()->GetInt64(sub, seconds);
        return s == 0 ? ""
                      : absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(s),
                                         absl::LocalTimeZone());
      }
      return "";
    }
    default:
      return "";
  }
}

}  // namespace

std::string RenderOverview(const aggregator::v1::Overview& o) {
  std::string out = absl::StrCat("District overview ", o.year(), "\n", Parts(o.parts()), "\n");
  const auto& p = o.projects();
  const auto& prog = p.programme();
  out += absl::StrCat("Key projects (重点项目): ", p.project_count(), " in the register, ",
                      FormatYuan(p.total_investment_yuan()), "\n");
  if (prog.declared()) {
    out += absl::StrCat("  ", o.year(), " programme: ", prog.declared_project_count(),
                        " projects, ", FormatYuan(prog.declared_investment_yuan()),
                        " planned; in the register ", prog.project_count(), " projects, ",
                        prog.started_project_count(), " under construction or beyond; invested ",
                        prog.has_invested_yuan()
                            ? absl::StrCat(FormatYuan(prog.invested_yuan()), " (",
                                           FormatShare(prog.invested_share()), ")")
                            : absl::StrCat(kUnknown, " (no investment reported)"),
                        "\n");
  }
  const auto& land = p.land_start();
  out += absl::StrCat("  拿地即开工: ", land.started_within_window(), " of ", land.land_acquired(),
                      " started within ", land.window_days(), " days of acquiring land (",
                      land.has_rate() ? FormatShare(land.rate()) : kUnknown, "; target ",
                      FormatShare(land.target_share()), ")\n\n");
  out += BucketTable("stage", p.by_stage()) + "\n";
  out += BucketTable("level", p.by_level()) + "\n";
  out += BucketTable("sector", p.by_sector()) + "\n";

  const auto& r = o.recruitment();
  out += absl::StrCat("Recruitment (双招双引): ", r.lead_count(), " leads; signed in ", o.year(),
                      ": ", r.signed_in_year(), " (", FormatYuan(r.signed_amount_in_year_yuan()),
                      "); landed ", r.landed_in_year(), "; talents ", r.talent_count(), "\n");
  TextTable tiers({"tier (梯次)", "leads", "intended investment", "not known", "leads by name"});
  for (const auto& row : o.tiers().rows()) {
    std::vector<std::string> names;
    for (const auto& lead : row.leads()) names.push_back(lead.investor());
    if (row.leads_size() < row.count()) names.push_back("…");
    tiers.AddRow({ValueLabel(recruitment::v1::Tier_descriptor(), row.tier()),
                  absl::StrCat(row.count()),
                  MaybeYuan(row.has_intended_investment_yuan(), row.intended_investment_yuan()),
                  absl::StrCat(row.unknown_amount_count()), absl::StrJoin(names, "、")});
  }
  out += tiers.Render() + "\n";

  const auto& k = o.parks();
  out += absl::StrCat("Parks and buildings: ", k.park_count(), " parks, ", k.building_count(),
                      " buildings, ", k.enterprise_count(), " enterprises; tax in ", o.year(), ": ",
                      k.has_district_tax_revenue_yuan()
                          ? FormatYuan(k.district_tax_revenue_yuan())
                          : absl::StrCat(kUnknown, " (no month reported)"),
                      "; buildings over 5000万元: ", k.buildings_above_50m_yuan(),
                      ", over 1亿元: ", k.buildings_above_100m_yuan(), "; new headquarters ",
                      k.new_headquarters(), ", branches ", k.new_branches(), "\n\n");
  const auto& w = o.warnings();
  out += absl::StrCat("Warnings: ", w.overdue_milestones(), " overdue milestones, ",
                      w.open_obstacles(), " open obstacles on ", w.projects_with_open_obstacles(),
                      " projects, ", w.stalled_leads(), " stalled leads\n");
  for (const auto& s : w.stalled()) {
    out += absl::StrFormat("  stalled since %04d-%02d-%02d: %s (%s)%s\n",
                           s.last_activity_date().year(), s.last_activity_date().month(),
                           s.last_activity_date().day(), s.name(), s.investor(),
                           s.leader().empty() ? "" : absl::StrCat(", ", s.leader()));
  }
  for (const auto& m : w.overdue()) {
    out += absl::StrFormat("  overdue since %04d-%02d-%02d: %s — %s\n", m.planned_date().year(),
                           m.planned_date().month(), m.planned_date().day(), m.project_name(),
                           m.title());
  }
  return out;
}

std::string RenderScoreboard(const aggregator::v1::Scoreboard& b) {
  std::string out = absl::StrCat("Scoreboard ", b.year(), " (", FormatShare(b.year_elapsed()),
                                 " of the year elapsed)\n", Parts(b.parts()), "\n");
  TextTable t({"service", "target", "goal", "actual", "done", "status"});
  for (const auto& e : b.entries()) {
    t.AddRow({e.service(), e.name(), FormatValue(e.target(), e.unit()),
              e.has_actual() ? FormatValue(e.actual(), e.unit()) : kUnknown,
              e.has_share_done() ? FormatShare(e.share_done()) : kUnknown, StatusName(e.status())});
  }
  return out + t.Render();
}

std::string RenderList(const std::vector<const google::protobuf::Message*>& items,
                       const std::vector<std::string>& columns) {
  TextTable t(columns);
  for (const auto* m : items) {
    std::vector<std::string> row;
    for (const auto& c : columns) row.push_back(Cell(*m, c));
    t.AddRow(std::move(row));
  }
  return t.Render();
}

namespace {

template <typename Groups>
std::string GroupTable(const std::string& title, const Groups& groups) {
  TextTable t({title, "projects", "planned", "invested", "completion", "red"});
  for (const auto& g : groups) {
    t.AddRow({g.name().empty() ? "(none)" : g.name(), absl::StrCat(g.project_count()),
              FormatYuan(g.planned_yuan()),
              g.has_invested_yuan() ? FormatYuan(g.invested_yuan()) : kUnknown,
              g.has_completion() ? FormatShare(g.completion()) : kUnknown,
              absl::StrCat(g.red_count())});
  }
  return t.Render();
}

}  // namespace

std::string RenderBulletin(const project::v1::Bulletin& b) {
  std::string out =
      absl::StrFormat("Monthly bulletin (月通报) %04d-%02d\n", b.month().year(), b.month().month());
  absl::StrAppend(&out, "  lights: ", b.red_count(), " red, ", b.yellow_count(), " yellow, ",
                  b.green_count(), " green, ", b.unspecified_count(), " without a plan\n");
  const auto& land = b.land_start();
  absl::StrAppend(&out, "  拿地即开工: ", land.started_within_window(), " of ",
                  land.land_acquired(), " started within ", land.window_days(), " days",
                  land.has_rate() ? absl::StrCat(" (", FormatShare(land.rate()), ")") : "",
                  ", target ", FormatShare(land.target_share()), "\n\n");
  if (b.red_size() > 0) {
    absl::StrAppend(&out, "Red projects (红灯)\n");
    for (const auto& r : b.red()) {
      absl::StrAppend(&out, "  ", r.project_id(), "  ", r.name(), "  (", r.responsible_unit(), ", ",
                      r.leader(), ")\n");
      for (const auto& reason : r.reasons()) absl::StrAppend(&out, "      - ", reason, "\n");
    }
    out += "\n";
  }
  TextTable projects(
      {"#", "project", "unit", "leader", "planned", "invested", "completion", "light"});
  int rank = 0;
  for (const auto& p : b.projects()) {
    projects.AddRow({absl::StrCat(++rank), p.name(), p.responsible_unit(), p.leader(),
                     FormatYuan(p.planned_yuan()),
                     MaybeYuan(p.has_invested_yuan(), p.invested_yuan()),
                     p.has_completion() ? FormatShare(p.completion()) : kUnknown,
                     ValueLabel(project::v1::Light_descriptor(), p.light())});
  }
  absl::StrAppend(&out, "Projects by completion of planned investment\n", projects.Render(), "\n");
  absl::StrAppend(&out, GroupTable("responsible unit", b.by_unit()), "\n");
  absl::StrAppend(&out, GroupTable("leader", b.by_leader()), "\n");
  absl::StrAppend(&out, "New construction starts (新开工): ", b.new_starts_size(), "\n");
  for (const auto& s : b.new_starts()) {
    absl::StrAppend(&out, "  ",
                    absl::StrFormat("%04d-%02d-%02d", s.start_date().year(), s.start_date().month(),
                                    s.start_date().day()),
                    "  ", s.name(), "\n");
  }
  return out;
}

}  // namespace district::ctl
