#include "services/web/api.h"

#include <map>
#include <optional>
#include <set>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/money.h"
#include "common/registry.h"
#include "common/sectors.h"
#include "common/status.h"
#include "common/validation.h"
#include "district/audit/v1/audit.pb.h"
#include "district/identity/v1/identity_service.pb.h"
#include "district/project/v1/project_service.pb.h"
#include "services/web/history_words.h"
#include "tools/export/registers.h"
#include "tools/returns/returns.h"

namespace district::web {
namespace {

std::string Json(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;  // a zero is a zero; unknowns are `optional`
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(m, &json, options);
  return json;
}

}  // namespace

int HttpStatusFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    default:
      return 500;
  }
}

HttpReply ErrorReply(const absl::Status& status) {
  google::protobuf::Struct body;
  auto& error = *(*body.mutable_fields())["error"].mutable_struct_value()->mutable_fields();
  error["code"].set_string_value(absl::StatusCodeToString(status.code()));
  error["message"].set_string_value(std::string(status.message()));
  if (std::optional<google::rpc::BadRequest> bad = BadRequestOf(status);
      bad.has_value() && !bad->field_violations().empty()) {
    error["field"].set_string_value(bad->field_violations(0).field());
    auto* violations = error["violations"].mutable_list_value();
    for (const google::rpc::BadRequest::FieldViolation& v : bad->field_violations()) {
      auto& f = *violations->add_values()->mutable_struct_value()->mutable_fields();
      f["field"].set_string_value(v.field());
      f["description"].set_string_value(v.description());
    }
  }
  if (std::optional<google::rpc::LocalizedMessage> localized = LocalizedMessageOf(status);
      localized.has_value()) {
    error["localizedMessage"].set_string_value(localized->message());
  }
  HttpReply reply;
  reply.status = HttpStatusFor(static_cast<grpc::StatusCode>(status.code()));
  reply.body = Json(body);
  return reply;
}

HttpReply ErrorReply(grpc::StatusCode code, const std::string& message) {
  return ErrorReply(absl::Status(static_cast<absl::StatusCode>(code), message));
}

HttpReply BackendErrorReply(const grpc::Status& status, const rpc::Caller& caller) {
  return BackendErrorReply(FromGrpcStatus(status), caller);
}

HttpReply BackendErrorReply(const absl::Status& status, const rpc::Caller& caller) {
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const char* plain = nullptr;
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
      plain = "the service cannot be reached; try again shortly";
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      plain = "the service did not answer in time";
      break;
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::CANCELLED:
      plain = "the service could not answer";
      break;
    default:
      return ErrorReply(status);
  }
  LogWarning(absl::StrCat("a backend call failed: ", status.message()),
             {{"code", absl::StatusCodeToString(static_cast<absl::StatusCode>(code))},
              {"request_id", caller.request_id}});
  return ErrorReply(code, plain);
}

HttpReply Api::Call(const std::string& service, const std::string& method, const std::string& body,
                    const rpc::Caller& caller) const {
  // Any method of the suite's own services; not the audit trail and backups that every domain
  // server hosts (the page reads history through History, admins back up with districtctl).
  const std::string full = absl::StrCat(service, ".", method);
  const google::protobuf::MethodDescriptor* m = rpc::Rpc::FindMethod(full);
  const std::string server = m == nullptr ? "" : ApiRegistry::ServerOf(m->service());
  if (m == nullptr || m->service()->full_name() != service || server.empty() || server == "audit" ||
      server == "admin") {
    return ErrorReply(NotFoundError("no method " + service + "/" + method, "没有这个接口"));
  }
  // A person's session stays in the web service (POST /api/session, /api/password,
  // /api/signout): the page never holds an identity session id or an access token.
  if (server == "identity" && (method == "SignIn" || method == "RefreshAccessToken" ||
                               method == "SignOut" || method == "ChangePassword")) {
    return ErrorReply(NotFoundError(
        "no method " + service + "/" + method + " here: use /api/session", "没有这个接口"));
  }
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> request = rpc_->NewRequest(full);
  if (!request.ok()) return ErrorReply(request.status());
  if (absl::Status s = rpc::FromJson(body.empty() ? "{}" : body, request->get()); !s.ok()) {
    return ErrorReply(s);
  }
  rpc::Reply reply = rpc_->CallAs(full, **request, caller);
  if (!reply.status.ok()) return BackendErrorReply(reply.status, caller);
  HttpReply out;
  out.body = Json(*reply.response);
  return out;
}

std::map<std::string, std::string> Api::PeopleNamed(
    const audit::v1::ListAuditEntriesResponse& entries, const rpc::Caller& caller) const {
  // The trail records a person by id (names change; ids do not): "王审核（区发展和改革局）" for a
  // person the identity service knows, asked once per person. Machine tokens keep their names.
  std::map<std::string, std::string> names;
  const ResourceKindInfo* person =
      ApiRegistry::Global().FindKind("district.identity.v1.IdentityService", "person");
  if (person == nullptr || rpc_->ChannelTo("identity") == nullptr) return names;
  for (const audit::v1::AuditEntry& entry : entries.entries()) {
    const std::string& who = entry.principal();
    if (!absl::StartsWith(who, person->id_prefix) || names.count(who) > 0) continue;
    identity::v1::GetPersonRequest request;
    request.set_id(who);
    rpc::Reply reply =
        rpc_->CallAs("district.identity.v1.IdentityService.GetPerson", request, caller);
    identity::v1::Person found;
    if (!reply.status.ok()) {
      names[who] = who;
      continue;
    }
    found.CopyFrom(*reply.response);
    names[who] = found.unit().empty()
                     ? found.display_name()
                     : absl::StrCat(found.display_name(), "（", found.unit(), "）");
  }
  return names;
}

HttpReply Api::History(const std::string& kind, const std::string& id,
                       const rpc::Caller& caller) const {
  // The server that keeps the kind keeps its audit trail: the contracts say which
  // ((district.api.v1.resource_kind) on its service).
  const std::vector<const ResourceKindInfo*> kinds = ApiRegistry::Global().KindsNamed(kind);
  if (kinds.size() != 1) {
    return ErrorReply(NotFoundError("no kind " + kind, "没有这类记录"));
  }
  const std::string server = ApiRegistry::ServerOf(kinds[0]->service);
  audit::v1::ListAuditEntriesRequest request;
  request.set_resource(absl::StrCat(kind, "/", id));
  request.set_page_size(kMaxPageSize);
  rpc::Reply reply =
      rpc_->CallAs("district.audit.v1.AuditService.ListAuditEntries", request, caller, server);
  if (!reply.status.ok()) return BackendErrorReply(reply.status, caller);
  audit::v1::ListAuditEntriesResponse entries;
  entries.CopyFrom(*reply.response);  // rpc makes its responses of the generated types
  HttpReply out;
  out.body = Json(
      HistoryInWords(entries, *kinds[0]->service, kinds[0]->message, PeopleNamed(entries, caller)));
  return out;
}

HttpReply Api::Export(const std::string& register_name, const std::string& filter_json,
                      const rpc::Caller& caller) const {
  const xport::Register* reg = xport::FindRegister(register_name);
  const xport::ViewExport* view = xport::FindViewExport(register_name);
  if (reg == nullptr && view == nullptr) {
    return ErrorReply(NotFoundError("no register " + register_name, "没有这个台账"));
  }
  const std::string filter = filter_json.empty() ? "{}" : filter_json;
  absl::StatusOr<std::string> workbook = view != nullptr
                                             ? view->write(*rpc_, filter, caller)
                                             : xport::ExportRegister(*rpc_, *reg, filter, caller);
  if (!workbook.ok()) return BackendErrorReply(workbook.status(), caller);
  HttpReply out;
  out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  out.body = *std::move(workbook);
  // The Chinese name for browsers that take RFC 5987, the register's for the others.
  std::string encoded;
  const std::string title = view != nullptr ? view->title : reg->title;
  for (unsigned char c : title) absl::StrAppend(&encoded, "%", absl::Hex(c, absl::kZeroPad2));
  out.headers.emplace_back("Content-Disposition",
                           absl::StrCat("attachment; filename=\"", register_name,
                                        ".xlsx\"; filename*=UTF-8''", encoded, ".xlsx"));
  return out;
}

HttpReply Api::Import(const std::string& kind, const std::string& file_name,
                      const std::string& bytes, const rpc::Caller& caller) const {
  returns::ReturnKind return_kind;
  if (!returns::ParseReturnKind(kind, &return_kind)) {
    return ErrorReply(NotFoundError("no return " + kind, "没有这种月报"));
  }
  absl::StatusOr<returns::Table> table = returns::ReadTable(bytes, file_name);
  if (!table.ok()) {  // the file's fault, whatever stopped the reading: 400
    return table.status().code() == absl::StatusCode::kInvalidArgument
               ? ErrorReply(table.status())
               : ErrorReply(grpc::StatusCode::INVALID_ARGUMENT,
                            std::string(table.status().message()));
  }
  returns::ImportResult result = returns::ImportReturn(*rpc_, return_kind, *table, caller);
  if (!result.status.ok()) return BackendErrorReply(result.status, caller);
  google::protobuf::Struct body;
  HttpReply out;
  if (!result.errors.empty()) {
    auto* errors = (*body.mutable_fields())["errors"].mutable_list_value();
    for (const returns::CellError& e : result.errors) {
      auto& f = *errors->add_values()->mutable_struct_value()->mutable_fields();
      f["row"].set_number_value(e.row);
      f["column"].set_string_value(e.column);
      f["message"].set_string_value(e.message);
    }
    // Every bad cell, the listed and the rest (the list stops at returns::kMaxListedErrors).
    (*body.mutable_fields())["errorCount"].set_number_value(result.error_count);
    out.status = 400;
  } else {
    (*body.mutable_fields())["recorded"].set_number_value(result.recorded);
  }
  out.body = Json(body);
  return out;
}

HttpReply Api::Labels() const {
  // From the contracts (common/registry.h): every enum value's label, and the values of each enum
  // in the order the protos declare them (the page offers them in lists in that order).
  const ApiRegistry& registry = ApiRegistry::Global();
  google::protobuf::Struct body;
  auto& enums = *(*body.mutable_fields())["enums"].mutable_struct_value()->mutable_fields();
  for (const auto& [name, label] : registry.value_labels()) enums[name].set_string_value(label);
  auto* order = (*body.mutable_fields())["order"].mutable_list_value();
  std::set<std::string> listed;  // a name two packages share (METRIC_UNSPECIFIED) once
  for (const google::protobuf::EnumDescriptor* e : registry.enums()) {
    for (int i = 0; i < e->value_count(); ++i) {
      if (listed.insert(e->value(i)->name()).second) {
        order->add_values()->set_string_value(e->value(i)->name());
      }
    }
  }
  auto* sectors = (*body.mutable_fields())["sectors"].mutable_list_value();
  for (absl::string_view s : kSectors) sectors->add_values()->set_string_value(std::string(s));
  // Each resource's field labels by kind and JSON name ({"project": {"landAreaMu": "用地"}}), for
  // the forms' labels; and the bound on every amount a client sends (common/money.h), in yuan.
  auto& fields = *(*body.mutable_fields())["fields"].mutable_struct_value()->mutable_fields();
  for (const ResourceKindInfo& kind : registry.kinds()) {
    if (kind.message == nullptr) continue;
    auto& of_kind = *fields[kind.kind].mutable_struct_value()->mutable_fields();
    for (int i = 0; i < kind.message->field_count(); ++i) {
      const google::protobuf::FieldDescriptor* f = kind.message->field(i);
      const absl::string_view label = ApiRegistry::Label(f);
      if (!label.empty()) of_kind[f->json_name()].set_string_value(std::string(label));
    }
  }
  (*body.mutable_fields())["maxYuan"].set_string_value(absl::StrCat(kMaxYuan));
  HttpReply out;
  out.body = Json(body);
  return out;
}

grpc::Status Api::Verify(const std::string& token) const {
  project::v1::ListProjectsRequest request;
  request.set_page_size(1);
  return rpc_
      ->CallAs("district.project.v1.ProjectService.ListProjects", request, rpc::Caller{token, ""})
      .status;
}

}  // namespace district::web
