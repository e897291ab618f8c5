#include "tools/districtctl/rpc.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "common/status.h"

namespace district::ctl {
namespace {

const google::protobuf::MethodDescriptor* FindMethod(const std::string& method) {
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(method);
}

}  // namespace

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
    return absl::InvalidArgumentError(
        absl::StrCat("not a ", message->GetTypeName(), " in JSON: ", status.message().as_string()));
  }
  return absl::OkStatus();
}

Rpc::Rpc(Addresses addresses, std::chrono::milliseconds timeout, std::string token,
         std::shared_ptr<grpc::ChannelCredentials> credentials)
    : addresses_(std::move(addresses)),
      timeout_(timeout),
      token_(std::move(token)),
      credentials_(std::move(credentials)) {}

absl::StatusOr<std::pair<std::string, std::string>> Rpc::Target(const std::string& method,
                                                                const std::string& at) const {
  if (!at.empty()) {
    if (at == "project") return std::make_pair(at, addresses_.project);
    if (at == "recruitment") return std::make_pair(at, addresses_.recruitment);
    if (at == "parks") return std::make_pair(at, addresses_.parks);
    return absl::InvalidArgumentError(
        absl::StrCat("unknown server ", at, "; use project, recruitment or parks"));
  }
  if (absl::StartsWith(method, "district.audit.")) {
    return absl::InvalidArgumentError("every domain server keeps its own audit trail: say which");
  }
  if (absl::StartsWith(method, "district.project.")) return Target("", "project");
  if (absl::StartsWith(method, "district.recruitment.")) return Target("", "recruitment");
  if (absl::StartsWith(method, "district.parks.")) return Target("", "parks");
  return std::make_pair(std::string("aggregator"), addresses_.aggregator);
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Rpc::NewRequest(
    const std::string& method) const {
  const auto* m = FindMethod(method);
  if (m == nullptr) return absl::NotFoundError(absl::StrCat("no method ", method));
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(m->input_type())->New());
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Rpc::Call(
    const std::string& method, const google::protobuf::Message& request, const std::string& at) {
  const auto* m = FindMethod(method);
  if (m == nullptr) return absl::NotFoundError(absl::StrCat("no method ", method));
  absl::StatusOr<std::pair<std::string, std::string>> target = Target(method, at);
  if (!target.ok()) return target.status();
  const auto& [service, address] = *target;
  auto channel = grpc::CreateChannel(address, credentials_);
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  if (!token_.empty()) context.AddMetadata("authorization", "Bearer " + token_);
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::CompletionQueue cq;
  const std::string path = absl::StrCat("/", m->service()->full_name(), "/", m->name());
  auto call = stub.PrepareUnaryCall(&context, path, request_buffer, &cq);
  call->StartCall();
  grpc::ByteBuffer response_buffer;
  grpc::Status status;
  call->Finish(&response_buffer, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  if (!status.ok()) {
    absl::Status s = FromGrpcStatus(status);
    return absl::Status(s.code(), absl::StrCat(service, " service (", address, "): ",
                                               absl::StatusCodeToString(s.code()), ": ",
                                               s.message()));
  }
  std::vector<grpc::Slice> slices;
  (void)response_buffer.Dump(&slices);
  std::string response_bytes;
  for (const auto& s : slices) {
    response_bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  std::unique_ptr<google::protobuf::Message> response(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(m->output_type())->New());
  if (!response->ParseFromString(response_bytes)) {
    return absl::DataLossError(absl::StrCat(service, " service sent an unparsable response"));
  }
  return response;
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Rpc::CallJson(
    const std::string& method, const std::string& json, const std::string& at) {
  auto request = NewRequest(method);
  if (!request.ok()) return request.status();
  if (absl::Status s = FromJson(json, request->get()); !s.ok()) return s;
  return Call(method, **request, at);
}

}  // namespace district::ctl
