// The readable forms of districtctl's output: the overview and scoreboard as tables, and lists of
// resources as tables of their main fields.
#ifndef DISTRICT_TOOLS_DISTRICTCTL_VIEWS_H_
#define DISTRICT_TOOLS_DISTRICTCTL_VIEWS_H_

#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "district/aggregator/v1/aggregator_service.pb.h"
#include "district/project/v1/project_service.pb.h"

namespace district::ctl {

std::string RenderOverview(const aggregator::v1::Overview& overview);
std::string RenderScoreboard(const aggregator::v1::Scoreboard& board);
// The monthly bulletin (月通报) as a report: counts by light, the red projects with reasons, the
// rankings of projects, units and leaders, the month's new starts and the 拿地即开工 rate.
std::string RenderBulletin(const project::v1::Bulletin& bulletin);

// A table of the messages in `items`, one row each, with `columns` (field names; money fields
// ending in _yuan shown in 亿元/万元, enums by name, lists joined).
std::string RenderList(const std::vector<const google::protobuf::Message*>& items,
                       const std::vector<std::string>& columns);

}  // namespace district::ctl

#endif  // DISTRICT_TOOLS_DISTRICTCTL_VIEWS_H_
