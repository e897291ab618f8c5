// The district's six fields of work (六大领域) as project sectors: the one mapping between the
// recruitment service's Field enum and the sector names projects carry.
#ifndef DISTRICT_COMMON_FIELDS_H_
#define DISTRICT_COMMON_FIELDS_H_

#include <string>

#include "district/recruitment/v1/recruitment.pb.h"

namespace district {

inline std::string FieldSector(recruitment::v1::Field field) {
  switch (field) {
    case recruitment::v1::FIELD_PLATFORM_ECONOMY: return "平台经济";
    case recruitment::v1::FIELD_CULTURE_CREATIVE: return "文化创意";
    case recruitment::v1::FIELD_SCIENCE_INNOVATION: return "科技创新";
    case recruitment::v1::FIELD_INFORMATION_TECHNOLOGY: return "信息技术";
    case recruitment::v1::FIELD_FINANCE_BUSINESS: return "金融商务";
    case recruitment::v1::FIELD_EDUCATION_CULTURE: return "教育文化";
    default: return "其他";
  }
}

}  // namespace district

#endif  // DISTRICT_COMMON_FIELDS_H_
