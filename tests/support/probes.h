// What grpcurl and a container probe ask of any server: health, and the services it offers,
// through the reflection protocol (grpc.reflection.v1alpha, as grpcurl speaks it).
#ifndef DISTRICT_TESTS_SUPPORT_PROBES_H_
#define DISTRICT_TESTS_SUPPORT_PROBES_H_

#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace district::testing {

// The health status of `service` ("" for the whole server) as grpc.health.v1 reports it, or
// UNKNOWN when the call fails.
inline grpc::health::v1::HealthCheckResponse::ServingStatus HealthStatus(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  if (!stub->Check(&ctx, request, &response).ok())
    return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  return response.status();
}

// Lists the services through server reflection, exactly as `grpcurl ... list` does.
inline std::vector<std::string> ReflectedServices(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto stream = stub->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("*");
  std::vector<std::string> names;
  if (!stream->Write(request)) return names;
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  while (stream->Read(&response)) {
    for (const auto& s : response.list_services_response().service()) names.push_back(s.name());
  }
  stream->Finish().IgnoreError();
  return names;
}

// Asks reflection for the file that defines `symbol`; true when the server describes it.
inline bool ReflectionDescribes(const std::shared_ptr<grpc::Channel>& channel,
                                const std::string& symbol) {
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto stream = stub->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_file_containing_symbol(symbol);
  if (!stream->Write(request)) return false;
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  bool described = false;
  while (stream->Read(&response)) {
    described |= response.file_descriptor_response().file_descriptor_proto_size() > 0;
  }
  stream->Finish().IgnoreError();
  return described;
}

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_PROBES_H_
