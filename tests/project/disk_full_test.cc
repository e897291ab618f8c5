// The real project_server with its data on a small filesystem that fills up: writes are refused
// with RESOURCE_EXHAUSTED ("disk full"), reads keep working, nothing aborts, writes resume on their
// own once space is freed, SIGTERM exits cleanly and a restart with little space left comes back
// with every acknowledged write.
//
// Run twice: with the server's free-space floor (--min_free_disk_mb), which refuses writes before
// RocksDB meets the full disk, and without it (0), where RocksDB's own writes fail with ENOSPC.
// Needs to mount a tmpfs (root, as CI runs); skipped with a message otherwise.
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "district/project/v1/project_service.grpc.pb.h"
#include "tests/support/probes.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

namespace district::project {
namespace {

using district::testing::SpawnedServer;

// A tmpfs of `size_mb` mounted at `path` for the life of this object.
class SmallDisk {
 public:
  SmallDisk(const std::string& path, int size_mb) : path_(path) {
    mkdir(path.c_str(), 0700);
    const std::string options = "size=" + std::to_string(size_mb) + "m,mode=0700";
    if (mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()) == 0) {
      mounted_ = true;
    } else {
      error_ = std::strerror(errno);
    }
  }
  ~SmallDisk() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

  // Fills what is left with a file, then gives back `leave` bytes of it.
  void Fill(size_t leave = 0) {
    const std::string filler = path_ + "/filler";
    std::ofstream out(filler, std::ios::binary | std::ios::app);
    const std::string chunk(64 << 10, 'x');
    while (out.write(chunk.data(), chunk.size()) && out.flush()) {
    }
    out.close();
    struct stat st {};
    if (leave > 0 && stat(filler.c_str(), &st) == 0) {
      truncate(filler.c_str(), st.st_size > static_cast<off_t>(leave) ? st.st_size - leave : 0);
    }
  }
  void Free() { unlink((path_ + "/filler").c_str()); }

 private:
  std::string path_;
  bool mounted_ = false;
  std::string error_;
};

class DiskFullTest : public ::testing::TestWithParam<int> {
 protected:
  absl::StatusOr<SpawnedServer> Start() {
    return SpawnedServer::Start(
        PROJECT_SERVER_PATH,
        {"--data_dir=" + dir_.Sub("disk/data"), "--min_free_disk_mb=" + std::to_string(GetParam())},
        dir_.Sub("server.log"));
  }
  std::string Log() const {
    std::ifstream in(dir_.Sub("server.log"));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  static grpc::Status Create(v1::ProjectService::Stub& stub, int i, v1::Project* out) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::CreateProjectRequest req;
    req.mutable_project()->set_name("奎文区满盘项目 " + std::to_string(i));
    req.mutable_project()->set_total_investment_yuan(100000000);
    return stub.CreateProject(&ctx, req, out);
  }
  static grpc::Status Get(v1::ProjectService::Stub& stub, const std::string& id) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::GetProjectRequest req;
    req.set_id(id);
    v1::Project out;
    return stub.GetProject(&ctx, req, &out);
  }

  district::testing::TempDir dir_;
};

TEST_P(DiskFullTest, WritesAreRefusedReadsWorkAndBothComeBack) {
  SmallDisk disk(dir_.Sub("disk"), 24);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs (" << disk.error() << "): needs root";
  std::vector<std::string> acknowledged;
  int next = 0;
  {
    absl::StatusOr<SpawnedServer> server = Start();
    ASSERT_TRUE(server.ok()) << server.status();
    auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
    auto stub = v1::ProjectService::NewStub(channel);
    for (; next < 20; ++next) {
      v1::Project out;
      ASSERT_TRUE(Create(*stub, next, &out).ok());
      acknowledged.push_back(out.id());
    }

    disk.Fill();
    // Creates go on while the WAL's space laid ahead lasts, then are refused, clearly.
    grpc::Status refused;
    for (int tries = 0; tries < 20000 && refused.ok(); ++tries, ++next) {
      v1::Project out;
      refused = Create(*stub, next, &out);
      if (refused.ok()) acknowledged.push_back(out.id());
    }
    ASSERT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << refused.error_message();
    EXPECT_NE(refused.error_message().find("disk full"), std::string::npos)
        << refused.error_message();
    for (int i = 0; i < 5; ++i, ++next) {
      v1::Project out;
      EXPECT_EQ(Create(*stub, next, &out).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    }
    for (const std::string& id : acknowledged) ASSERT_TRUE(Get(*stub, id).ok()) << id;
    EXPECT_EQ(district::testing::HealthStatus(channel, ""),
              grpc::health::v1::HealthCheckResponse::SERVING);

    // Space comes back: writes resume without a restart.
    disk.Free();
    grpc::Status resumed(grpc::StatusCode::UNKNOWN, "not tried");
    for (int tries = 0; tries < 200 && !resumed.ok(); ++tries, ++next) {
      v1::Project out;
      resumed = Create(*stub, next, &out);
      if (resumed.ok()) {
        acknowledged.push_back(out.id());
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    ASSERT_TRUE(resumed.ok()) << resumed.error_message() << "\n" << Log();
    for (int i = 0; i < 20; ++i, ++next) {
      v1::Project out;
      ASSERT_TRUE(Create(*stub, next, &out).ok());
      acknowledged.push_back(out.id());
    }

    // Full again, then SIGTERM: a clean exit, not an abort.
    disk.Fill();
    for (int i = 0; i < 20000; ++i, ++next) {
      v1::Project out;
      if (!Create(*stub, next, &out).ok()) break;
      acknowledged.push_back(out.id());
    }
    channel.reset();
    stub.reset();
    const int status = server->Stop(SIGTERM);
    ASSERT_TRUE(WIFEXITED(status)) << "signal " << WTERMSIG(status) << "\n" << Log();
    EXPECT_EQ(WEXITSTATUS(status), 0) << Log();
  }
  // A restart with little space left comes back with every acknowledged write.
  disk.Free();
  disk.Fill(/*leave=*/1 << 20);
  absl::StatusOr<SpawnedServer> server = Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::ProjectService::NewStub(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
  for (const std::string& id : acknowledged) ASSERT_TRUE(Get(*stub, id).ok()) << id;
  disk.Free();
  grpc::Status after(grpc::StatusCode::UNKNOWN, "not tried");
  for (int tries = 0; tries < 200 && !after.ok(); ++tries, ++next) {
    v1::Project out;
    after = Create(*stub, next, &out);
    if (!after.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(after.ok()) << after.error_message();
  const int status = server->Stop(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << Log();
}

INSTANTIATE_TEST_SUITE_P(FreeSpaceFloor, DiskFullTest, ::testing::Values(4, 0),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param > 0 ? "Floor" : "NoFloor";
                         });

}  // namespace
}  // namespace district::project
