// How a service's unary handlers run, on gRPC's callback API.
//
// A read runs inline on the gRPC thread that received it: it does not block for long (a RocksDB
// point read or an in-memory statistics pass), and skipping the hand-off to a worker thread is what
// brings a Get within reach of the health check's own cost (bench/project_bench).
// A write runs on a shared pool of blocking threads: it waits for its batch's fsync, which the
// store's committer shares among all the writers waiting at once (group commit).
// A call that waits on other services holds no thread while it waits: it starts inline, makes its
// calls with the asynchronous client API and is finished from their callbacks (a view of the
// aggregator composes there; LandLead hands its final write back to the pool).
//
// Every handler first checks the caller's role (common/auth.h): the role the method's contract
// names, (district.api.v1.required_role) on its rpc (viewer for reads, editor for writes, admin
// for deletes, targets and programmes), read from the descriptor pool (common/registry.h); so the
// check cannot disagree with the contract, and grpcurl's `describe` shows it. In a service class
// deriving from the generated CallbackService:
//   DISTRICT_READ(GetProject, v1::GetProjectRequest, v1::Project)         inline
//   DISTRICT_WRITE(UpdateProject, v1::UpdateProjectRequest, v1::Project)  pool
//   DISTRICT_ADMIN(DeleteProject, v1::DeleteProjectRequest, Empty)        pool
// declare the override and the handler body to define,
//   grpc::Status DoGetProject(Context* context, const v1::GetProjectRequest*, v1::Project*);
// The macro says where the body runs (DISTRICT_ADMIN marks the methods the contract keeps to
// admins); the role is the contract's.
//
// Started calls run inline and finish later, from any thread:
//   DISTRICT_QUEUED_WRITE(CreateProject, v1::CreateProjectRequest, v1::Project)
//   DISTRICT_STARTED_VIEW(GetOverview, v1::GetOverviewRequest, v1::Overview)
// the body to define takes how to finish, to call exactly once:
//   void DoCreateProject(Context*, const v1::CreateProjectRequest*, v1::Project*, Finish finish);
// A create queues its batch for the store's committer (Store::WriteAsync) and is finished from the
// committer's callback: many creates waiting for one fsync cost no thread each, and no wake-up
// each. A view is finished by the callback of the last backend call it made.
//
// Thread-safe: handlers run on gRPC's threads and the shared blocking pool at once.
#ifndef DISTRICT_COMMON_HANDLERS_H_
#define DISTRICT_COMMON_HANDLERS_H_

#include <functional>

#include <google/protobuf/message_lite.h>
#include <grpcpp/grpcpp.h>

#include "common/auth.h"
#include "common/observed_call.h"

namespace district {

using Context = grpc::CallbackServerContext;

// Each wrapper observes the call (common/observed_call.h: its metrics, request id and log line),
// checks the caller holds `method->role` (its contract's), then runs `body` as the caller of
// `method` (common/caller.h). `response` is the call's answer, which body fills: an OK answer
// larger than a message may carry (kMaxMessageBytes) finishes RESOURCE_EXHAUSTED instead, so that
// the call log and metrics record what the client receives (gRPC would fail the send after an OK).

// Runs `body` on this thread and finishes the call with its status.
grpc::ServerUnaryReactor* FinishInline(Context* context, const RpcMethod* method,
                                       const google::protobuf::MessageLite* response,
                                       const std::function<grpc::Status()>& body);

// The same, running `body` on the blocking pool.
grpc::ServerUnaryReactor* FinishOnPool(Context* context, const RpcMethod* method,
                                       const google::protobuf::MessageLite* response,
                                       std::function<grpc::Status()> body);

// Finishes a call, once, from any thread.
using Finish = std::function<void(grpc::Status)>;

// Runs `body` on this thread; what body starts finishes the call through the Finish it is given.
grpc::ServerUnaryReactor* StartInline(Context* context, const RpcMethod* method,
                                      const google::protobuf::MessageLite* response,
                                      const std::function<void(Finish)>& body);

// Runs `task` on the blocking pool as `caller` (common/caller.h; take CurrentCaller() where the
// call started): for the part of a started call that must wait (a durable write), after a
// callback that must not.
void ContinueOnPool(Caller caller, std::function<void()> task);

}  // namespace district

#define DISTRICT_HANDLER_(Method, Request, Response, Finish)                             \
  grpc::ServerUnaryReactor* Method(::district::Context* context, const Request* request, \
                                   Response* response) override {                        \
    static const ::district::RpcMethod* const kMethod =                                  \
        ::district::RpcMethodOf(Request::descriptor(), #Method);                         \
    return ::district::Finish(context, kMethod, response,                                \
                              [=] { return Do##Method(context, request, response); });   \
  }                                                                                      \
  grpc::Status Do##Method(::district::Context* context, const Request* request, Response* response);

#define DISTRICT_STARTED_(Method, Request, Response)                                            \
  grpc::ServerUnaryReactor* Method(::district::Context* context, const Request* request,        \
                                   Response* response) override {                               \
    static const ::district::RpcMethod* const kMethod =                                         \
        ::district::RpcMethodOf(Request::descriptor(), #Method);                                \
    return ::district::StartInline(context, kMethod, response, [=](::district::Finish finish) { \
      Do##Method(context, request, response, finish);                                           \
    });                                                                                         \
  }                                                                                             \
  void Do##Method(::district::Context* context, const Request* request, Response* response,     \
                  ::district::Finish finish);

#define DISTRICT_QUEUED_WRITE(Method, Request, Response) \
  DISTRICT_STARTED_(Method, Request, Response)
#define DISTRICT_STARTED_VIEW(Method, Request, Response) \
  DISTRICT_STARTED_(Method, Request, Response)

#define DISTRICT_READ(Method, Request, Response) \
  DISTRICT_HANDLER_(Method, Request, Response, FinishInline)
#define DISTRICT_WRITE(Method, Request, Response) \
  DISTRICT_HANDLER_(Method, Request, Response, FinishOnPool)
#define DISTRICT_ADMIN(Method, Request, Response) \
  DISTRICT_HANDLER_(Method, Request, Response, FinishOnPool)

#endif  // DISTRICT_COMMON_HANDLERS_H_
