// The web service's JSON API, apart from HTTP: each call is forwarded to the gRPC service that
// owns it, with the signed-in person's own token, and answered in the protobuf JSON mapping of
// that service's messages (no second schema). Errors are
//   {"error": {"code", "message", "field", "violations": [{"field", "description"}],
//              "localizedMessage"}}
// with the HTTP status that matches the gRPC code (as grpc-gateway maps them): the services'
// details forwarded as they are (AIP-193, common/error_details.h): "violations" from the
// google.rpc.BadRequest, "field" its first violation's, "localizedMessage" the zh-CN sentence of
// the google.rpc.LocalizedMessage; each absent when the error has none. Nothing is read from the
// message's text, which stays English, for developers.
//
//   POST /api/<service>/<method>   e.g. /api/district.project.v1.ProjectService/ListProjects
//   GET  /api/export/<register>.xlsx?filter=<List request as JSON>
//   GET  /api/labels               Chinese labels of enum values, and the sectors
//   GET  /api/history/<kind>/<id>  a record's audit trail, newest last (admins; the page shows
//                                  who changed what, when, from what to what)
//
// Thread-safe: it holds only the Rpc, which is.
#ifndef DISTRICT_SERVICES_WEB_API_H_
#define DISTRICT_SERVICES_WEB_API_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "district/audit/v1/audit.pb.h"
#include "tools/rpc/rpc.h"

namespace district::web {

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// The HTTP status for a gRPC code: INVALID_ARGUMENT 400, UNAUTHENTICATED 401, PERMISSION_DENIED
// 403, NOT_FOUND 404, ABORTED and ALREADY_EXISTS 409, UNAVAILABLE 503, DEADLINE_EXCEEDED 504, ...
int HttpStatusFor(grpc::StatusCode code);

// An error reply for `status`, with its details (above).
HttpReply ErrorReply(const absl::Status& status);
// An error with no details: for the web service's own refusals of what no form sends (malformed
// HTTP, too many streams, an upload that is not a file).
HttpReply ErrorReply(grpc::StatusCode code, const std::string& message);

// A backend's refusal or failure as the browser may see it. A failure of the call itself
// (UNAVAILABLE, DEADLINE_EXCEEDED, UNKNOWN, INTERNAL, CANCELLED) can name backend addresses and
// hosts: its message goes to the log, with the request id, and the browser gets a plain one. The
// services' own answers (a bad field, not found, not allowed) keep their words and details.
HttpReply BackendErrorReply(const absl::Status& status, const rpc::Caller& caller);
HttpReply BackendErrorReply(const grpc::Status& status, const rpc::Caller& caller);

class Api {
 public:
  explicit Api(const rpc::Rpc* rpc) : rpc_(rpc) {}  // not owned; must outlive the Api

  // Forwards `body` (JSON of the method's request; empty means {}) to `service`/`method`. Only
  // the district services are reachable, and of the identity service not the session methods
  // (the web service keeps a person's session itself): NOT_FOUND for anything else.
  HttpReply Call(const std::string& service, const std::string& method, const std::string& body,
                 const rpc::Caller& caller) const;

  // A register as an Excel workbook (tools/export/registers.h).
  HttpReply Export(const std::string& register_name, const std::string& filter_json,
                   const rpc::Caller& caller) const;

  HttpReply Labels() const;

  // The audit entries of record `kind`/`id` ("project", "P00000001"), from the server that keeps
  // it, in people's words (services/web/history_words.h: labels, amounts, the people by name):
  // NOT_FOUND for a kind the suite does not have; the server's PERMISSION_DENIED for a caller who
  // is not an admin.
  HttpReply History(const std::string& kind, const std::string& id,
                    const rpc::Caller& caller) const;

  // A monthly return ("investment" or "buildings", tools/returns/returns.h) uploaded as the
  // bytes of its .xlsx or CSV file: {"recorded": n}, or 400 with {"errors": [{"row", "column",
  // "message"}]} and nothing written.
  HttpReply Import(const std::string& kind, const std::string& file_name, const std::string& bytes,
                   const rpc::Caller& caller) const;

  // Whether the backends take `token` (a cheap read as that person): OK, or their refusal.
  grpc::Status Verify(const std::string& token) const;

 private:
  // The people among `entries`' principals, by id, as the identity service names them.
  std::map<std::string, std::string> PeopleNamed(const audit::v1::ListAuditEntriesResponse& entries,
                                                 const rpc::Caller& caller) const;

  const rpc::Rpc* rpc_;
};

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_API_H_
