#include "common/caller.h"

#include "absl/random/random.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace district {
namespace {

thread_local const Caller* current_caller = nullptr;

const Caller& SystemCaller() {
  static const auto* system =
      new Caller{std::make_shared<const Principal>(Principal{"system", Role::kAdmin, {}}), "", ""};
  return *system;
}

const char* DimensionName(Scope::Dimension d) {
  switch (d) {
    case Scope::Dimension::kPark:
      return "park";
    case Scope::Dimension::kLeader:
      return "leader";
    case Scope::Dimension::kUnit:
      return "unit";
    case Scope::Dimension::kNone:
      break;
  }
  return "";
}

}  // namespace

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAnyone:
      return "anyone";
    case Role::kViewer:
      return "viewer";
    case Role::kEditor:
      return "editor";
    case Role::kReviewer:
      return "reviewer";
    case Role::kAdmin:
      return "admin";
  }
  return "?";
}

std::string NewRequestId() {
  // 64 random bits as 16 hex digits, made for every call that brings no id of its own: the
  // generator's raw output (no distribution to shape).
  thread_local absl::InsecureBitGen bits;
  const uint64_t random = bits();
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(&random), 8));
}

bool IsSensibleRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

CallerScope::CallerScope(Caller caller) : previous_(current_caller), caller_(std::move(caller)) {
  current_caller = &caller_;
}

CallerScope::~CallerScope() { current_caller = previous_; }

const Caller& CurrentCaller() {
  return current_caller != nullptr ? *current_caller : SystemCaller();
}

bool CallerIsScoped() {
  return CurrentCaller().principal->scope.dimension != Scope::Dimension::kNone;
}

absl::Status CheckInScope(const absl::StatusOr<ScopeTags>& tags) {
  const Principal& who = *CurrentCaller().principal;
  if (who.scope.dimension == Scope::Dimension::kNone) return absl::OkStatus();
  if (!tags.ok() && !absl::IsNotFound(tags.status())) return tags.status();
  if (tags.ok()) {
    static const std::string kNoTag;
    const std::string& tag = who.scope.dimension == Scope::Dimension::kPark     ? tags->park_id
                             : who.scope.dimension == Scope::Dimension::kLeader ? tags->leader
                             : who.scope.dimension == Scope::Dimension::kUnit   ? tags->unit
                                                                                : kNoTag;
    if (!tag.empty() && tag == who.scope.value) return absl::OkStatus();
  }
  return PermissionDeniedError(
      absl::StrCat(who.name, " may change only the records of ", DimensionName(who.scope.dimension),
                   " ", who.scope.value),
      who.scope.dimension == Scope::Dimension::kPark
          ? absl::StrCat("您只能修改园区 ", who.scope.value, " 的记录")
      : who.scope.dimension == Scope::Dimension::kLeader
          ? absl::StrCat("您只能修改", who.scope.value, "包靠的记录")
          : absl::StrCat("您只能修改", who.scope.value, "的记录"));
}

}  // namespace district
