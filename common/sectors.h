// The one classification of sectors (领域/产业) that projects and leads share, and that the
// aggregator's sector view selects by: the district's six fields of work (六大领域, the recruitment
// service's Field enum, matching its six themed parks), then the industrial sectors of its key
// projects, then 其他. A project's `sector` and a lead's `sector` are names from this list, stored
// and returned exactly as written here.
//
// Stateless; safe from any thread.
//
// Pure functions over a constant list: thread-safe.
#ifndef DISTRICT_COMMON_SECTORS_H_
#define DISTRICT_COMMON_SECTORS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace district {

inline constexpr absl::string_view kSectors[] = {
    // The six fields, in the order of the Field enum.
    "平台经济",
    "文化创意",
    "科技创新",
    "信息技术",
    "金融商务",
    "教育文化",
    // The industrial sectors of the key projects.
    "高端装备",
    "安全产业",
    "城市更新",
    "文化旅游",
    "其他",
};

// Whether `name` is one of kSectors.
bool IsSector(absl::string_view name);

// OK when `value` is empty (not classified) or one of kSectors; otherwise INVALID_ARGUMENT naming
// `field` and listing the sectors, with `label` ("领域") in its zh-CN sentence.
absl::Status RequireSector(absl::string_view value, absl::string_view field,
                           absl::string_view label);

// The sector a field of work is, given a district.recruitment.v1.Field value (taken as a number,
// so that common/ needs no service's contract): 1 FIELD_PLATFORM_ECONOMY -> 平台经济, ...,
// 6 FIELD_EDUCATION_CULTURE -> 教育文化, 7 FIELD_OTHER -> 其他; "" for any other value.
std::string FieldSector(int field);

}  // namespace district

#endif  // DISTRICT_COMMON_SECTORS_H_
