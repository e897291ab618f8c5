// districtctl's parts, mostly without a server: the requests it builds from what is typed (JSON
// escaping, typed filters, dates), the resources it knows, and the usage errors it answers with
// exit 2 before calling anything; and how a refused watch ends, against a project server in
// process.
#include <sstream>

#include <gtest/gtest.h>

#include "tests/support/project_server.h"
#include "tools/districtctl/cli.h"
#include "tools/districtctl/request_json.h"
#include "tools/districtctl/resources.h"

namespace district::ctl {
namespace {

TEST(RequestJson, FiltersAreTypedAndStringsEscaped) {
  absl::StatusOr<nlohmann::json> f =
      FiltersJson({"leader=王书记", "year=2020", "overdue_only=true", "name=say \"hi\"\\n"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ((*f)["leader"], "王书记");
  EXPECT_EQ((*f)["year"], 2020);
  EXPECT_EQ((*f)["overdue_only"], true);
  EXPECT_EQ((*f)["name"], "say \"hi\"\\n");
  // The text sent is JSON that parses back to the same values: quotes and backslashes escaped.
  EXPECT_EQ(nlohmann::json::parse(f->dump()), *f);
  EXPECT_NE(f->dump().find(R"(say \"hi\"\\n)"), std::string::npos) << f->dump();
  EXPECT_EQ(FiltersJson({"leader"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FiltersJson({"=x"}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RequestJson, ControlCharactersAndChineseSurviveTheRoundTrip) {
  const std::string name = "奎文\t区\x01";
  absl::StatusOr<nlohmann::json> f = FiltersJson({"name=" + name});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(nlohmann::json::parse(f->dump())["name"], name);
}

TEST(RequestJson, DatesAndObjects) {
  absl::StatusOr<nlohmann::json> d = DateJson("2020-03-30");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, (nlohmann::json{{"year", 2020}, {"month", 3}, {"day", 30}}));
  EXPECT_FALSE(DateJson("2020/03/30").ok());
  EXPECT_FALSE(DateJson("march").ok());
  EXPECT_TRUE(ObjectJson(R"({"name": "林德液压"})", "project").ok());
  const absl::Status bad = ObjectJson("[1, 2]", "project").status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.message().rfind("project:", 0), 0u) << bad.message();
  EXPECT_FALSE(ObjectJson("{name: x}", "project").ok());
}

TEST(Resources, SingularOrPluralAndTheirMethods) {
  const Resource* p = FindResource("projects");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p, FindResource("project"));
  EXPECT_EQ(p->Method("List", p->plural), "district.project.v1.ProjectService.ListProjects");
  EXPECT_EQ(FindResource("lead")->service, "district.recruitment.v1.RecruitmentService");
  EXPECT_EQ(FindResource("nonsense"), nullptr);
  EXPECT_EQ(ResourceNames().size(), 9u);
  EXPECT_EQ(FindResource("orders")->Method("Create", "Order"),
            "district.project.v1.ProjectService.CreateOrder");
  EXPECT_EQ(AuditTrail().Method("List", AuditTrail().plural),
            "district.audit.v1.AuditService.ListAuditEntries");
}

// Usage errors are found before any call: the addresses lead nowhere, and exit status 2 says the
// command line was wrong.
class CliUsageTest : public ::testing::Test {
 protected:
  int Run(const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    return Cli(rpc_, "", CliOptions(), out_, err_).Run(args);
  }
  rpc::Rpc rpc_{{{"project", "127.0.0.1:1"},
                 {"recruitment", "127.0.0.1:1"},
                 {"parks", "127.0.0.1:1"},
                 {"aggregator", "127.0.0.1:1"}},
                std::chrono::milliseconds(200)};
  std::ostringstream out_, err_;
};

TEST_F(CliUsageTest, BadCommandLinesExitTwoAndSayWhy) {
  EXPECT_EQ(Run({}), kBadUsage);
  EXPECT_NE(err_.str().find("no command"), std::string::npos);
  EXPECT_EQ(Run({"list", "nonsense"}), kBadUsage);
  EXPECT_NE(err_.str().find("unknown resource nonsense"), std::string::npos);
  EXPECT_EQ(Run({"advance", "project", "P1", "signed", "2020-13"}), kBadUsage);
  EXPECT_NE(err_.str().find("not a date"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"create", "project", "{not json"}), kBadUsage);
  EXPECT_NE(err_.str().find("project: not a JSON object"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"list", "projects", "leader"}), kBadUsage);
  EXPECT_NE(err_.str().find("use FIELD=VALUE"), std::string::npos);
  EXPECT_EQ(Run({"export", "projects"}), kBadUsage);  // no --out
  EXPECT_EQ(out_.str(), "");
}

// Bytes that are not UTF-8 cannot go into a request's JSON: refused as usage, not an abort.
TEST_F(CliUsageTest, ArgumentsThatAreNotUtf8ExitTwo) {
  EXPECT_EQ(Run({"list", "projects", "leader=\xff"}), kBadUsage);
  EXPECT_NE(err_.str().find("not UTF-8"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"advance", "project", "P\xff", "signed", "2020-06-01"}), kBadUsage);
  EXPECT_NE(err_.str().find("not UTF-8"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"update", "project", "P\xff", "{}"}), kBadUsage);
  EXPECT_NE(err_.str().find("not UTF-8"), std::string::npos) << err_.str();
}

TEST_F(CliUsageTest, AServerThatCannotBeReachedIsAFailureNotUsage) {
  EXPECT_EQ(Run({"get", "project", "P00000001"}), kFailed);
  EXPECT_NE(err_.str().find("project service"), std::string::npos) << err_.str();
}

// `reminders --watch` follows the stream until interrupted, but a watch the service refuses ends
// the command at once, as a failure naming the rule (the feed is given up before it says so).
TEST(CliWatchTest, ARefusedWatchEndsTheCommandAsAFailure) {
  district::testing::ProjectServer server;
  rpc::Rpc rpc({{"project", server.address()},
                {"recruitment", server.address()},
                {"parks", server.address()},
                {"aggregator", server.address()}},
               std::chrono::milliseconds(2000));
  std::ostringstream out, err;
  CliOptions options;
  options.watch = true;
  for (int i = 0; i < 20; ++i) {  // the end and the giving up once raced
    err.str("");
    EXPECT_EQ(
        Cli(rpc, "", options, out, err).Run({"reminders", "leader=王书记", "park_id=K00000001"}),
        kFailed);
    EXPECT_NE(err.str().find("at most one"), std::string::npos) << err.str();
  }
}

}  // namespace
}  // namespace district::ctl
