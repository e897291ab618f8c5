#include "common/validation.h"

#include <gtest/gtest.h>

#include "common/date.h"
#include "common/error_details.h"
#include "common/fingerprint.h"
#include "common/page_token.h"
#include "common/update_mask.h"
#include "district/common/v1/date.pb.h"

namespace district {
namespace {

// INVALID_ARGUMENT naming `field` first in its message, and as data: the BadRequest's one
// violation is that field, and a zh-CN sentence comes with it.
void ExpectFieldError(const absl::Status& s, const std::string& field) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ(s.message().substr(0, field.size() + 1), field + ":") << s;
  std::optional<google::rpc::BadRequest> bad = BadRequestOf(s);
  ASSERT_TRUE(bad.has_value()) << s;
  ASSERT_EQ(bad->field_violations_size(), 1) << s;
  EXPECT_EQ(bad->field_violations(0).field(), field) << s;
  std::optional<google::rpc::LocalizedMessage> zh = LocalizedMessageOf(s);
  ASSERT_TRUE(zh.has_value()) << s;
  EXPECT_EQ(zh->locale(), "zh-CN");
  EXPECT_FALSE(zh->message().empty()) << s;
}

TEST(Validation, TextAndNumbers) {
  ExpectFieldError(RequireNonEmpty("", "project.name", "项目名称"), "project.name");
  EXPECT_EQ(LocalizedMessageOf(RequireNonEmpty("", "project.name", "项目名称"))->message(),
            "项目名称不能为空");
  EXPECT_TRUE(RequireNonEmpty("林德液压", "project.name", "项目名称").ok());
  // Names that show nothing: spaces, an ideographic space, zero-width characters.
  ExpectFieldError(RequireNonEmpty(" \t ", "project.name", "项目名称"), "project.name");
  ExpectFieldError(RequireNonEmpty("\xE3\x80\x80", "project.name", "项目名称"), "project.name");
  ExpectFieldError(RequireNonEmpty("\xE2\x80\x8B\xEF\xBB\xBF", "project.name", "项目名称"),
                   "project.name");
  EXPECT_TRUE(RequireNonEmpty(" 林德\xE2\x80\x8B", "project.name", "项目名称").ok());
  ExpectFieldError(RequireMaxLength(std::string(kMaxTextBytes + 1, 'x'), "note", "说明"), "note");
  ExpectFieldError(RequireNonNegative(int64_t{-1}, "amount", "金额"), "amount");
  ExpectFieldError(RequireNonNegative(std::nan(""), "mu", "面积"), "mu");
  ExpectFieldError(RequireInRange(1.01, 0, 1, "occupancy", "出租率"), "occupancy");
  EXPECT_TRUE(RequireInRange(1.0, 0, 1, "occupancy", "出租率").ok());
}

bool OnlyOneAndTwo(int v) { return v == 1 || v == 2; }

TEST(Validation, Enums) {
  ExpectFieldError(RequireEnum(0, OnlyOneAndTwo, "stage", "阶段", false), "stage");
  EXPECT_EQ(LocalizedMessageOf(RequireEnum(0, OnlyOneAndTwo, "stage", "阶段", false))->message(),
            "请选择阶段");
  EXPECT_TRUE(RequireEnum(0, OnlyOneAndTwo, "stage", "阶段", true).ok());
  ExpectFieldError(RequireEnum(7, OnlyOneAndTwo, "stage", "阶段", true), "stage");
  EXPECT_TRUE(RequireEnum(2, OnlyOneAndTwo, "stage", "阶段", false).ok());
}

TEST(Validation, PageSize) {
  EXPECT_EQ(*ResolvePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*ResolvePageSize(7), 7);
  ExpectFieldError(ResolvePageSize(-1).status(), "page_size");
  ExpectFieldError(ResolvePageSize(kMaxPageSize + 1).status(), "page_size");
}

TEST(Dates, ValidationAndArithmetic) {
  EXPECT_TRUE(ValidateDate(MakeDate(2020, 2, 29), "d", "日期").ok());
  ExpectFieldError(ValidateDate(MakeDate(2021, 2, 29), "d", "日期"), "d");
  EXPECT_EQ(LocalizedMessageOf(ValidateDate(MakeDate(2021, 2, 29), "d", "日期"))->message(),
            "日期不是有效日期：2021年2月没有29日");
  ExpectFieldError(ValidateDate(MakeDate(2020, 13, 1), "d", "日期"), "d");
  ExpectFieldError(ValidateDate(MakeDate(0, 1, 1), "d", "日期"), "d");
  EXPECT_EQ(DaysSinceEpoch(MakeDate(1970, 1, 1)), 0);
  EXPECT_EQ(DaysSinceEpoch(MakeDate(2020, 3, 1)) - DaysSinceEpoch(MakeDate(2020, 2, 1)), 29);
  // The Gregorian rules at their edges, and days before 1970.
  EXPECT_TRUE(ValidateDate(MakeDate(2000, 2, 29), "d", "日期").ok());
  ExpectFieldError(ValidateDate(MakeDate(1900, 2, 29), "d", "日期"), "d");
  ExpectFieldError(ValidateDate(MakeDate(2020, 4, 31), "d", "日期"), "d");
  ExpectFieldError(ValidateDate(MakeDate(2020, 1, 0), "d", "日期"), "d");
  EXPECT_EQ(DaysSinceEpoch(MakeDate(1969, 12, 31)), -1);
  EXPECT_EQ(DaysSinceEpoch(MakeDate(2020, 3, 30)), 18351);
  EXPECT_EQ(DateToString(DateFromDays(18351)), "2020-03-30");
  EXPECT_EQ(DateToString(DateFromDays(-719162)), "0001-01-01");
  EXPECT_EQ(DateToString(DateFromDays(2932896)), "9999-12-31");
  for (int64_t day = -800000; day <= 3000000; day += 997) {
    ASSERT_EQ(DaysSinceEpoch(DateFromDays(day)), day);
  }
  EXPECT_LT(CompareDates(MakeDate(2020, 3, 30), MakeDate(2020, 4, 1)), 0);
  EXPECT_EQ(DateToString(MakeDate(2020, 3, 30)), "2020-03-30");
  EXPECT_TRUE(ValidateDate(Today(), "today", "今天").ok());
  common::v1::YearMonth ym;
  ym.set_year(2020);
  ym.set_month(0);
  ExpectFieldError(ValidateYearMonth(ym, "month", "月份"), "month");
}

// FNV-1a's published values: a fingerprint kept in a token or a reminder key must not change
// with a build.
TEST(Fingerprint64, IsFnv1aAndTheSameInEveryBuild) {
  EXPECT_EQ(Fingerprint64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fingerprint64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fingerprint64("foobar"), 0x85944171f73967e8ull);
}

TEST(PageTokens, RoundTripAndRejection) {
  common::v1::Date query;  // any message serves as a query
  query.set_year(2020);
  const uint64_t fp = QueryFingerprint(query);
  const std::string token = EncodePageToken(fp, "P00000042");
  EXPECT_EQ(*DecodePageToken(token, fp), "P00000042");
  EXPECT_EQ(*DecodePageToken("", fp), "");
  ExpectFieldError(DecodePageToken("not a token!", fp).status(), "page_token");
  ExpectFieldError(DecodePageToken("djE6", fp).status(), "page_token");  // "v1:"
  // Any one character changed is a malformed token, never another position (the last one may
  // carry only base64's unused bits, so it is left alone).
  for (size_t i = 0; i + 1 < token.size(); ++i) {
    std::string altered = token;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(DecodePageToken(altered, fp).ok()) << "character " << i;
  }
  query.set_year(2021);
  ExpectFieldError(DecodePageToken(token, QueryFingerprint(query)).status(), "page_token");
  // Two empty requests of different List methods are different queries.
  EXPECT_NE(QueryFingerprint(common::v1::Date()), QueryFingerprint(common::v1::YearMonth()));
}

TEST(UpdateMask, AppliesOnlyUpdatablePaths) {
  common::v1::Date stored = MakeDate(2020, 1, 1);
  common::v1::Date patch = MakeDate(2021, 5, 9);
  google::protobuf::FieldMask mask;
  mask.add_paths("month");
  ASSERT_TRUE(ApplyUpdateMask(patch, mask, {"month", "day"}, &stored).ok());
  EXPECT_EQ(stored.year(), 2020);
  EXPECT_EQ(stored.month(), 5);
  EXPECT_EQ(stored.day(), 1);
  mask.add_paths("year");
  ExpectFieldError(ApplyUpdateMask(patch, mask, {"month", "day"}, &stored), "update_mask");
  EXPECT_EQ(stored.year(), 2020);
  ASSERT_TRUE(
      ApplyUpdateMask(patch, google::protobuf::FieldMask(), {"month", "day"}, &stored).ok());
  EXPECT_EQ(stored.day(), 9);
  EXPECT_EQ(stored.year(), 2020);
}

}  // namespace
}  // namespace district
