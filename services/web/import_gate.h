// Whether a caller may import a monthly return, asked before the web service reads the upload:
// the door must not parse a file for someone the services would refuse anyway.
//
// The services check a caller's role before a handler runs (common/handlers.h), so the question
// is asked of the very method the return would be recorded with (BatchRecordInvestment or
// BatchRecordMetrics), with a batch of one empty report that validation always refuses: the
// answer is the caller's refusal (UNAUTHENTICATED, PERMISSION_DENIED), UNAVAILABLE when the
// service cannot be asked, or else OK, and nothing is ever written.
//
// Stateless; safe from any thread (the Rpc is).
#ifndef DISTRICT_SERVICES_WEB_IMPORT_GATE_H_
#define DISTRICT_SERVICES_WEB_IMPORT_GATE_H_

#include <grpcpp/grpcpp.h>

#include "tools/returns/returns.h"
#include "tools/rpc/rpc.h"

namespace district::web {

grpc::Status MayImport(const rpc::Rpc& rpc, returns::ReturnKind kind, const rpc::Caller& caller);

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_IMPORT_GATE_H_
