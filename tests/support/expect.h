// Assertions shared by the API tests.
#ifndef DISTRICT_TESTS_SUPPORT_EXPECT_H_
#define DISTRICT_TESTS_SUPPORT_EXPECT_H_

#include <string>

#include <google/protobuf/any.pb.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace district::testing {

// The detail of type T in a status's details as any gRPC client reads them (AIP-193): the
// grpc-status-details-bin trailer holds a google.rpc.Status whose details are Anys. Read here
// without the suite's own mapping (common/status.h), so that tests check the wire. False when
// there is none.
template <typename T>
bool DetailIn(const grpc::Status& s, T* detail) {
  google::rpc::Status status;
  if (s.error_details().empty() || !status.ParseFromString(s.error_details())) return false;
  for (const google::protobuf::Any& any : status.details()) {
    if (any.Is<T>()) return any.UnpackTo(detail);
  }
  return false;
}

// The call was refused with `code` and a sentence for people: a google.rpc.LocalizedMessage in
// zh-CN that is not empty. Returns the sentence.
inline std::string ExpectLocalized(const grpc::Status& s, grpc::StatusCode code) {
  EXPECT_EQ(s.error_code(), code) << s.error_message();
  google::rpc::LocalizedMessage localized;
  EXPECT_TRUE(DetailIn(s, &localized)) << "no LocalizedMessage: " << s.error_message();
  EXPECT_EQ(localized.locale(), "zh-CN") << s.error_message();
  EXPECT_FALSE(localized.message().empty()) << s.error_message();
  return localized.message();
}

// The call was refused as INVALID_ARGUMENT naming `field`, as every validation error of the suite
// does: in its message, first ("project.name: must not be empty"), and as data, the first field
// violation of its google.rpc.BadRequest, with a zh-CN sentence (ExpectLocalized).
inline void ExpectInvalid(const grpc::Status& s, const std::string& field) {
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(s.error_message().rfind(field + ":", 0), 0u) << s.error_message();
  google::rpc::BadRequest bad_request;
  EXPECT_TRUE(DetailIn(s, &bad_request)) << "no BadRequest: " << s.error_message();
  ASSERT_GT(bad_request.field_violations_size(), 0) << s.error_message();
  EXPECT_EQ(bad_request.field_violations(0).field(), field) << s.error_message();
  EXPECT_FALSE(bad_request.field_violations(0).description().empty()) << s.error_message();
  ExpectLocalized(s, grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_EXPECT_H_
