// Errors as data (AIP-193): the errors a person can cause carry a google.rpc.BadRequest and a
// zh-CN google.rpc.LocalizedMessage, and keep them from absl::Status to gRPC's status and back.
#include "common/status.h"

#include <google/protobuf/any.pb.h>
#include <gtest/gtest.h>

#include "common/error_details.h"
#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace district {
namespace {

// The google.rpc.Status a gRPC status carries in its details (the grpc-status-details-bin
// trailer), as another client would read it.
google::rpc::Status WireDetails(const grpc::Status& s) {
  google::rpc::Status status;
  EXPECT_TRUE(status.ParseFromString(s.error_details()));
  return status;
}

TEST(ErrorsAsData, AFieldErrorCarriesTheViolationAndTheSentence) {
  const absl::Status s =
      FieldError("project.land_area_mu", "required to acquire land: set it first",
                 "取得土地前须先填写用地面积（亩）");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "project.land_area_mu: required to acquire land: set it first");
  std::optional<google::rpc::BadRequest> bad = BadRequestOf(s);
  ASSERT_TRUE(bad.has_value());
  ASSERT_EQ(bad->field_violations_size(), 1);
  EXPECT_EQ(bad->field_violations(0).field(), "project.land_area_mu");
  EXPECT_EQ(bad->field_violations(0).description(), "required to acquire land: set it first");
  std::optional<google::rpc::LocalizedMessage> zh = LocalizedMessageOf(s);
  ASSERT_TRUE(zh.has_value());
  EXPECT_EQ(zh->locale(), "zh-CN");
  EXPECT_EQ(zh->message(), "取得土地前须先填写用地面积（亩）");
  EXPECT_EQ(FirstViolatedField(s), "project.land_area_mu");
}

TEST(ErrorsAsData, EachCodeCarriesItsSentenceAndNoViolation) {
  const std::pair<absl::Status, absl::StatusCode> cases[] = {
      {InvalidArgumentError("leader, park_id: give at most one", "包靠领导、园区只能选一项"),
       absl::StatusCode::kInvalidArgument},
      {FailedPreconditionError("cannot move", "项目已取消，不能再变更阶段"),
       absl::StatusCode::kFailedPrecondition},
      {NotFoundError("project P1 not found", "找不到项目 P1"), absl::StatusCode::kNotFound},
      {PermissionDeniedError("viewer", "您的账号只有查看权限，不能修改"),
       absl::StatusCode::kPermissionDenied},
      {OutOfRangeError("sum", "项目投资合计超出可计算的范围"), absl::StatusCode::kOutOfRange},
  };
  for (const auto& [s, code] : cases) {
    EXPECT_EQ(s.code(), code) << s;
    EXPECT_FALSE(BadRequestOf(s).has_value()) << s;
    EXPECT_EQ(FirstViolatedField(s), "") << s;
    ASSERT_TRUE(LocalizedMessageOf(s).has_value()) << s;
    EXPECT_EQ(LocalizedMessageOf(s)->locale(), "zh-CN");
  }
  EXPECT_EQ(LocalizedMessageOf(cases[2].first)->message(), "找不到项目 P1");
}

TEST(ErrorsAsData, AnErrorAtAFieldKeepsItsCodeAndSentence) {
  const absl::Status missing = NotFoundError("project P00000099 not found", "找不到项目 P00000099");
  const absl::Status s = AtField(missing, "reports[3].project_id");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "reports[3].project_id: project P00000099 not found");
  ASSERT_TRUE(BadRequestOf(s).has_value());
  ASSERT_EQ(BadRequestOf(s)->field_violations_size(), 1);
  EXPECT_EQ(BadRequestOf(s)->field_violations(0).field(), "reports[3].project_id");
  EXPECT_EQ(BadRequestOf(s)->field_violations(0).description(), "project P00000099 not found");
  EXPECT_EQ(LocalizedMessageOf(s)->message(), "找不到项目 P00000099");
  EXPECT_TRUE(AtField(absl::OkStatus(), "x").ok());
}

TEST(StatusMapping, DetailsGoOnTheWireAsAGoogleRpcStatus) {
  const grpc::Status g =
      ToGrpcStatus(FieldError("project.name", "must not be empty", "项目名称不能为空"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(g.error_message(), "project.name: must not be empty");  // English, for developers
  const google::rpc::Status wire = WireDetails(g);
  EXPECT_EQ(wire.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(wire.message(), "project.name: must not be empty");
  ASSERT_EQ(wire.details_size(), 2);
  google::rpc::BadRequest bad;
  google::rpc::LocalizedMessage zh;
  for (const google::protobuf::Any& any : wire.details()) {
    if (any.type_url() == "type.googleapis.com/google.rpc.BadRequest") {
      ASSERT_TRUE(any.UnpackTo(&bad));
    } else {
      EXPECT_EQ(any.type_url(), "type.googleapis.com/google.rpc.LocalizedMessage");
      ASSERT_TRUE(any.UnpackTo(&zh));
    }
  }
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "project.name");
  EXPECT_EQ(bad.field_violations(0).description(), "must not be empty");
  EXPECT_EQ(zh.locale(), "zh-CN");
  EXPECT_EQ(zh.message(), "项目名称不能为空");
}

TEST(StatusMapping, DetailsComeBackFromTheWire) {
  // As another server (or a forwarding service of the suite) writes them.
  google::rpc::Status wire;
  wire.set_code(static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
  wire.set_message("cannot move from STAGE_PLANNING to STAGE_UNDER_CONSTRUCTION");
  google::rpc::BadRequest bad;
  auto* v = bad.add_field_violations();
  v->set_field("to_stage");
  v->set_description("stages are reached one at a time");
  google::rpc::LocalizedMessage zh;
  zh.set_locale("zh-CN");
  zh.set_message("阶段须逐级推进：谋划之后是签约，不能直接转为在建");
  wire.add_details()->PackFrom(bad);
  wire.add_details()->PackFrom(zh);
  const grpc::Status g(grpc::StatusCode::FAILED_PRECONDITION, wire.message(),
                       wire.SerializeAsString());

  const absl::Status s = FromGrpcStatus(g);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), wire.message());
  ASSERT_TRUE(BadRequestOf(s).has_value());
  EXPECT_EQ(BadRequestOf(s)->field_violations(0).field(), "to_stage");
  EXPECT_EQ(BadRequestOf(s)->field_violations(0).description(), "stages are reached one at a time");
  ASSERT_TRUE(LocalizedMessageOf(s).has_value());
  EXPECT_EQ(LocalizedMessageOf(s)->locale(), "zh-CN");
  EXPECT_EQ(LocalizedMessageOf(s)->message(), "阶段须逐级推进：谋划之后是签约，不能直接转为在建");
}

TEST(StatusMapping, ARoundTripKeepsEverything) {
  const absl::Status before = NotFoundError("project P00000099 not found", "找不到项目 P00000099");
  const absl::Status after = FromGrpcStatus(ToGrpcStatus(before));
  EXPECT_EQ(after, before);  // code, message and every payload
  const absl::Status field =
      FieldError("reports[3].month", "month must be in 1..12", "月份的月份须在1至12之间");
  EXPECT_EQ(FromGrpcStatus(ToGrpcStatus(field)), field);
  // Twice through, as LandLead forwards the project service's refusal.
  EXPECT_EQ(FromGrpcStatus(ToGrpcStatus(FromGrpcStatus(ToGrpcStatus(field)))), field);
}

TEST(StatusMapping, AStatusWithoutDetailsHasNone) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
  const grpc::Status g = ToGrpcStatus(absl::UnavailableError("disk busy"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(g.error_message(), "disk busy");
  EXPECT_TRUE(g.error_details().empty());
  const absl::Status s = FromGrpcStatus(grpc::Status(grpc::StatusCode::INTERNAL, "boom"));
  EXPECT_EQ(s, absl::InternalError("boom"));
  EXPECT_FALSE(LocalizedMessageOf(s).has_value());
}

TEST(StatusMapping, DetailsThatDoNotParseAreDropped) {
  const absl::Status s = FromGrpcStatus(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "x: bad", std::string("\xff\xff\xff", 3)));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "x: bad");
  EXPECT_FALSE(BadRequestOf(s).has_value());
  EXPECT_FALSE(LocalizedMessageOf(s).has_value());
}

TEST(StatusMapping, WithMessageKeepsCodeAndDetails) {
  const absl::Status refused = FieldError("project.name", "must not be empty", "项目名称不能为空");
  const absl::Status named =
      WithMessage(refused, "project service: project.name: must not be empty");
  EXPECT_EQ(named.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(named.message(), "project service: project.name: must not be empty");
  EXPECT_EQ(FirstViolatedField(named), "project.name");
  EXPECT_EQ(LocalizedMessageOf(named)->message(), "项目名称不能为空");
  EXPECT_TRUE(WithMessage(absl::OkStatus(), "ignored").ok());
}

}  // namespace
}  // namespace district
