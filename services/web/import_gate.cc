#include "services/web/import_gate.h"

#include "district/parks/v1/parks_service.pb.h"
#include "district/project/v1/project_service.pb.h"

namespace district::web {

grpc::Status MayImport(const rpc::Rpc& rpc, returns::ReturnKind kind, const rpc::Caller& caller) {
  rpc::Reply reply;
  if (kind == returns::ReturnKind::kInvestment) {
    project::v1::BatchRecordInvestmentRequest probe;
    probe.add_reports();  // no project_id: never valid
    reply = rpc.CallAs("district.project.v1.ProjectService.BatchRecordInvestment", probe, caller);
  } else {
    parks::v1::BatchRecordMetricsRequest probe;
    probe.add_metrics();  // no building_id: never valid
    reply = rpc.CallAs("district.parks.v1.ParkMetricsService.BatchRecordMetrics", probe, caller);
  }
  switch (reply.status.error_code()) {
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return reply.status;
    default:  // the probe's own INVALID_ARGUMENT: the caller got past the role check
      return grpc::Status::OK;
  }
}

}  // namespace district::web
