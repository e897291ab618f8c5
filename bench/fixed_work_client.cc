// A fixed amount of work against a running project server, for comparing servers by the CPU they
// spend on the same calls (bench/fixed_work.sh), where a machine's noise makes rates too unsteady:
// CREATES durable creates, then GETS GetProject calls from 8 threads.
//
//   build/bench/fixed_work_client HOST:PORT CREATES GETS
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "district/project/v1/project_service.grpc.pb.h"

namespace v1 = district::project::v1;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: fixed_work_client HOST:PORT CREATES GETS\n");
    return 2;
  }
  auto stub =
      v1::ProjectService::NewStub(grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials()));
  const int creates = std::atoi(argv[2]), gets = std::atoi(argv[3]), threads = 8;
  std::vector<std::string> ids;
  for (int i = 0; i < creates; ++i) {
    grpc::ClientContext ctx;
    v1::CreateProjectRequest req;
    req.mutable_project()->set_name("项目 " + std::to_string(i));
    req.mutable_project()->set_total_investment_yuan(100000000);
    req.mutable_project()->set_leader("王书记");
    v1::Project out;
    if (grpc::Status s = stub->CreateProject(&ctx, req, &out); !s.ok()) {
      std::fprintf(stderr, "create: %s\n", s.error_message().c_str());
      return 1;
    }
    ids.push_back(out.id());
  }
  if (ids.empty()) return 0;
  std::vector<std::thread> workers;
  std::vector<int> failed(threads, 0);
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = t; i < gets; i += threads) {
        grpc::ClientContext ctx;
        v1::GetProjectRequest req;
        req.set_id(ids[i % ids.size()]);
        v1::Project out;
        if (!stub->GetProject(&ctx, req, &out).ok()) ++failed[t];
      }
    });
  }
  for (std::thread& w : workers) w.join();
  int all_failed = 0;
  for (int f : failed) all_failed += f;
  std::printf("%d creates, %d gets, %d failed\n", creates, gets, all_failed);
  return all_failed == 0 ? 0 : 1;
}
