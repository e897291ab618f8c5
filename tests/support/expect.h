// Assertions shared by the API tests.
#ifndef DISTRICT_TESTS_SUPPORT_EXPECT_H_
#define DISTRICT_TESTS_SUPPORT_EXPECT_H_

#include <string>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

namespace district::testing {

// The call was refused as INVALID_ARGUMENT with a message that starts by naming `field`, as every
// validation error of the suite does ("project.name: must not be empty").
inline void ExpectInvalid(const grpc::Status& s, const std::string& field) {
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(s.error_message().rfind(field + ":", 0), 0u) << s.error_message();
}

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_EXPECT_H_
