#include "services/identity/identity_validation.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/validation.h"

namespace district::identity {

absl::Status ValidatePerson(const v1::Person& p) {
  const std::string& login = p.login_name();
  const bool login_ok =
      login.size() >= 3 && login.size() <= 64 &&
      std::all_of(login.begin(), login.end(), [](char c) {
        return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '_' || c == '-';
      });
  if (!login_ok) {
    return FieldError("person.login_name", "must be 3 to 64 characters of a-z, 0-9, '.', '_', '-'",
                      "登录名须为 3 至 64 个小写字母、数字或 . _ -");
  }
  absl::Status s = FirstError({
      RequireNonEmpty(p.display_name(), "person.display_name", "姓名"),
      RequireMaxLength(p.display_name(), "person.display_name", "姓名", 256),
      RequireMaxLength(p.unit(), "person.unit", "单位", 256),
      RequireMaxLength(p.title(), "person.title", "职务", 256),
      RequireMaxLength(p.phone(), "person.phone", "电话", 64),
      RequireMaxLength(p.scope().leader(), "person.scope.leader", "领导", 256),
      RequireMaxLength(p.scope().unit(), "person.scope.unit", "责任单位", 256),
      RequireMaxLength(p.scope().park_id(), "person.scope.park_id", "园区", 64),
      RequireEnum(p.state(), v1::Person::State_IsValid, "person.state", "状态", true),
  });
  if (!s.ok()) return s;
  if (p.roles().empty()) {
    return FieldError("person.roles", "must name at least one role", "请至少选择一个角色");
  }
  std::set<int> seen;
  for (int i = 0; i < p.roles_size(); ++i) {
    const int role = p.roles(i);
    const std::string field = absl::StrCat("person.roles[", i, "]");
    if (!v1::PersonRole_IsValid(role) || role == v1::PERSON_ROLE_UNSPECIFIED) {
      return FieldError(field, "must be a known role", "角色无效");
    }
    if (!seen.insert(role).second) return FieldError(field, "is named twice", "角色重复");
  }
  const int dimensions =
      !p.scope().leader().empty() + !p.scope().unit().empty() + !p.scope().park_id().empty();
  if (dimensions > 1) {
    return FieldError("person.scope", "must name at most one of leader, unit and park_id",
                      "范围只能是一位领导、一个单位或一个园区");
  }
  return absl::OkStatus();
}

}  // namespace district::identity
