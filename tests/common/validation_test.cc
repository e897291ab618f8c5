#include "common/validation.h"

#include <gtest/gtest.h>

#include "common/date.h"
#include "common/page_token.h"
#include "common/update_mask.h"
#include "district/common/v1/date.pb.h"

namespace district {
namespace {

void ExpectFieldError(const absl::Status& s, const std::string& field) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ(s.message().substr(0, field.size() + 1), field + ":") << s;
}

TEST(Validation, TextAndNumbers) {
  ExpectFieldError(RequireNonEmpty("", "project.name"), "project.name");
  EXPECT_TRUE(RequireNonEmpty("林德液压", "project.name").ok());
  // Names that show nothing: spaces, an ideographic space, zero-width characters.
  ExpectFieldError(RequireNonEmpty(" \t ", "project.name"), "project.name");
  ExpectFieldError(RequireNonEmpty("\xE3\x80\x80", "project.name"), "project.name");
  ExpectFieldError(RequireNonEmpty("\xE2\x80\x8B\xEF\xBB\xBF", "project.name"), "project.name");
  EXPECT_TRUE(RequireNonEmpty(" 林德\xE2\x80\x8B", "project.name").ok());
  ExpectFieldError(RequireMaxLength(std::string(kMaxTextBytes + 1, 'x'), "note"), "note");
  ExpectFieldError(RequireNonNegative(int64_t{-1}, "amount"), "amount");
  ExpectFieldError(RequireNonNegative(std::nan(""), "mu"), "mu");
  ExpectFieldError(RequireInRange(1.01, 0, 1, "occupancy"), "occupancy");
  EXPECT_TRUE(RequireInRange(1.0, 0, 1, "occupancy").ok());
}

bool OnlyOneAndTwo(int v) { return v == 1 || v == 2; }

TEST(Validation, Enums) {
  ExpectFieldError(RequireEnum(0, OnlyOneAndTwo, "stage", false), "stage");
  EXPECT_TRUE(RequireEnum(0, OnlyOneAndTwo, "stage", true).ok());
  ExpectFieldError(RequireEnum(7, OnlyOneAndTwo, "stage", true), "stage");
  EXPECT_TRUE(RequireEnum(2, OnlyOneAndTwo, "stage", false).ok());
}

TEST(Validation, PageSize) {
  EXPECT_EQ(*ResolvePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*ResolvePageSize(7), 7);
  ExpectFieldError(ResolvePageSize(-1).status(), "page_size");
  ExpectFieldError(ResolvePageSize(kMaxPageSize + 1).status(), "page_size");
}

TEST(Dates, ValidationAndArithmetic) {
  EXPECT_TRUE(ValidateDate(MakeDate(2020, 2, 29), "d").ok());
  ExpectFieldError(ValidateDate(MakeDate(2021, 2, 29), "d"), "d");
  ExpectFieldError(ValidateDate(MakeDate(2020, 13, 1), "d"), "d");
  ExpectFieldError(ValidateDate(MakeDate(0, 1, 1), "d"), "d");
  EXPECT_EQ(DaysSinceEpoch(MakeDate(1970, 1, 1)), 0);
  EXPECT_EQ(DaysSinceEpoch(MakeDate(2020, 3, 1)) - DaysSinceEpoch(MakeDate(2020, 2, 1)), 29);
  EXPECT_LT(CompareDates(MakeDate(2020, 3, 30), MakeDate(2020, 4, 1)), 0);
  EXPECT_EQ(DateToString(MakeDate(2020, 3, 30)), "2020-03-30");
  EXPECT_TRUE(ValidateDate(Today(), "today").ok());
  common::v1::YearMonth ym;
  ym.set_year(2020);
  ym.set_month(0);
  ExpectFieldError(ValidateYearMonth(ym, "month"), "month");
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
