#include "tools/rpc/rpc.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/error_details.h"
#include "common/errors.h"
#include "common/status.h"
#include "district/admin/v1/admin.pb.h"
#include "district/aggregator/v1/aggregator_service.pb.h"
#include "district/audit/v1/audit.pb.h"
#include "district/parks/v1/parks_service.pb.h"
#include "district/project/v1/project_service.pb.h"
#include "district/recruitment/v1/recruitment_service.pb.h"

namespace district::rpc {
const google::protobuf::MethodDescriptor* Rpc::FindMethod(const std::string& method) {
  // Naming one message of each service's file links that file's descriptors into the program
  // (the generated code is in static libraries), so that lookups by name find them.
  static const bool linked = [] {
    project::v1::GetProjectRequest::descriptor();
    recruitment::v1::GetLeadRequest::descriptor();
    parks::v1::GetParkRequest::descriptor();
    aggregator::v1::GetOverviewRequest::descriptor();
    audit::v1::AuditEntry::descriptor();
    admin::v1::Backup::descriptor();
    return true;
  }();
  (void)linked;
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(method);
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

absl::Status FromJson(const std::string& json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  auto status = google::protobuf::util::JsonStringToMessage(json, message, options);
  if (!status.ok()) {
    return InvalidArgumentError(
        absl::StrCat("not a ", message->GetTypeName(), " in JSON: ", status.message().as_string()),
        "提交的内容格式不对，请检查填写的内容");
  }
  return absl::OkStatus();
}

Rpc::Rpc(Addresses addresses, std::chrono::milliseconds timeout, std::string token,
         std::shared_ptr<grpc::ChannelCredentials> credentials)
    : addresses_(std::move(addresses)), timeout_(timeout), token_(std::move(token)) {
  for (const auto& [server, address] : addresses_) {
    if (channels_.count(address) == 0) {
      grpc::ChannelArguments args;
      args.SetMaxReceiveMessageSize(-1);  // a whole register, for an export
      channels_[address] = grpc::CreateCustomChannel(address, credentials, args);
    }
  }
}

absl::StatusOr<std::pair<std::string, std::string>> Rpc::Target(const std::string& method,
                                                                const std::string& at) const {
  if (!at.empty()) {
    auto it = addresses_.find(at);
    if (it != addresses_.end()) return *it;
    std::vector<std::string> names;
    for (const auto& [name, address] : addresses_) names.push_back(name);
    const std::string servers = absl::StrJoin(names, ", ");
    return InvalidArgumentError(absl::StrCat("unknown server ", at, "; use one of ", servers),
                                absl::StrCat("没有这个服务：请写 ", servers, " 之一"));
  }
  // "district.<server>.v1.Service.Method"
  const std::vector<absl::string_view> parts = absl::StrSplit(method, absl::MaxSplits('.', 2));
  const absl::string_view server = parts.size() == 3 && parts[0] == "district" ? parts[1] : "";
  if (server == "audit") {
    return InvalidArgumentError("every domain server keeps its own audit trail: say which",
                                "各服务各有修改记录：请指明查哪个服务");
  }
  if (server == "admin") {
    return InvalidArgumentError("every domain server keeps its own backups: say which",
                                "各服务各有备份：请指明哪个服务");
  }
  auto it = addresses_.find(std::string(server));
  if (server.empty() || it == addresses_.end()) {
    return InvalidArgumentError(absl::StrCat("no server of the suite serves ", method),
                                "没有提供这个接口的服务");
  }
  return *it;
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Rpc::NewRequest(
    const std::string& method) const {
  const auto* m = FindMethod(method);
  if (m == nullptr) return NotFoundError(absl::StrCat("no method ", method), "没有这个接口");
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(m->input_type())->New());
}

std::shared_ptr<grpc::Channel> Rpc::ChannelTo(const std::string& at) const {
  absl::StatusOr<std::pair<std::string, std::string>> target = Target("", at);
  if (at.empty() || !target.ok()) return nullptr;
  return channels_.at(target->second);
}

Reply Rpc::CallAs(const std::string& method, const google::protobuf::Message& request,
                  const Caller& caller, const std::string& at) const {
  Reply reply;
  const auto* m = FindMethod(method);
  if (m == nullptr) {
    reply.status = grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no method " + method);
    return reply;
  }
  absl::StatusOr<std::pair<std::string, std::string>> target = Target(method, at);
  if (!target.ok()) {
    reply.status = ToGrpcStatus(target.status());
    return reply;
  }
  grpc::GenericStub stub(channels_.at(target->second));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  if (!caller.token.empty()) context.AddMetadata("authorization", "Bearer " + caller.token);
  if (!caller.request_id.empty()) context.AddMetadata("x-request-id", caller.request_id);
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::CompletionQueue cq;
  const std::string path = absl::StrCat("/", m->service()->full_name(), "/", m->name());
  auto call = stub.PrepareUnaryCall(&context, path, request_buffer, &cq);
  call->StartCall();
  grpc::ByteBuffer response_buffer;
  call->Finish(&response_buffer, &reply.status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  if (!reply.status.ok()) return reply;
  std::vector<grpc::Slice> slices;
  (void)response_buffer.Dump(&slices);
  std::string response_bytes;
  for (const auto& s : slices) {
    response_bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  reply.response.reset(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(m->output_type())->New());
  if (!reply.response->ParseFromString(response_bytes)) {
    reply.response.reset();
    reply.status = grpc::Status(grpc::StatusCode::DATA_LOSS, "unparsable response");
  }
  return reply;
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Rpc::Call(
    const std::string& method, const google::protobuf::Message& request,
    const std::string& at) const {
  if (FindMethod(method) == nullptr) {
    return NotFoundError(absl::StrCat("no method ", method), "没有这个接口");
  }
  Reply reply = CallAs(method, request, Caller{token_, ""}, at);
  if (reply.status.ok()) return std::move(reply.response);
  absl::StatusOr<std::pair<std::string, std::string>> target = Target(method, at);
  if (!target.ok()) return FromGrpcStatus(reply.status);
  return Named(target->first, target->second, reply.status);
}

absl::Status Rpc::ServerStatus(const std::string& at, const grpc::Status& status) const {
  absl::StatusOr<std::pair<std::string, std::string>> target = Target("", at);
  if (at.empty() || !target.ok()) return FromGrpcStatus(status);
  return Named(target->first, target->second, status);
}

absl::Status Rpc::Named(const std::string& service, const std::string& address,
                        const grpc::Status& status) {
  const absl::Status s = FromGrpcStatus(status);
  return WithMessage(s, absl::StrCat(service, " service (", address,
                                     "): ", absl::StatusCodeToString(s.code()), ": ", s.message()));
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Rpc::CallJson(
    const std::string& method, const std::string& json, const std::string& at) const {
  auto request = NewRequest(method);
  if (!request.ok()) return request.status();
  if (absl::Status s = FromJson(json, request->get()); !s.ok()) return s;
  return Call(method, **request, at);
}

}  // namespace district::rpc
