// How a service's unary handlers run, on gRPC's callback API.
//
// A read runs inline on the gRPC thread that received it: it does not block for long (a RocksDB
// point read or an in-memory statistics pass), and skipping the hand-off to a worker thread is what
// brings a Get within reach of the health check's own cost (bench/project_bench).
// A write runs on a shared pool of blocking threads: it waits for the write-ahead log's fsync, and
// many writers waiting at once is what lets RocksDB commit them as a group. Calls to other services
// (LandLead, the aggregator's fan-out) wait too, and run there as well.
//
// In a service class deriving from the generated CallbackService:
//   DISTRICT_READ(GetProject, v1::GetProjectRequest, v1::Project)
//   DISTRICT_WRITE(CreateProject, v1::CreateProjectRequest, v1::Project)
// declare the override and the handler body to define,
//   grpc::Status DoGetProject(Context* context, const v1::GetProjectRequest*, v1::Project*);
#ifndef DISTRICT_COMMON_HANDLERS_H_
#define DISTRICT_COMMON_HANDLERS_H_

#include <functional>

#include <grpcpp/grpcpp.h>

namespace district {

using Context = grpc::CallbackServerContext;

// Finishes the call with `status`.
grpc::ServerUnaryReactor* FinishInline(Context* context, const grpc::Status& status);

// Runs `body` on the blocking pool and finishes the call with its status.
grpc::ServerUnaryReactor* FinishOnPool(Context* context, std::function<grpc::Status()> body);

}  // namespace district

#define DISTRICT_READ(Method, Request, Response)                                           \
  grpc::ServerUnaryReactor* Method(::district::Context* context, const Request* request,  \
                                   Response* response) override {                         \
    return ::district::FinishInline(context, Do##Method(context, request, response));     \
  }                                                                                        \
  grpc::Status Do##Method(::district::Context* context, const Request* request,            \
                          Response* response);

#define DISTRICT_WRITE(Method, Request, Response)                                          \
  grpc::ServerUnaryReactor* Method(::district::Context* context, const Request* request,  \
                                   Response* response) override {                         \
    return ::district::FinishOnPool(                                                       \
        context, [=] { return Do##Method(context, request, response); });                  \
  }                                                                                        \
  grpc::Status Do##Method(::district::Context* context, const Request* request,            \
                          Response* response);

#endif  // DISTRICT_COMMON_HANDLERS_H_
