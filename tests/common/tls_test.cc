// TLS and mutual TLS on a real server on loopback, with certificates made by
// deploy/tls/make-dev-certs.sh: without the CA a client cannot connect; with mutual TLS, not
// without its own certificate either.
#include "common/tls.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "common/server.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "services/project/project_service.h"
#include "tests/support/temp_dir.h"

namespace district {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs_ = new district::testing::TempDir();
    const std::string command = std::string("bash ") + SOURCE_DIR +
                                "/deploy/tls/make-dev-certs.sh " + certs_->path() + " >/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  static void TearDownTestSuite() { delete certs_; }
  static std::string Cert(const std::string& name) { return certs_->Sub(name); }

  void StartServer(bool mutual) {
    Store::Options options;
    options.path = data_.Sub("db");
    store_ = *Store::Open(options);
    service_ = *project::ProjectServiceImpl::Open(store_.get());
    auto credentials = MakeServerCredentials(
        {Cert("server.crt"), Cert("server.key"), mutual ? Cert("ca.crt") : ""});
    ASSERT_TRUE(credentials.ok()) << credentials.status();
    server_ = *Server::Start(
        "127.0.0.1:0", {{service_.get(), "district.project.v1.ProjectService"}}, *credentials);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  }

  grpc::Status Call(std::shared_ptr<grpc::ChannelCredentials> credentials) {
    auto stub = project::v1::ProjectService::NewStub(
        grpc::CreateChannel("localhost:" + std::to_string(server_->port()), credentials));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
    project::v1::GetProjectStatsRequest req;
    req.set_year(2020);
    project::v1::ProjectStats stats;
    return stub->GetProjectStats(&ctx, req, &stats);
  }

  static district::testing::TempDir* certs_;
  district::testing::TempDir data_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<project::ProjectServiceImpl> service_;
  std::unique_ptr<Server> server_;
};

district::testing::TempDir* TlsTest::certs_ = nullptr;

TEST_F(TlsTest, TheCaIsNeededToConnect) {
  StartServer(/*mutual=*/false);
  EXPECT_TRUE(Call(*MakeChannelCredentials({Cert("ca.crt"), "", ""})).ok());
  // Plaintext to a TLS server, and TLS without the development CA: no connection at all (not a
  // call that reached the server and failed there).
  EXPECT_EQ(Call(grpc::InsecureChannelCredentials()).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Call(grpc::SslCredentials(grpc::SslCredentialsOptions())).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsNeedsTheClientsCertificate) {
  StartServer(/*mutual=*/true);
  EXPECT_EQ(Call(*MakeChannelCredentials({Cert("ca.crt"), "", ""})).error_code(),
            grpc::StatusCode::UNAVAILABLE);  // the handshake fails
  EXPECT_TRUE(
      Call(*MakeChannelCredentials({Cert("ca.crt"), Cert("client.crt"), Cert("client.key")})).ok());
}

// A key or a client CA without a certificate meant TLS: refused, never served as plaintext.
TEST(TlsFiles, HalfATlsConfigurationIsRefused) {
  EXPECT_EQ(MakeServerCredentials({"", "/some.key", ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeServerCredentials({"", "", "/ca.crt"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeServerCredentials({"/server.crt", "", ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MakeServerCredentials({"", "", ""}).ok());  // plaintext, as asked
}

// A client certificate or key without the CA would have gone unused over plaintext, and a
// certificate without its key (or a key without its certificate) was taken: each is refused,
// naming the flag that is missing.
TEST(TlsFiles, HalfAClientConfigurationIsRefusedNamingTheMissingFlag) {
  auto refused = [](const ClientTls& tls) {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> c = MakeChannelCredentials(tls);
    EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(c.status().message());
  };
  EXPECT_NE(refused({"", "/client.crt", "/client.key"}).find("need --tls_ca"), std::string::npos);
  EXPECT_NE(refused({"", "/client.crt", ""}).find("--tls_client_cert needs --tls_client_key"),
            std::string::npos);
  EXPECT_NE(refused({"", "", "/client.key"}).find("--tls_client_key needs --tls_client_cert"),
            std::string::npos);
  EXPECT_NE(refused({"/ca.crt", "/client.crt", ""}).find("needs --tls_client_key"),
            std::string::npos);
  EXPECT_NE(refused({"/ca.crt", "", "/client.key"}).find("needs --tls_client_cert"),
            std::string::npos);
  // districtctl's flags are named as districtctl names them.
  EXPECT_NE(refused({"", "/client.crt", "", "--tls_ca", "--tls_cert", "--tls_key"})
                .find("--tls_cert needs --tls_key"),
            std::string::npos);
  EXPECT_TRUE(MakeChannelCredentials({"", "", ""}).ok());  // plaintext, as asked
}

TEST(TlsFiles, MissingFilesAreErrorsNotCrashes) {
  EXPECT_EQ(MakeServerCredentials({"/no/such.crt", "/no/such.key", ""}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(MakeChannelCredentials({"/no/ca.crt", "", ""}).status().code(),
            absl::StatusCode::kNotFound);
}

// make-dev-certs.sh signs for 825 days: a server warns at start-up when its certificate has
// expired, is not valid yet, or expires within 30 days, and not otherwise.
TEST_F(TlsTest, CertificateValidityIsWarnedAbout) {
  const absl::Time now = absl::Now();
  EXPECT_EQ(CertificateValidityWarning(Cert("server.crt"), now), "");
  EXPECT_EQ(CertificateValidityWarning(Cert("server.crt"), now + absl::Hours(24 * 700)), "");
  EXPECT_NE(CertificateValidityWarning(Cert("server.crt"), now + absl::Hours(24 * 810))
                .find("expires in "),
            std::string::npos);
  const std::string expired =
      CertificateValidityWarning(Cert("server.crt"), now + absl::Hours(24 * 830));
  EXPECT_NE(expired.find("EXPIRED 5 days ago"), std::string::npos) << expired;
  EXPECT_NE(
      CertificateValidityWarning(Cert("server.crt"), now - absl::Hours(48)).find("not valid yet"),
      std::string::npos);
  EXPECT_EQ(CertificateValidityWarning(Cert("server.key"), now), "");  // not a certificate
}

}  // namespace
}  // namespace district
