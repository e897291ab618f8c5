// The handler wrappers (common/handlers.h): an OK answer larger than a message may carry reaches
// the client as RESOURCE_EXHAUSTED with its details, and the server's metrics count what the
// client received, inline, on the pool and for a started call alike. Without the check gRPC fails
// the send after the handler said OK, and the call log and metrics record OK.
#include <gtest/gtest.h>

#include "common/client.h"
#include "common/error_details.h"
#include "common/handlers.h"
#include "common/metrics.h"
#include "common/server.h"
#include "common/status.h"
#include "district/project/v1/project_service.grpc.pb.h"

namespace district {
namespace {

namespace pv1 = project::v1;

// Answers as large as the request's id asks: "big" is one byte over the limit.
void Fill(const std::string& id, pv1::Project* response) {
  response->set_id(id);
  response->set_description(std::string(id == "big" ? kMaxMessageBytes + 1 : 10, 'x'));
}

class SizedProjects : public pv1::ProjectService::CallbackService {
 public:
  DISTRICT_READ(GetProject, pv1::GetProjectRequest, pv1::Project)
  DISTRICT_WRITE(UpdateProject, pv1::UpdateProjectRequest, pv1::Project)
  DISTRICT_QUEUED_WRITE(CreateProject, pv1::CreateProjectRequest, pv1::Project)
};

grpc::Status SizedProjects::DoGetProject(Context*, const pv1::GetProjectRequest* request,
                                         pv1::Project* response) {
  Fill(request->id(), response);
  return grpc::Status::OK;
}

grpc::Status SizedProjects::DoUpdateProject(Context*, const pv1::UpdateProjectRequest* request,
                                            pv1::Project* response) {
  Fill(request->project().id(), response);
  return grpc::Status::OK;
}

void SizedProjects::DoCreateProject(Context*, const pv1::CreateProjectRequest* request,
                                    pv1::Project* response, Finish finish) {
  Fill(request->project().id(), response);
  finish(grpc::Status::OK);
}

double Handled(const std::string& method, const std::string& code) {
  return Metrics()
      .GetCounter("grpc_server_handled_total", "",
                  {{"grpc_code", code},
                   {"grpc_method", method},
                   {"grpc_service", "district.project.v1.ProjectService"},
                   {"grpc_type", "unary"}})
      ->Value();
}

TEST(Handlers, AnAnswerTooLargeToSendIsResourceExhaustedForTheClientAndTheMetrics) {
  SizedProjects service;
  auto server = *Server::Start("127.0.0.1:0", {{&service, "district.project.v1.ProjectService"}});
  auto stub = pv1::ProjectService::NewStub(
      CreateServiceChannel("127.0.0.1:" + std::to_string(server->port())));

  for (const std::string method : {"GetProject", "UpdateProject", "CreateProject"}) {
    SCOPED_TRACE(method);
    const double ok_before = Handled(method, "OK");
    const double exhausted_before = Handled(method, "ResourceExhausted");
    for (const std::string id : {"small", "big"}) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      pv1::Project out;
      grpc::Status s;
      if (method == "GetProject") {
        pv1::GetProjectRequest req;
        req.set_id(id);
        s = stub->GetProject(&ctx, req, &out);
      } else if (method == "UpdateProject") {
        pv1::UpdateProjectRequest req;
        req.mutable_project()->set_id(id);
        s = stub->UpdateProject(&ctx, req, &out);
      } else {
        pv1::CreateProjectRequest req;
        req.mutable_project()->set_id(id);
        s = stub->CreateProject(&ctx, req, &out);
      }
      if (id == "small") {
        EXPECT_TRUE(s.ok()) << s.error_message();
        continue;
      }
      // Ours, not gRPC's "Sent message larger than max": the handler knew, with the details.
      ASSERT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
      EXPECT_NE(s.error_message().find("ask for less"), std::string::npos) << s.error_message();
      const auto localized = LocalizedMessageOf(FromGrpcStatus(s));
      ASSERT_TRUE(localized.has_value());
      EXPECT_EQ(localized->message(), "查询结果太大，无法一次返回，请缩小查询范围或分页查询");
    }
    EXPECT_EQ(Handled(method, "OK") - ok_before, 1);
    EXPECT_EQ(Handled(method, "ResourceExhausted") - exhausted_before, 1);
  }
  server->Shutdown(absl::ZeroDuration());
}

}  // namespace
}  // namespace district
