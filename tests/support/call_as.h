// A unary call through a generated stub with a bearer token, for tests of who may do what.
#ifndef DISTRICT_TESTS_SUPPORT_CALL_AS_H_
#define DISTRICT_TESTS_SUPPORT_CALL_AS_H_

#include <string>

#include <grpcpp/grpcpp.h>

#include "common/tsan.h"

namespace district::testing {

// Calls stub.*method(request) presenting `token` ("" for none); the response goes to *response.
template <typename Stub, typename Request, typename Response>
grpc::Status CallAs(const std::string& token, Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  tsan::HandOff(tsan::Dispatch());
  const grpc::Status status = (stub.*method)(&context, request, response);
  tsan::TakeOver(tsan::Served());
  return status;
}

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_CALL_AS_H_
