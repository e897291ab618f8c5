#include "tools/export/labels.h"

namespace district::xport {

const std::map<std::string, std::string>& EnumLabels() {
  static const auto* labels = new std::map<std::string, std::string>{
      // district.project.v1.Stage
      {"STAGE_UNSPECIFIED", "未定"},
      {"STAGE_PLANNING", "谋划"},
      {"STAGE_SIGNED", "签约"},
      {"STAGE_APPROVED", "立项审批"},
      {"STAGE_LAND_ACQUIRED", "取得土地"},
      {"STAGE_UNDER_CONSTRUCTION", "在建"},
      {"STAGE_COMPLETED", "竣工"},
      {"STAGE_IN_PRODUCTION", "投产"},
      {"STAGE_SUSPENDED", "暂停"},
      {"STAGE_CANCELLED", "取消"},
      // district.project.v1.Level
      {"LEVEL_UNSPECIFIED", "未定级"},
      {"LEVEL_PROVINCIAL", "省重点"},
      {"LEVEL_MUNICIPAL", "市重点"},
      {"LEVEL_DISTRICT", "区重点"},
      // district.project.v1.ObstacleStatus
      {"OBSTACLE_STATUS_OPEN", "待解决"},
      {"OBSTACLE_STATUS_RESOLVED", "已解决"},
      // district.project.v1.ObstacleKind
      {"OBSTACLE_KIND_LAND", "用地"},
      {"OBSTACLE_KIND_FUNDS", "资金"},
      {"OBSTACLE_KIND_ENERGY", "能耗"},
      {"OBSTACLE_KIND_LABOUR", "用工"},
      {"OBSTACLE_KIND_APPROVALS", "审批"},
      {"OBSTACLE_KIND_OTHER", "其他"},
      // district.project.v1.Light (the supervision light; a text label beside every colour)
      {"LIGHT_UNSPECIFIED", "无计划"},
      {"LIGHT_GREEN", "绿灯"},
      {"LIGHT_YELLOW", "黄灯"},
      {"LIGHT_RED", "红灯"},
      // district.project.v1.OrderState
      {"ORDER_STATE_ISSUED", "已交办"},
      {"ORDER_STATE_RESPONDED", "已回复"},
      {"ORDER_STATE_CLOSED", "已办结"},
      // district.project.v1.ReminderKind
      {"REMINDER_KIND_MILESTONE", "节点"},
      {"REMINDER_KIND_OBSTACLE", "问题"},
      {"REMINDER_KIND_INVESTMENT_UNREPORTED", "投资未报"},
      {"REMINDER_KIND_ORDER", "督办"},
      {"REMINDER_KIND_STALLED_LEAD", "停滞线索"},
      // district.recruitment.v1.Field
      {"FIELD_UNSPECIFIED", "未定"},
      {"FIELD_PLATFORM_ECONOMY", "平台经济"},
      {"FIELD_CULTURE_CREATIVE", "文化创意"},
      {"FIELD_SCIENCE_INNOVATION", "科技创新"},
      {"FIELD_INFORMATION_TECHNOLOGY", "信息技术"},
      {"FIELD_FINANCE_BUSINESS", "金融商务"},
      {"FIELD_EDUCATION_CULTURE", "教育文化"},
      {"FIELD_OTHER", "其他"},
      // district.recruitment.v1.Tier
      {"TIER_UNSPECIFIED", "未分梯次"},
      {"TIER_SIGN_NOW", "即签约"},
      {"TIER_NEGOTIATING", "洽谈中"},
      {"TIER_RESERVE", "储备"},
      // district.recruitment.v1.LeadStage
      {"LEAD_STAGE_IDENTIFIED", "线索"},
      {"LEAD_STAGE_CONTACTED", "已接洽"},
      {"LEAD_STAGE_NEGOTIATING", "洽谈"},
      {"LEAD_STAGE_SIGNABLE", "具备签约条件"},
      {"LEAD_STAGE_SIGNED", "已签约"},
      {"LEAD_STAGE_LANDED", "已落地"},
      {"LEAD_STAGE_LOST", "已放弃"},
      // district.recruitment.v1.FollowUpKind
      {"FOLLOW_UP_KIND_VISIT", "走访"},
      {"FOLLOW_UP_KIND_MEETING", "会谈"},
      {"FOLLOW_UP_KIND_CALL", "电话"},
      {"FOLLOW_UP_KIND_DOCUMENT", "文件"},
      // district.parks.v1
      {"PARK_KIND_THEMED_PARK", "特色产业园区"},
      {"PARK_KIND_ZONE", "功能区"},
      {"BUILDING_STATUS_PLANNED", "规划"},
      {"BUILDING_STATUS_UNDER_CONSTRUCTION", "在建"},
      {"BUILDING_STATUS_COMPLETED", "建成"},
      {"ENTERPRISE_KIND_HEADQUARTERS", "总部"},
      {"ENTERPRISE_KIND_BRANCH", "分支机构"},
      {"ENTERPRISE_KIND_OTHER", "其他"},
      // district.aggregator.v1.TargetStatus
      {"TARGET_STATUS_DONE", "已完成"},
      {"TARGET_STATUS_ON_TRACK", "进度正常"},
      {"TARGET_STATUS_AT_RISK", "有风险"},
      {"TARGET_STATUS_BEHIND", "滞后"},
      {"TARGET_STATUS_NO_DATA", "暂无数据"},
  };
  return *labels;
}

std::string EnumLabel(const std::string& value_name) {
  auto it = EnumLabels().find(value_name);
  return it == EnumLabels().end() ? value_name : it->second;
}

}  // namespace district::xport
