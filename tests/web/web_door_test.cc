// The web service's door against hostile clients, with web_server and project_server as real
// processes on loopback: slow and idle connections (HTTP, and TLS never handshaken) do not keep
// anyone else out; deadlines and caps end them; bodies are capped and uploads refused before
// they are read; the lying zip and the deflate bomb cost a refusal, not memory; sessions end at
// sign-out; malformed heads get a 4xx; a service's refusal reaches the page with its details.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/auth.h"
#include "tests/support/hostile_zip.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

namespace district::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

// A TCP connection to 127.0.0.1:`port`, from `source` (another loopback address is another
// client). -1 when refused.
int Connect(int port, const char* source = "127.0.0.1") {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source, &from.sin_addr);
  bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

void SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

// Reads until the peer closes or `timeout` passes.
std::string ReadAll(int fd, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  char buf[8192];
  for (;;) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// One request on a connection of its own ("Connection: close"); the whole response.
std::string Exchange(int port, const std::string& request, const char* source = "127.0.0.1") {
  const int fd = Connect(port, source);
  if (fd < 0) return "";
  SendAll(fd, request);
  std::string response = ReadAll(fd);
  close(fd);
  return response;
}

int StatusOf(const std::string& response) {
  int status = 0;
  if (response.size() > 12) (void)absl::SimpleAtoi(response.substr(9, 3), &status);
  return status;
}

std::string Get(const std::string& path, const std::string& cookies = "") {
  return absl::StrCat("GET ", path, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
                      cookies.empty() ? "" : "Cookie: " + cookies + "\r\n", "\r\n");
}

std::string Post(const std::string& path, const std::string& body, const std::string& cookies,
                 const std::string& csrf, const std::string& extra = "") {
  return absl::StrCat("POST ", path, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
                      "Cookie: ", cookies, "\r\nX-CSRF-Token: ", csrf, "\r\n", extra,
                      "Content-Length: ", body.size(), "\r\n\r\n", body);
}

// The value of `name` in the response's Set-Cookie headers.
std::string SetCookie(const std::string& response, const std::string& name) {
  std::smatch m;
  if (std::regex_search(response, m, std::regex("Set-Cookie: " + name + "=([^;\r\n]*)"))) {
    return m[1];
  }
  return "";
}

// Resident memory of process `pid`, in bytes (VmRSS).
long RssBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (absl::StartsWith(line, "VmRSS:")) {
      long kb = 0;
      (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(6, line.size() - 9)), &kb);
      return kb * 1024;
    }
  }
  return -1;
}

double P99(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, v.size() * 99 / 100)];
}

class WebDoorTest : public ::testing::Test {
 protected:
  // A project service (wanting tokens when `tokens` is set: "TOKEN PRINCIPAL ROLE" lines) and a
  // web service in front of it with `web_flags` (and --allow_anonymous when no tokens are set).
  void StartSuite(const std::vector<std::string>& web_flags,
                  const std::vector<std::pair<std::string, std::string>>& tokens = {}) {
    std::vector<std::string> project_flags = {"--data_dir=" + dir_.Sub("project")};
    if (!tokens.empty()) {
      std::ofstream file(dir_.Sub("tokens"));
      for (const auto& [token, principal_role] : tokens) {
        file << Sha256Hex(token) << " " << principal_role << "\n";
      }
      project_flags.push_back("--tokens_file=" + dir_.Sub("tokens"));
    }
    std::vector<std::string> flags = web_flags;
    // A project service without tokens is local development: its web service lets anonymous
    // callers through, as it is told to. With tokens, they must sign in.
    if (tokens.empty()) flags.push_back("--allow_anonymous");
    auto project = SpawnedServer::Start(PROJECT_SERVER_PATH, project_flags, dir_.Sub("p.log"));
    ASSERT_TRUE(project.ok()) << project.status();
    project_.emplace(*std::move(project));
    for (const char* other :
         {"--project_addr=", "--parks_addr=", "--recruitment_addr=", "--aggregator_addr="}) {
      flags.push_back(other + project_->address());  // only the project service is asked here
    }
    flags.push_back(std::string("--static_dir=") + WEB_STATIC_DIR);
    auto web = SpawnedServer::Start(WEB_SERVER_PATH, flags, dir_.Sub("web.log"));
    ASSERT_TRUE(web.ok()) << web.status();
    web_.emplace(*std::move(web));
  }

  // A CSRF value and its cookie, as the page gets them.
  std::string Csrf() {
    return SetCookie(Exchange(web_->port(), Get("/api/session")), "district_csrf");
  }

  TempDir dir_;
  std::optional<SpawnedServer> project_, web_;
};

// Latencies of /healthz and an API read by a client of its own, each on a new connection.
std::vector<double> HealthAndApiLatencies(int port, const std::string& csrf, int rounds) {
  std::vector<double> seconds;
  for (int i = 0; i < rounds; ++i) {
    for (const std::string& request :
         {Get("/healthz"), Post("/api/district.project.v1.ProjectService/ListProjects", "{}",
                                "district_csrf=" + csrf, csrf)}) {
      const auto start = Clock::now();
      const std::string response = Exchange(port, request, "127.0.0.2");
      seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
      EXPECT_EQ(StatusOf(response), 200) << response.substr(0, 300);
    }
  }
  return seconds;
}

TEST_F(WebDoorTest, TwoHundredSlowAndIdleClientsLeaveOthersServed) {
  StartSuite({});
  const std::string csrf = Csrf();
  ASSERT_FALSE(csrf.empty());
  std::vector<int> held;
  for (int i = 0; i < 200; ++i) {
    const int fd = Connect(web_->port());
    ASSERT_GE(fd, 0);
    // Half idle; half start a head and never finish it (the slow loris).
    if (i % 2 == 1) SendAll(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    held.push_back(fd);
  }
  std::vector<double> latencies = HealthAndApiLatencies(web_->port(), csrf, 25);
  for (int fd : held) {
    SendAll(fd, "a");  // a trickle keeps nothing alive past the head's deadline
  }
  latencies = [&] {
    std::vector<double> more = HealthAndApiLatencies(web_->port(), csrf, 25);
    latencies.insert(latencies.end(), more.begin(), more.end());
    return latencies;
  }();
  EXPECT_LT(P99(latencies), 1.0);
  for (int fd : held) close(fd);
}

TEST_F(WebDoorTest, TlsConnectionsThatNeverHandshakeLeaveOthersServed) {
  const std::string certs = dir_.Sub("tls");
  ASSERT_EQ(std::system(absl::StrCat("bash ", SOURCE_DIR, "/deploy/tls/make-dev-certs.sh ", certs,
                                     " >/dev/null 2>&1")
                            .c_str()),
            0);
  StartSuite({"--tls_cert=" + certs + "/server.crt", "--tls_key=" + certs + "/server.key"});
  std::vector<int> held;
  for (int i = 0; i < 200; ++i) {
    const int fd = Connect(web_->port());
    ASSERT_GE(fd, 0);
    held.push_back(fd);
  }
  net::io_context ioc;
  net::ssl::context ctx(net::ssl::context::tls_client);
  ctx.load_verify_file(certs + "/ca.crt");
  ctx.set_verify_mode(net::ssl::verify_peer);
  std::vector<double> latencies;
  for (int i = 0; i < 40; ++i) {
    const auto start = Clock::now();
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    beast::get_lowest_layer(stream).connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), web_->port()));
    stream.handshake(net::ssl::stream_base::client);
    http::request<http::empty_body> request{http::verb::get, "/healthz", 11};
    request.set(http::field::host, "localhost");
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    latencies.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    EXPECT_EQ(response.result_int(), 200);
    // Under TLS, browsers are told to keep to it.
    EXPECT_EQ(response["Strict-Transport-Security"], "max-age=31536000");
    beast::error_code ignored;
    stream.shutdown(ignored);
  }
  EXPECT_LT(P99(latencies), 1.0);
  for (int fd : held) close(fd);
}

TEST_F(WebDoorTest, DeadlinesEndSlowHeadsAndIdleConnections) {
  StartSuite({"--head_timeout=1s", "--idle_timeout=1s"});
  const int trickle = Connect(web_->port());
  const auto start = Clock::now();
  bool closed = false;
  // A byte every 100 ms: each read would be in time; the head as a whole is not.
  SendAll(trickle, "GET /healthz HTTP/1.1\r\n");
  while (Clock::now() - start < std::chrono::seconds(5)) {
    SendAll(trickle, "X");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    char byte;
    if (recv(trickle, &byte, 1, MSG_DONTWAIT) == 0) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  close(trickle);
  const int idle = Connect(web_->port());
  EXPECT_EQ(ReadAll(idle, std::chrono::milliseconds(4000)), "");  // closed, not waited out
  close(idle);
}

TEST_F(WebDoorTest, ConnectionsPerClientAreCapped) {
  StartSuite({"--max_connections_per_client=5"});
  std::vector<int> held;
  for (int i = 0; i < 5; ++i) held.push_back(Connect(web_->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int sixth = Connect(web_->port());
  SendAll(sixth, Get("/healthz"));
  EXPECT_EQ(ReadAll(sixth, std::chrono::milliseconds(2000)), "");  // closed at once
  close(sixth);
  // Another address is another client.
  EXPECT_EQ(StatusOf(Exchange(web_->port(), Get("/healthz"), "127.0.0.2")), 200);
  for (int fd : held) close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(StatusOf(Exchange(web_->port(), Get("/healthz"))), 200);
}

TEST_F(WebDoorTest, BodiesAreCappedBeforeTheyAreRead) {
  StartSuite({});
  const std::string csrf = Csrf();
  // Only the head is sent: the refusal cannot have waited for the body.
  const int fd = Connect(web_->port());
  SendAll(fd, absl::StrCat("POST /api/import/investment HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                           "Cookie: district_csrf=", csrf, "\r\nX-CSRF-Token: ", csrf,
                           "\r\nContent-Length: ", 64 << 20, "\r\n\r\n"));
  EXPECT_EQ(StatusOf(ReadAll(fd)), 413);
  close(fd);
  EXPECT_EQ(StatusOf(Exchange(web_->port(),
                              Post("/api/district.project.v1.ProjectService/ListProjects",
                                   std::string(2 << 20, ' '), "district_csrf=" + csrf, csrf))),
            413);
  // A chunked body is counted as it comes.
  const int chunked = Connect(web_->port());
  SendAll(chunked,
          absl::StrCat("POST /api/district.project.v1.ProjectService/ListProjects "
                       "HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: district_csrf=",
                       csrf, "\r\nX-CSRF-Token: ", csrf, "\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = absl::StrCat("100000\r\n", std::string(1 << 20, ' '), "\r\n");
  for (int i = 0; i < 3; ++i) SendAll(chunked, chunk);
  EXPECT_EQ(StatusOf(ReadAll(chunked)), 413);
  close(chunked);
}

TEST_F(WebDoorTest, ImportsAreRefusedBeforeTheUploadIsReadWhenTheCallerMayNot) {
  StartSuite({},
             {{"viewer-token-1234", "web-viewer viewer"}, {"editor-token-1234", "clerk editor"}});
  const std::string csrf = Csrf();
  const std::string head = absl::StrCat(
      "POST /api/import/investment HTTP/1.1\r\nHost: 127.0.0.1\r\nX-File-Name: r.xlsx\r\n",
      "X-CSRF-Token: ", csrf, "\r\nContent-Length: ", 5 << 20, "\r\nCookie: district_csrf=", csrf);
  // Anonymous: refused on the head alone (the body is never sent).
  int fd = Connect(web_->port());
  SendAll(fd, head + "\r\n\r\n");
  EXPECT_EQ(StatusOf(ReadAll(fd)), 401);
  close(fd);
  // A viewer, signed in: refused the same way.
  auto sign_in = [&](const std::string& token) {
    return SetCookie(Exchange(web_->port(), Post("/api/session", "{\"token\": \"" + token + "\"}",
                                                 "district_csrf=" + csrf, csrf)),
                     "district_session");
  };
  const std::string viewer = sign_in("viewer-token-1234");
  ASSERT_FALSE(viewer.empty());
  fd = Connect(web_->port());
  SendAll(fd, head + "; district_session=" + viewer + "\r\n\r\n");
  EXPECT_EQ(StatusOf(ReadAll(fd)), 403);
  close(fd);
  // An editor gets to send it (and is told what is wrong with it).
  const std::string editor = sign_in("editor-token-1234");
  const std::string response =
      Exchange(web_->port(), Post("/api/import/investment", "not a spreadsheet",
                                  "district_csrf=" + csrf + "; district_session=" + editor, csrf,
                                  "X-File-Name: r.csv\r\n"));
  EXPECT_EQ(StatusOf(response), 400) << response;
}

TEST_F(WebDoorTest, HostileSpreadsheetsCostARefusalNotMemory) {
  StartSuite({});
  const std::string csrf = Csrf();
  const long before = RssBytes(web_->pid());
  for (const std::string& file : {LyingZip(), DeflateBomb(256 << 20)}) {
    const std::string response =
        Exchange(web_->port(), Post("/api/import/investment", file, "district_csrf=" + csrf, csrf,
                                    "X-File-Name: return.xlsx\r\n"));
    EXPECT_GE(StatusOf(response), 400) << response.substr(0, 300);
    EXPECT_LT(StatusOf(response), 500) << response.substr(0, 300);
  }
  EXPECT_LT(RssBytes(web_->pid()) - before, 64L << 20);
}

TEST_F(WebDoorTest, SigningOutEndsTheSessionForEveryCopyOfTheCookie) {
  StartSuite({}, {{"viewer-token-1234", "web-viewer viewer"}});
  const std::string csrf = Csrf();
  const std::string signed_in = Exchange(
      web_->port(),
      Post("/api/session", "{\"token\": \"viewer-token-1234\"}", "district_csrf=" + csrf, csrf));
  const std::string session = SetCookie(signed_in, "district_session");
  ASSERT_EQ(session.size(), 32u) << signed_in;
  EXPECT_FALSE(absl::StrContains(signed_in, "viewer-token-1234"));  // the browser never holds it
  const std::string cookies = "district_csrf=" + csrf + "; district_session=" + session;
  const std::string list = "/api/district.project.v1.ProjectService/ListProjects";
  EXPECT_EQ(StatusOf(Exchange(web_->port(), Post(list, "{}", cookies, csrf))), 200);
  EXPECT_EQ(StatusOf(Exchange(web_->port(), Post("/api/signout", "{}", cookies, csrf))), 200);
  EXPECT_EQ(StatusOf(Exchange(web_->port(), Post(list, "{}", cookies, csrf))), 401);
  EXPECT_TRUE(absl::StrContains(Exchange(web_->port(), Get("/api/session", cookies)),
                                "\"signedIn\":false"));
}

TEST_F(WebDoorTest, MalformedHeadsGetA4xxAndTheServiceGoesOn) {
  StartSuite({"--max_event_streams_per_person=1"});
  const std::string csrf = Csrf();
  // Both a length and chunked: which one frames the body is ambiguous (request smuggling).
  EXPECT_EQ(StatusOf(Exchange(web_->port(),
                              absl::StrCat("POST /api/x/y HTTP/1.1\r\nHost: h\r\nContent-Length: "
                                           "5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))),
            400);
  std::string many = "GET /healthz HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 100; ++i) absl::StrAppend(&many, "X-", i, ": v\r\n");
  EXPECT_EQ(StatusOf(Exchange(web_->port(), many + "\r\n")), 400);
  EXPECT_EQ(StatusOf(Exchange(web_->port(), "GET /healthz HTTP/1.1\r\nHost: h\r\nX-Big: " +
                                                std::string(32 << 10, 'a') + "\r\n\r\n")),
            400);
  EXPECT_EQ(StatusOf(Exchange(web_->port(), "NONSENSE\r\n\r\n")), 400);
  EXPECT_EQ(StatusOf(Exchange(web_->port(), Get("/../../etc/passwd"))), 404);
  // Pages may not be framed by another site.
  const std::string page = Exchange(web_->port(), Get("/"));
  EXPECT_TRUE(absl::StrContains(page, "X-Frame-Options: DENY"));
  EXPECT_TRUE(absl::StrContains(page, "frame-ancestors 'none'"));
  // One live reminder stream per person here: the second is refused, another person's is not.
  const int first = Connect(web_->port());
  SendAll(first, Get("/api/reminders/watch"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(StatusOf(Exchange(web_->port(), Get("/api/reminders/watch"))), 503);
  const int other = Connect(web_->port(), "127.0.0.2");
  SendAll(other, Get("/api/reminders/watch"));
  char head[12];
  ASSERT_EQ(recv(other, head, sizeof head, MSG_WAITALL), 12);
  EXPECT_EQ(std::string(head, 12), "HTTP/1.1 200");
  close(first);
  close(other);
  EXPECT_EQ(StatusOf(Exchange(web_->port(), Get("/healthz"))), 200);
}

TEST_F(WebDoorTest, ABackendDownIsSaidPlainlyWithoutItsAddress) {
  StartSuite({});
  const std::string csrf = Csrf();
  const std::string port = std::to_string(project_->port());
  project_->Stop(SIGKILL);
  const std::string response =
      Exchange(web_->port(), Post("/api/district.project.v1.ProjectService/ListProjects", "{}",
                                  "district_csrf=" + csrf, csrf));
  EXPECT_EQ(StatusOf(response), 503) << response;
  EXPECT_FALSE(absl::StrContains(response, port)) << response;
  EXPECT_TRUE(absl::StrContains(response, "cannot be reached")) << response;
}

// The JSON body of an HTTP response, as a Struct.
google::protobuf::Struct JsonBody(const std::string& response) {
  google::protobuf::Struct body;
  const size_t start = response.find("\r\n\r\n");
  EXPECT_NE(start, std::string::npos) << response;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(response.substr(start + 4), &body).ok())
      << response;
  return body;
}

// A service's refusal reaches the page as data: the field at fault, every violation, and the
// zh-CN sentence to show (AIP-193), with the English message beside them for developers.
TEST_F(WebDoorTest, ARefusalCarriesTheFieldAndTheChineseSentence) {
  StartSuite({});
  const std::string csrf = Csrf();
  std::string response =
      Exchange(web_->port(), Post("/api/district.project.v1.ProjectService/CreateProject",
                                  R"({"project": {"name": ""}})", "district_csrf=" + csrf, csrf));
  EXPECT_EQ(StatusOf(response), 400) << response;
  google::protobuf::Struct body = JsonBody(response);
  const auto& error = body.fields().at("error").struct_value().fields();
  EXPECT_EQ(error.at("code").string_value(), "INVALID_ARGUMENT");
  EXPECT_EQ(error.at("message").string_value(), "project.name: must not be empty");
  EXPECT_EQ(error.at("field").string_value(), "project.name");
  EXPECT_EQ(error.at("localizedMessage").string_value(), "项目名称不能为空");
  const auto& violations = error.at("violations").list_value();
  ASSERT_EQ(violations.values_size(), 1) << response;
  const auto& violation = violations.values(0).struct_value().fields();
  EXPECT_EQ(violation.at("field").string_value(), "project.name");
  EXPECT_EQ(violation.at("description").string_value(), "must not be empty");

  // Not found: the sentence, and no field.
  response = Exchange(web_->port(), Post("/api/district.project.v1.ProjectService/GetProject",
                                         R"({"id": "P99999999"})", "district_csrf=" + csrf, csrf));
  EXPECT_EQ(StatusOf(response), 404) << response;
  body = JsonBody(response);
  const auto& missing = body.fields().at("error").struct_value().fields();
  EXPECT_EQ(missing.at("localizedMessage").string_value(), "找不到项目 P99999999");
  EXPECT_EQ(missing.count("field"), 0u) << response;
  EXPECT_EQ(missing.count("violations"), 0u) << response;
}

}  // namespace
}  // namespace district::testing
