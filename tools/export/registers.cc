#include "tools/export/registers.h"

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "district/aggregator/v1/aggregator_service.pb.h"

namespace district::xport {
namespace {

using K = Column::Kind;
constexpr int kPageSize = 1000;  // the services' largest page

// The messages of a repeated field, as a sheet's rows.
template <typename Repeated>
std::vector<const google::protobuf::Message*> Rows(const Repeated& repeated) {
  std::vector<const google::protobuf::Message*> out;
  for (const auto& m : repeated) out.push_back(&m);
  return out;
}

}  // namespace

const std::vector<Register>& Registers() {
  static const auto* registers = new std::vector<Register>{
      {"projects",
       "重点项目",
       "district.project.v1.ProjectService.ListProjects",
       "projects",
       {{"编号", "id"},
        {"项目名称", "name"},
        {"建设单位", "owner"},
        {"领域", "sector"},
        {"级别", "level", K::kEnum},
        {"阶段", "stage", K::kEnum},
        {"总投资(万元)", "total_investment_yuan", K::kWanYuan},
        {"用地(亩)", "land_area_mu", K::kNumber},
        {"累计完成投资(万元)", "invested_to_date_yuan", K::kWanYuan},
        {"包靠领导", "leader"},
        {"领导职务", "leader_title"},
        {"责任单位", "responsible_unit"},
        {"园区", "park_id"},
        {"来源", "source"}}},
      {"leads",
       "招商项目",
       "district.recruitment.v1.RecruitmentService.ListLeads",
       "leads",
       {{"编号", "id"},
        {"项目名称", "name"},
        {"投资方", "investor"},
        {"领域", "sector"},
        {"梯次", "tier", K::kEnum},
        {"阶段", "stage", K::kEnum},
        {"意向投资(万元)", "intended_investment_yuan", K::kWanYuan},
        {"签约日期", "signed_date", K::kDate},
        {"签约金额(万元)", "signed_amount_yuan", K::kWanYuan},
        {"包靠领导", "leader"},
        {"责任单位", "responsible_unit"},
        {"目标园区", "target_park_id"},
        {"来源", "source"}}},
      {"parks",
       "园区",
       "district.parks.v1.ParkMetricsService.ListParks",
       "parks",
       {{"编号", "id"},
        {"名称", "name"},
        {"类型", "kind", K::kEnum},
        {"主题", "theme"},
        {"面积(亩)", "area_mu", K::kNumber},
        {"来源", "source"}}},
      {"buildings",
       "楼宇",
       "district.parks.v1.ParkMetricsService.ListBuildings",
       "buildings",
       {{"编号", "id"},
        {"名称", "name"},
        {"园区", "park_id"},
        {"状态", "status", K::kEnum},
        {"建筑面积(㎡)", "floor_area_m2", K::kNumber},
        {"开工日期", "construction_start_date", K::kDate},
        {"竣工日期", "completion_date", K::kDate},
        {"来源", "source"}}},
      {"enterprises",
       "企业",
       "district.parks.v1.ParkMetricsService.ListEnterprises",
       "enterprises",
       {{"编号", "id"},
        {"名称", "name"},
        {"类型", "kind", K::kEnum},
        {"类别", "categories"},
        {"园区", "park_id"},
        {"楼宇", "building_id"},
        {"落户日期", "settled_date", K::kDate},
        {"来源", "source"}}},
  };
  return *registers;
}

const Register* FindRegister(const std::string& name) {
  for (const Register& r : Registers()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

absl::StatusOr<std::string> ExportOverview(const rpc::Rpc& rpc, const std::string& filter_json,
                                           const rpc::Caller& caller) {
  aggregator::v1::GetOverviewRequest request;
  if (absl::Status s = rpc::FromJson(filter_json, &request); !s.ok()) return s;
  aggregator::v1::GetScoreboardRequest board_request;
  board_request.set_year(request.year());
  rpc::Reply overview =
      rpc.CallAs("district.aggregator.v1.DistrictService.GetOverview", request, caller);
  if (!overview.status.ok()) return FromGrpcStatus(overview.status);
  rpc::Reply board =
      rpc.CallAs("district.aggregator.v1.DistrictService.GetScoreboard", board_request, caller);
  if (!board.status.ok()) return FromGrpcStatus(board.status);
  const auto& o = static_cast<const aggregator::v1::Overview&>(*overview.response);
  const auto& b = static_cast<const aggregator::v1::Scoreboard&>(*board.response);

  const std::vector<Column> buckets = {{"分类", "key", K::kLabel},
                                       {"项目数", "count", K::kNumber},
                                       {"总投资(万元)", "total_investment_yuan", K::kWanYuan}};
  return WriteWorkbook({
      {"目标",
       {{"目标", "name"},
        {"单位", "unit"},
        {"目标值", "target", K::kNumber},
        {"完成", "actual", K::kNumber},
        {"完成率", "share_done", K::kShare},
        {"状态", "status", K::kEnum}},
       Rows(b.entries())},
      {"项目阶段", buckets, Rows(o.projects().by_stage())},
      {"行业分布", buckets, Rows(o.projects().by_sector())},
      {"层级分布", buckets, Rows(o.projects().by_level())},
      {"招商梯次",
       {{"梯次", "tier", K::kEnum},
        {"项目数", "count", K::kNumber},
        {"意向投资(万元)", "intended_investment_yuan", K::kWanYuan},
        {"未报金额项目数", "unknown_amount_count", K::kNumber}},
       Rows(o.tiers().rows())},
      {"园区税收",
       {{"园区", "name"},
        {"税收(万元)", "tax_revenue_yuan", K::kWanYuan},
        {"楼宇数", "building_count", K::kNumber}},
       Rows(o.parks().parks())},
  });
}

absl::StatusOr<std::string> ExportBulletin(const rpc::Rpc& rpc, const std::string& filter_json,
                                           const rpc::Caller& caller) {
  project::v1::GetBulletinRequest request;
  if (absl::Status s = rpc::FromJson(filter_json, &request); !s.ok()) return s;
  rpc::Reply reply = rpc.CallAs("district.project.v1.ProjectService.GetBulletin", request, caller);
  if (!reply.status.ok()) return FromGrpcStatus(reply.status);
  const auto& b = static_cast<const project::v1::Bulletin&>(*reply.response);

  // The summary as a one-row sheet of the bulletin itself.
  const std::vector<const google::protobuf::Message*> whole = {&b};
  const std::vector<Column> groups = {{"名称", "name"},
                                      {"项目数", "project_count", K::kNumber},
                                      {"计划投资(万元)", "planned_yuan", K::kWanYuan},
                                      {"完成投资(万元)", "invested_yuan", K::kWanYuan},
                                      {"完成率", "completion", K::kShare},
                                      {"红灯数", "red_count", K::kNumber}};
  return WriteWorkbook({
      {"概要",
       {{"绿灯", "green_count", K::kNumber},
        {"黄灯", "yellow_count", K::kNumber},
        {"红灯", "red_count", K::kNumber},
        {"无计划", "unspecified_count", K::kNumber}},
       whole},
      {"拿地即开工",
       {{"取得土地项目数", "land_acquired", K::kNumber},
        {"其中即开工", "started_within_window", K::kNumber},
        {"拿地即开工率", "rate", K::kShare},
        {"目标", "target_share", K::kShare},
        {"开工时限(天)", "window_days", K::kNumber}},
       {&b.land_start()}},
      {"红灯项目",
       {{"项目", "name"},
        {"包靠领导", "leader"},
        {"责任单位", "responsible_unit"},
        {"原因", "reasons"},
        {"计划投资至今(万元)", "planned_to_date_yuan", K::kWanYuan},
        {"完成投资(万元)", "invested_yuan", K::kWanYuan}},
       Rows(b.red())},
      {"项目排名",
       {{"项目", "name"},
        {"包靠领导", "leader"},
        {"责任单位", "responsible_unit"},
        {"计划投资(万元)", "planned_yuan", K::kWanYuan},
        {"完成投资(万元)", "invested_yuan", K::kWanYuan},
        {"完成率", "completion", K::kShare},
        {"状态", "light", K::kEnum}},
       Rows(b.projects())},
      {"单位排名", groups, Rows(b.by_unit())},
      {"领导排名", groups, Rows(b.by_leader())},
      {"新开工", {{"项目", "name"}, {"开工日期", "start_date", K::kDate}}, Rows(b.new_starts())},
  });
}

const ViewExport* FindViewExport(const std::string& name) {
  static const auto* views = new std::vector<ViewExport>{
      {"overview", "驾驶舱", &ExportOverview},
      {"bulletin", "月通报", &ExportBulletin},
  };
  for (const ViewExport& v : *views) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

absl::StatusOr<std::string> ExportRegister(const rpc::Rpc& rpc, const Register& reg,
                                           const std::string& filter_json,
                                           const rpc::Caller& caller) {
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> request =
      rpc.NewRequest(reg.list_method);
  if (!request.ok()) return request.status();
  if (absl::Status s = rpc::FromJson(filter_json, request->get()); !s.ok()) return s;
  google::protobuf::Message& req = **request;
  const auto* page_size = req.GetDescriptor()->FindFieldByName("page_size");
  const auto* page_token = req.GetDescriptor()->FindFieldByName("page_token");
  req.GetReflection()->SetInt32(&req, page_size, kPageSize);

  std::vector<std::unique_ptr<google::protobuf::Message>> pages;
  Sheet sheet{reg.title, reg.columns, {}};
  while (true) {
    rpc::Reply reply = rpc.CallAs(reg.list_method, req, caller);
    if (!reply.status.ok()) return FromGrpcStatus(reply.status);
    const google::protobuf::Message& page = *reply.response;
    const auto* items = page.GetDescriptor()->FindFieldByName(reg.items_field);
    const auto* next = page.GetDescriptor()->FindFieldByName("next_page_token");
    const auto* r = page.GetReflection();
    for (int i = 0; i < r->FieldSize(page, items); ++i) {
      sheet.rows.push_back(&r->GetRepeatedMessage(page, items, i));
    }
    const std::string token = r->GetString(page, next);
    pages.push_back(std::move(reply.response));
    if (token.empty()) break;
    req.GetReflection()->SetString(&req, page_token, token);
  }
  return WriteWorkbook({sheet});
}

}  // namespace district::xport
