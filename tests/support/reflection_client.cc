#include "tests/support/reflection_client.h"

#include <chrono>

#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace district::testing {
namespace {

namespace rpb = grpc::reflection::v1alpha;
constexpr auto kTimeout = std::chrono::seconds(5);

}  // namespace

ReflectionClient::ReflectionClient(std::shared_ptr<grpc::Channel> channel)
    : channel_(std::move(channel)) {}

absl::StatusOr<std::vector<std::string>> ReflectionClient::ListServices() {
  auto stub = rpb::ServerReflection::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kTimeout);
  auto stream = stub->ServerReflectionInfo(&ctx);
  rpb::ServerReflectionRequest request;
  request.set_list_services("*");
  std::vector<std::string> names;
  stream->Write(request);
  stream->WritesDone();
  rpb::ServerReflectionResponse response;
  while (stream->Read(&response)) {
    for (const auto& s : response.list_services_response().service()) names.push_back(s.name());
  }
  grpc::Status status = stream->Finish();
  if (!status.ok()) return absl::UnavailableError(status.error_message());
  return names;
}

absl::Status ReflectionClient::Fetch(bool by_symbol, const std::string& what) {
  auto stub = rpb::ServerReflection::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kTimeout);
  auto stream = stub->ServerReflectionInfo(&ctx);
  rpb::ServerReflectionRequest request;
  if (by_symbol) {
    request.set_file_containing_symbol(what);
  } else {
    request.set_file_by_filename(what);
  }
  stream->Write(request);
  stream->WritesDone();
  rpb::ServerReflectionResponse response;
  std::string error;
  int received = 0;
  while (stream->Read(&response)) {
    if (response.has_error_response()) error = response.error_response().error_message();
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      google::protobuf::FileDescriptorProto file;
      if (!file.ParseFromString(bytes)) return absl::DataLossError("unparsable file descriptor");
      files_[file.name()] = std::move(file);
      ++received;
    }
  }
  grpc::Status status = stream->Finish();
  if (!status.ok()) return absl::UnavailableError(status.error_message());
  if (received == 0) {
    return absl::NotFoundError(absl::StrCat("server does not describe ", what, ": ", error));
  }
  return absl::OkStatus();
}

absl::Status ReflectionClient::Build(const std::string& file, int depth) {
  if (pool_.FindFileByName(file) != nullptr) return absl::OkStatus();
  if (depth > 64) return absl::InternalError("imports nest too deep at " + file);
  if (files_.find(file) == files_.end()) {
    if (absl::Status s = Fetch(/*by_symbol=*/false, file); !s.ok()) return s;
    if (files_.find(file) == files_.end()) return absl::NotFoundError("no file " + file);
  }
  const google::protobuf::FileDescriptorProto proto = files_.at(file);
  for (const std::string& dependency : proto.dependency()) {
    if (absl::Status s = Build(dependency, depth + 1); !s.ok()) return s;
  }
  if (pool_.BuildFile(proto) == nullptr) return absl::InternalError("cannot build " + file);
  return absl::OkStatus();
}

absl::StatusOr<const google::protobuf::FileDescriptor*> ReflectionClient::DescribeSymbol(
    const std::string& symbol) {
  if (const auto* known = pool_.FindFileContainingSymbol(symbol); known != nullptr) return known;
  if (absl::Status s = Fetch(/*by_symbol=*/true, symbol); !s.ok()) return s;
  // The server names the defining file first, but any file it sent may be the one.
  std::vector<std::string> received;
  for (const auto& [file, proto] : files_) received.push_back(file);
  for (const std::string& file : received) {
    if (absl::Status s = Build(file, 0); !s.ok()) return s;
  }
  const auto* file = pool_.FindFileContainingSymbol(symbol);
  if (file == nullptr) return absl::NotFoundError("no " + symbol + " in the files sent");
  return file;
}

absl::StatusOr<const google::protobuf::ServiceDescriptor*> ReflectionClient::ResolveService(
    const std::string& name) {
  if (absl::Status s = DescribeSymbol(name).status(); !s.ok()) return s;
  const auto* service = pool_.FindServiceByName(name);
  if (service == nullptr) return absl::NotFoundError("no service " + name + " in the files sent");
  return service;
}

grpc::Status ReflectionClient::CallBytes(const std::string& path, const std::string& request,
                                         std::string* reply) {
  grpc::Slice slice(request);
  grpc::ByteBuffer send(&slice, 1);
  grpc::ByteBuffer received;
  grpc::GenericStub stub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kTimeout);
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(&ctx, path, grpc::StubOptions(), &send, &received, [&](grpc::Status s) {
    status = std::move(s);
    done.Notify();
  });
  done.WaitForNotification();
  if (!status.ok()) return status;
  std::vector<grpc::Slice> slices;
  if (!received.Dump(&slices).ok()) return grpc::Status(grpc::StatusCode::INTERNAL, "no reply");
  reply->clear();
  for (const grpc::Slice& s : slices)
    reply->append(reinterpret_cast<const char*>(s.begin()), s.size());
  return status;
}

grpc::Status ReflectionClient::Call(const google::protobuf::MethodDescriptor* method,
                                    const std::string& request_json, std::string* response_json) {
  std::unique_ptr<google::protobuf::Message> request(
      factory_.GetPrototype(method->input_type())->New());
  if (auto s = google::protobuf::util::JsonStringToMessage(request_json, request.get()); !s.ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "request: " + s.ToString());
  }
  std::string reply;
  grpc::Status status =
      CallBytes(absl::StrCat("/", method->service()->full_name(), "/", method->name()),
                request->SerializeAsString(), &reply);
  if (!status.ok()) return status;
  std::unique_ptr<google::protobuf::Message> response(
      factory_.GetPrototype(method->output_type())->New());
  if (!response->ParseFromString(reply)) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "response does not parse as its output type");
  }
  response_json->clear();
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  if (auto s = google::protobuf::util::MessageToJsonString(*response, response_json, options);
      !s.ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "response: " + s.ToString());
  }
  return status;
}

}  // namespace district::testing
