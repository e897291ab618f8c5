#include "common/reflection_service.h"

#include <map>
#include <mutex>
#include <set>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include "common/log.h"
#include "common/push_stream.h"
#include "common/tsan.h"
#include "district_descriptors.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace district {
namespace {

namespace pb = google::protobuf;

// The descriptors reflection answers from: the embedded set first, then the generated ones.
// Built once per process, immutable after; DescriptorPool's lookups are safe from any thread.
class Catalog {
 public:
  static const Catalog& Get() {
    static const Catalog* const catalog = new Catalog();  // never destroyed: calls may outlive main
    return *catalog;
  }

  // The file that defines `symbol`, or nullptr.
  const pb::FileDescriptor* FileContainingSymbol(const std::string& symbol) const {
    for (const pb::DescriptorPool* pool : pools_) {
      if (const pb::FileDescriptor* file = pool->FindFileContainingSymbol(symbol)) return file;
      // An enum value is named in its enum's scope (package.VALUE), but tools also ask for
      // package.Enum.VALUE.
      const size_t dot = symbol.rfind('.');
      if (dot == std::string::npos) continue;
      const pb::EnumDescriptor* type = pool->FindEnumTypeByName(symbol.substr(0, dot));
      if (type != nullptr && type->FindValueByName(symbol.substr(dot + 1)) != nullptr) {
        return type->file();
      }
    }
    return nullptr;
  }

  // The message type `name`, or nullptr.
  const pb::Descriptor* FindMessage(const std::string& name) const {
    for (const pb::DescriptorPool* pool : pools_) {
      if (const pb::Descriptor* type = pool->FindMessageTypeByName(name)) return type;
    }
    return nullptr;
  }

  // Appends the file named `name`, then every file it imports, transitively, to `out`, each once
  // (`sent` holds those already appended). False when no file has that name.
  bool AppendWithImports(const std::string& name, std::set<std::string>* sent,
                         pb::RepeatedPtrField<std::string>* out) const {
    if (!sent->insert(name).second) return true;
    std::vector<std::string> imports;
    if (auto it = embedded_.find(name); it != embedded_.end()) {
      out->Add()->assign(it->second);
      const pb::FileDescriptor* file = embedded_pool_.FindFileByName(name);
      for (int i = 0; i < file->dependency_count(); ++i) {
        imports.push_back(file->dependency(i)->name());
      }
    } else if (const pb::FileDescriptor* file = Generated()->FindFileByName(name)) {
      pb::FileDescriptorProto proto;
      file->CopyTo(&proto);
      file->CopyJsonNameTo(&proto);
      proto.SerializeToString(out->Add());
      for (int i = 0; i < file->dependency_count(); ++i) {
        imports.push_back(file->dependency(i)->name());
      }
    } else {
      sent->erase(name);
      return false;
    }
    for (const std::string& import : imports) AppendWithImports(import, sent, out);
    return true;
  }

 private:
  Catalog() {
    pb::FileDescriptorSet set;
    const std::string_view bytes = DistrictDescriptorSet();
    if (!set.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      LogError("reflection: the embedded descriptor set does not parse; serving the generated one");
      set.Clear();
    }
    // protoc writes every file after those it imports.
    for (const pb::FileDescriptorProto& file : set.file()) {
      if (embedded_pool_.BuildFile(file) == nullptr) {
        LogError("reflection: cannot build a file of the embedded set", {{"file", file.name()}});
        continue;
      }
      file.SerializeToString(&embedded_[file.name()]);
    }
    pools_ = {&embedded_pool_, Generated()};
  }

  static const pb::DescriptorPool* Generated() { return pb::DescriptorPool::generated_pool(); }

  pb::DescriptorPool embedded_pool_;
  std::map<std::string, std::string> embedded_;   // each built file's FileDescriptorProto, by name
  std::vector<const pb::DescriptorPool*> pools_;  // in the order they are asked
};

// The answer to one request, as gRPC's proto_server_reflection.cc gives it. Request and Response
// are grpc.reflection.v1's or v1alpha's, which have the same fields.
template <typename Request, typename Response>
Response Answer(const std::vector<std::string>& services, const Request& request) {
  const Catalog& catalog = Catalog::Get();
  Response response;
  response.set_valid_host(request.host());
  *response.mutable_original_request() = request;
  grpc::Status status;
  std::set<std::string> sent;
  auto files = [&response] {
    return response.mutable_file_descriptor_response()->mutable_file_descriptor_proto();
  };
  switch (request.message_request_case()) {
    case Request::kListServices: {
      auto* list = response.mutable_list_services_response();
      for (const std::string& name : services) list->add_service()->set_name(name);
      break;
    }
    case Request::kFileByFilename:
      if (!catalog.AppendWithImports(request.file_by_filename(), &sent, files())) {
        status = grpc::Status(grpc::StatusCode::NOT_FOUND, "File not found.");
      }
      break;
    case Request::kFileContainingSymbol: {
      const pb::FileDescriptor* file =
          catalog.FileContainingSymbol(request.file_containing_symbol());
      if (file == nullptr) {
        status = grpc::Status(grpc::StatusCode::NOT_FOUND, "Symbol not found.");
      } else {
        catalog.AppendWithImports(file->name(), &sent, files());
      }
      break;
    }
    case Request::kFileContainingExtension: {
      const auto& wanted = request.file_containing_extension();
      const pb::Descriptor* type = catalog.FindMessage(wanted.containing_type());
      const pb::FieldDescriptor* extension =
          type == nullptr
              ? nullptr
              : type->file()->pool()->FindExtensionByNumber(type, wanted.extension_number());
      if (type == nullptr) {
        status = grpc::Status(grpc::StatusCode::NOT_FOUND, "Type not found.");
      } else if (extension == nullptr) {
        status = grpc::Status(grpc::StatusCode::NOT_FOUND, "Extension not found.");
      } else {
        catalog.AppendWithImports(extension->file()->name(), &sent, files());
      }
      break;
    }
    case Request::kAllExtensionNumbersOfType: {
      const pb::Descriptor* type = catalog.FindMessage(request.all_extension_numbers_of_type());
      if (type == nullptr) {
        status = grpc::Status(grpc::StatusCode::NOT_FOUND, "Type not found.");
        break;
      }
      std::vector<const pb::FieldDescriptor*> extensions;
      type->file()->pool()->FindAllExtensions(type, &extensions);
      auto* numbers = response.mutable_all_extension_numbers_response();
      numbers->set_base_type_name(type->full_name());
      for (const pb::FieldDescriptor* extension : extensions) {
        numbers->add_extension_number(extension->number());
      }
      break;
    }
    default:
      status = grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "");
  }
  if (!status.ok()) {
    response.mutable_error_response()->set_error_code(status.error_code());
    response.mutable_error_response()->set_error_message(status.error_message());
  }
  return response;
}

// One ServerReflectionInfo call: reads a request, writes its answer, reads the next, until the
// client closes its side (OK), the call breaks, or the server ends it (OpenStream). Only one read
// or one write is outstanding at a time, and the stream finishes only with no write outstanding.
template <typename Request, typename Response>
class Stream final : public grpc::ServerBidiReactor<Request, Response>, public OpenStream {
 public:
  explicit Stream(const std::vector<std::string>* services) : services_(services) {
    Register();
    std::lock_guard<std::mutex> lock(mu_);
    tsan::HandOff(this);
    this->StartRead(&request_);
  }

  void End(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    EndLocked(status);
  }

 private:
  void EndLocked(const grpc::Status& status) {
    if (ending_) return;
    ending_ = true;
    end_status_ = status;
    if (!writing_) this->Finish(status);  // else OnWriteDone finishes
  }

  // gRPC calls these after the stream was handed to it (common/tsan.h).
  void OnReadDone(bool ok) override {
    tsan::TakeOver(this);
    std::lock_guard<std::mutex> lock(mu_);
    if (ending_) return;
    if (!ok) {  // the client closed its side, or the call broke: either way, done
      EndLocked(grpc::Status::OK);
      return;
    }
    response_ = Answer<Request, Response>(*services_, request_);
    writing_ = true;
    tsan::HandOff(this);
    this->StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    tsan::TakeOver(this);
    std::lock_guard<std::mutex> lock(mu_);
    writing_ = false;
    if (ending_) {
      this->Finish(end_status_);
    } else if (!ok) {
      EndLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the stream broke"));
    } else {
      tsan::HandOff(this);
      this->StartRead(&request_);
    }
  }

  void OnDone() override {
    tsan::TakeOver(this);
    // gRPC calls this after the last OnReadDone or OnWriteDone has returned; taking their lock
    // shows that order to TSan too, whose view of gRPC's own is blind.
    { std::lock_guard<std::mutex> lock(mu_); }
    Unregister();
    tsan::HandOff(tsan::Served());  // before the server's shutdown, which waits for this
    delete this;
  }

  const std::vector<std::string>* const services_;
  std::mutex mu_;
  Request request_;
  Response response_;  // being written while writing_
  bool writing_ = false;
  bool ending_ = false;
  grpc::Status end_status_;
};

// The full names of what list_services answers: the hosted services, health and reflection.
std::vector<std::string> Listed(std::vector<std::string> hosted) {
  hosted.push_back("grpc.health.v1.Health");
  hosted.push_back("grpc.reflection.v1.ServerReflection");
  hosted.push_back("grpc.reflection.v1alpha.ServerReflection");
  return hosted;
}

// Types whose nested names are those of a protocol version, for Service<Version>.
struct V1 {
  using ServerReflection = grpc::reflection::v1::ServerReflection;
  using ServerReflectionRequest = grpc::reflection::v1::ServerReflectionRequest;
  using ServerReflectionResponse = grpc::reflection::v1::ServerReflectionResponse;
};
struct V1Alpha {
  using ServerReflection = grpc::reflection::v1alpha::ServerReflection;
  using ServerReflectionRequest = grpc::reflection::v1alpha::ServerReflectionRequest;
  using ServerReflectionResponse = grpc::reflection::v1alpha::ServerReflectionResponse;
};

}  // namespace

// One version of the protocol: its generated callback service, answering with Stream.
template <typename Version>
class ReflectionService::Service final : public Version::ServerReflection::CallbackService {
 public:
  explicit Service(const std::vector<std::string>* services) : services_(services) {}

 private:
  using Request = typename Version::ServerReflectionRequest;
  using Response = typename Version::ServerReflectionResponse;

  grpc::ServerBidiReactor<Request, Response>* ServerReflectionInfo(
      grpc::CallbackServerContext* context) override {
    tsan::TakeOver(tsan::Dispatch());
    return new Stream<Request, Response>(services_);
  }

  const std::vector<std::string>* const services_;
};

ReflectionService::ReflectionService(std::vector<std::string> hosted)
    : services_(Listed(std::move(hosted))),
      v1_(std::make_unique<Service<V1>>(&services_)),
      v1alpha_(std::make_unique<Service<V1Alpha>>(&services_)) {
  Catalog::Get();  // built now, not in the first call
}

ReflectionService::~ReflectionService() = default;

grpc::Service* ReflectionService::v1() { return v1_.get(); }
grpc::Service* ReflectionService::v1alpha() { return v1alpha_.get(); }

}  // namespace district
