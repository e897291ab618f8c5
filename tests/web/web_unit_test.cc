// The web service's parts that need no server: cookies and CSRF, the HTTP status of each gRPC
// code and the field an error names, and the monthly returns' reader (CSV as Excel saves it, and
// .xlsx written by libxlsxwriter and read back by our reader).
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"

#include "common/errors.h"
#include "common/status.h"
#include "district/project/v1/project.pb.h"
#include "district/project/v1/project_service.pb.h"
#include "services/web/api.h"
#include "services/web/history_words.h"
#include "services/web/http_server.h"
#include "services/web/person_session.h"
#include "services/web/session.h"
#include "services/web/session_table.h"
#include "tools/export/xlsx.h"
#include "tools/returns/table_reader.h"
#include "tools/rpc/rpc.h"

namespace district::web {
namespace {

TEST(Session, CookieValueFindsTheNamedCookieOnly) {
  EXPECT_EQ(CookieValue("a=1; district_csrf=abc; district_token=t0k", kCsrfCookie), "abc");
  EXPECT_EQ(CookieValue("xdistrict_csrf=evil; district_csrf=good", kCsrfCookie), "good");
  EXPECT_EQ(CookieValue("a=1", kSessionCookie), "");
  EXPECT_EQ(CookieValue("", kSessionCookie), "");
}

TEST(Session, TokensMustBeCookieSafe) {
  EXPECT_TRUE(IsWellFormedToken("viewer-12345_abc.DEF~+/="));
  EXPECT_FALSE(IsWellFormedToken(""));
  EXPECT_FALSE(IsWellFormedToken("a b"));
  EXPECT_FALSE(IsWellFormedToken("a;b"));
  EXPECT_FALSE(IsWellFormedToken("令牌"));
  EXPECT_FALSE(IsWellFormedToken(std::string(513, 'a')));
  EXPECT_NE(NewRandomHex(), NewRandomHex());
  EXPECT_EQ(NewRandomHex().size(), 32u);
}

TEST(Session, CookiesAreHttpOnlyStrictAndSecureUnderTls) {
  EXPECT_EQ(SessionCookie("s", true),
            "district_session=s; HttpOnly; Path=/; SameSite=Strict; Secure");
  EXPECT_EQ(SessionCookie("s", false), "district_session=s; HttpOnly; Path=/; SameSite=Strict");
  EXPECT_EQ(CsrfCookie("c", false).find("HttpOnly"), std::string::npos);  // the page reads it
  EXPECT_NE(ClearedSessionCookie(false).find("Max-Age=0"), std::string::npos);
}

TEST(Session, CsrfNeedsTheCookieEchoedAndOurOrigin) {
  const std::string cookies = "district_csrf=abc";
  EXPECT_TRUE(CheckCsrf(cookies, "abc", "", "127.0.0.1:8080", false).ok());
  EXPECT_TRUE(CheckCsrf(cookies, "abc", "http://127.0.0.1:8080", "127.0.0.1:8080", false).ok());
  EXPECT_TRUE(CheckCsrf(cookies, "abc", "https://w:8443", "w:8443", true).ok());
  EXPECT_FALSE(CheckCsrf(cookies, "abd", "", "h", false).ok());
  EXPECT_FALSE(CheckCsrf(cookies, "", "", "h", false).ok());
  EXPECT_FALSE(CheckCsrf("", "", "", "h", false).ok());  // no cookie, no header: still refused
  EXPECT_FALSE(CheckCsrf(cookies, "abc", "http://evil.example", "h", false).ok());
  EXPECT_FALSE(CheckCsrf(cookies, "abc", "http://w:8443", "w:8443", true).ok());  // not https
}

TEST(SessionTable, SessionsEndAtSignOutWhenIdleAndAfterTheirLifetime) {
  absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  SessionTable::Options options;
  options.idle = absl::Hours(1);
  options.lifetime = absl::Hours(3);
  options.max_sessions = 2;
  options.clock = [&now] { return now; };
  SessionTable sessions(options);
  const std::string a = sessions.Create("token-a");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(sessions.TokenOf(a), "token-a");
  EXPECT_EQ(sessions.TokenOf("forged"), std::nullopt);
  now += absl::Minutes(50);
  EXPECT_EQ(sessions.TokenOf(a), "token-a");  // a use: idle again from here
  now += absl::Minutes(50);
  EXPECT_EQ(sessions.TokenOf(a), "token-a");
  now += absl::Minutes(61);
  EXPECT_EQ(sessions.TokenOf(a), std::nullopt);  // idle too long
  const std::string b = sessions.Create("token-b");
  for (int i = 0; i < 4; ++i) {
    now += absl::Minutes(40);
    EXPECT_EQ(sessions.TokenOf(b), "token-b");
  }
  now += absl::Minutes(40);
  EXPECT_EQ(sessions.TokenOf(b), std::nullopt);  // past its lifetime, however used
  const std::string c = sessions.Create("token-c");
  sessions.Remove(c);
  EXPECT_EQ(sessions.TokenOf(c), std::nullopt);
  // Full: the session idle longest makes room.
  const std::string d = sessions.Create("token-d");
  now += absl::Minutes(1);
  const std::string e = sessions.Create("token-e");
  now += absl::Minutes(1);
  sessions.TokenOf(d);
  sessions.Create("token-f");
  EXPECT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions.TokenOf(e), std::nullopt);
  EXPECT_EQ(sessions.TokenOf(d), "token-d");
}

TEST(SessionTable, APersonsSessionKeepsItsIdentitySessionAndTakesRefreshedTokens) {
  SessionTable sessions;
  WebSession held;
  held.token = "access-1";
  held.identity_session = "identity-session";
  held.person.set_display_name("张晓明");
  const std::string id = sessions.Create(held);
  ASSERT_TRUE(sessions.Get(id).has_value());
  EXPECT_EQ(sessions.Get(id)->person.display_name(), "张晓明");
  const absl::Time t = absl::FromUnixSeconds(1800000000);
  EXPECT_TRUE(sessions.SetToken(id, "access-2", t, t + absl::Minutes(10)));
  EXPECT_EQ(sessions.TokenOf(id), "access-2");
  EXPECT_EQ(sessions.Get(id)->token_expires, t + absl::Minutes(10));
  EXPECT_FALSE(sessions.SetToken("forged", "access-3", t, t));
  std::optional<WebSession> ended = sessions.Remove(id);
  ASSERT_TRUE(ended.has_value());  // what sign-out revokes at the identity service
  EXPECT_EQ(ended->identity_session, "identity-session");
  EXPECT_FALSE(sessions.Get(id).has_value());
  EXPECT_FALSE(sessions.Remove(id).has_value());
}

TEST(PersonSessions, TokensAreRefreshedBeforeTheyExpire) {
  const absl::Time t = absl::FromUnixSeconds(1800000000);
  WebSession machine;
  machine.token = "machine";
  EXPECT_FALSE(PersonSessions::NeedsRefresh(machine, t + absl::Hours(100)));
  WebSession person;
  person.identity_session = "s";
  person.token_issued = t;
  person.token_expires = t + absl::Minutes(10);  // refreshed in its last 2 minutes
  EXPECT_FALSE(PersonSessions::NeedsRefresh(person, t + absl::Minutes(7)));
  EXPECT_FALSE(PersonSessions::NeedsRefresh(person, t + absl::Minutes(8) - absl::Seconds(1)));
  EXPECT_TRUE(PersonSessions::NeedsRefresh(person, t + absl::Minutes(8)));
  EXPECT_TRUE(PersonSessions::NeedsRefresh(person, t + absl::Minutes(11)));
  person.token_expires = t + absl::Seconds(30);  // a short life: in its last third
  EXPECT_FALSE(PersonSessions::NeedsRefresh(person, t + absl::Seconds(19)));
  EXPECT_TRUE(PersonSessions::NeedsRefresh(person, t + absl::Seconds(20)));
  person.must_change_password = true;  // its token serves ChangePassword only; nothing to keep
  EXPECT_FALSE(PersonSessions::NeedsRefresh(person, t + absl::Seconds(29)));
}

TEST(PersonSessions, TheSessionSaysWhoInChineseAndNeverATokenOrSessionId) {
  google::protobuf::Struct body;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(SessionJson(std::nullopt, "c1"), &body).ok());
  EXPECT_FALSE(body.fields().at("signedIn").bool_value());
  EXPECT_EQ(body.fields().at("csrf").string_value(), "c1");
  EXPECT_EQ(body.fields().count("person"), 0u);
  EXPECT_EQ(body.fields().count("anonymous"), 0u);  // nobody signed in: the page shows 登录
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  SessionJson(std::nullopt, "c1", /*anonymous_allowed=*/true), &body)
                  .ok());
  EXPECT_TRUE(body.fields().at("anonymous").bool_value());  // local development: the banner

  WebSession person;
  person.token = "secret-access-token";
  person.identity_session = "secret-identity-session";
  person.person.set_login_name("zhang.clerk");
  person.person.set_display_name("张晓明");
  person.person.set_unit("区住房和城乡建设局");
  person.person.add_roles(identity::v1::PERSON_ROLE_EDITOR);
  person.person.mutable_scope()->set_unit("区住房和城乡建设局");
  person.must_change_password = true;
  const std::string json = SessionJson(person, "c2", /*anonymous_allowed=*/true);
  EXPECT_FALSE(absl::StrContains(json, "anonymous")) << "a signed-in person is not anonymous";
  EXPECT_EQ(json.find("secret-"), std::string::npos) << json;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &body).ok());
  EXPECT_TRUE(body.fields().at("signedIn").bool_value());
  EXPECT_EQ(body.fields().at("kind").string_value(), "person");
  EXPECT_TRUE(body.fields().at("mustChangePassword").bool_value());
  EXPECT_FALSE(body.fields().at("admin").bool_value());
  const auto& who = body.fields().at("person").struct_value().fields();
  EXPECT_EQ(who.at("displayName").string_value(), "张晓明");
  EXPECT_EQ(who.at("unit").string_value(), "区住房和城乡建设局");
  EXPECT_EQ(who.at("roleLabels").list_value().values(0).string_value(), "填报员");
  EXPECT_EQ(who.at("scope").struct_value().fields().at("unit").string_value(),
            "区住房和城乡建设局");

  person.person.add_roles(identity::v1::PERSON_ROLE_ADMIN);
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(SessionJson(person, "c3"), &body).ok());
  EXPECT_TRUE(body.fields().at("admin").bool_value());

  WebSession machine;
  machine.token = "secret-machine-token";
  const std::string token_json = SessionJson(machine, "c4");
  EXPECT_EQ(token_json.find("secret-"), std::string::npos);
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(token_json, &body).ok());
  EXPECT_EQ(body.fields().at("kind").string_value(), "token");
  EXPECT_EQ(body.fields().count("person"), 0u);
  EXPECT_FALSE(body.fields().at("admin").bool_value());
}

TEST(HttpServer, RoutesMatchWholeSegmentsOfSafeCharacters) {
  HttpServer server({});
  server.Add({"GET", "/api/history/*/*", 0, HttpServer::Mode::kInline, nullptr, nullptr,
              [](HttpRequest&) { return HttpReply(); }, nullptr});
  server.Add({"POST", "/api/*/*", 0, HttpServer::Mode::kInline, nullptr, nullptr,
              [](HttpRequest&) { return HttpReply(); }, nullptr});
  std::vector<std::string> captures;
  ASSERT_NE(server.Match("GET", "/api/history/project/P00000001", &captures), nullptr);
  EXPECT_EQ(captures, (std::vector<std::string>{"project", "P00000001"}));
  EXPECT_EQ(server.Match("POST", "/api/history/project/P1", &captures), nullptr);
  EXPECT_EQ(server.Match("GET", "/api/history/project", &captures), nullptr);
  EXPECT_EQ(server.Match("GET", "/api/history/../P1", &captures), nullptr);
  EXPECT_EQ(server.Match("GET", "/api/history/a b/P1", &captures), nullptr);
  EXPECT_EQ(server.Match("GET", "/api/history//P1", &captures), nullptr);
  EXPECT_EQ(server.Match("GET", "api/history/p/P1", &captures), nullptr);
  ASSERT_NE(server.Match("POST", "/api/district.project.v1.ProjectService/GetProject", &captures),
            nullptr);
  EXPECT_EQ(captures[0], "district.project.v1.ProjectService");
}

TEST(HttpServer, QueriesArePercentDecoded) {
  EXPECT_EQ(PercentDecode("%E5%A5%8E%E6%96%87", false), "奎文");
  EXPECT_EQ(PercentDecode("a+b%2", true), "a b%2");
  EXPECT_EQ(PercentDecode("%zz%", false), "%zz%");
  HttpRequest request;
  request.query = "leader=%E5%BC%A0%E4%B8%89&parkId=&x&filter=%7B%22year%22%3A2020%7D";
  EXPECT_EQ(request.Param("leader"), "张三");
  EXPECT_EQ(request.Param("filter"), "{\"year\":2020}");
  EXPECT_EQ(request.Param("parkId"), "");
  EXPECT_EQ(request.Param("x"), "");
  EXPECT_EQ(request.Param("missing"), "");
  request.headers = {{"Content-Type", "a"}, {"cookie", "c=1"}};
  EXPECT_EQ(request.Header("COOKIE"), "c=1");
}

TEST(Api, ErrorsCarryTheHttpStatusAndTheField) {
  EXPECT_EQ(HttpStatusFor(grpc::StatusCode::INVALID_ARGUMENT), 400);
  EXPECT_EQ(HttpStatusFor(grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(HttpStatusFor(grpc::StatusCode::PERMISSION_DENIED), 403);
  EXPECT_EQ(HttpStatusFor(grpc::StatusCode::NOT_FOUND), 404);
  EXPECT_EQ(HttpStatusFor(grpc::StatusCode::ABORTED), 409);
  EXPECT_EQ(HttpStatusFor(grpc::StatusCode::UNAVAILABLE), 503);
  HttpReply r = ErrorReply(FieldError("project.name", "must not be empty", "项目名称不能为空"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"project.name\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"localizedMessage\":\"项目名称不能为空\""), std::string::npos) << r.body;
  google::protobuf::Struct body;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &body).ok()) << r.body;
  const auto& violations =
      body.fields().at("error").struct_value().fields().at("violations").list_value();
  ASSERT_EQ(violations.values_size(), 1) << r.body;
  const auto& violation = violations.values(0).struct_value().fields();
  EXPECT_EQ(violation.at("field").string_value(), "project.name");
  EXPECT_EQ(violation.at("description").string_value(), "must not be empty");
  // The field comes from the details, never from the message's text.
  r = ErrorReply(grpc::StatusCode::UNAVAILABLE, "Connection refused: try later");
  EXPECT_EQ(r.body.find("\"field\""), std::string::npos) << r.body;  // not a field
  r = ErrorReply(grpc::StatusCode::INVALID_ARGUMENT, "project.name: must not be empty");
  EXPECT_EQ(r.body.find("\"field\""), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("\"localizedMessage\""), std::string::npos) << r.body;
  r = ErrorReply(FieldError("reports[3].month", "\"quoted\"", "月份须在1至12之间"));
  EXPECT_NE(r.body.find("\"field\":\"reports[3].month\""), std::string::npos) << r.body;
  // A backend's refusal keeps its details; its failure says nothing of where it failed.
  r = BackendErrorReply(ToGrpcStatus(NotFoundError("project P9 not found", "找不到项目 P9")),
                        rpc::Caller{});
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("\"localizedMessage\":\"找不到项目 P9\""), std::string::npos) << r.body;
  r = BackendErrorReply(absl::UnavailableError("ipv4:10.0.0.7:50051: refused"), rpc::Caller{});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("10.0.0.7"), std::string::npos) << r.body;
}

// A method goes to the server its package names (district.<server>.v1); the audit trail and
// backups, which every domain server hosts, need `at`; a package with no server is refused before
// any call. Nothing listens on the addresses: a routed call fails UNAVAILABLE, a refused one
// INVALID_ARGUMENT.
TEST(Rpc, AMethodGoesToTheServerItsPackageNames) {
  rpc::Rpc rpc({{"project", "127.0.0.1:1"}, {"aggregator", "127.0.0.1:1"}},
               std::chrono::milliseconds(500));
  const rpc::Caller anyone;
  project::v1::GetProjectRequest get;
  get.set_id("P00000001");
  EXPECT_EQ(
      rpc.CallAs("district.project.v1.ProjectService.GetProject", get, anyone).status.error_code(),
      grpc::StatusCode::UNAVAILABLE);
  rpc::Reply r =
      rpc.CallAs("district.parks.v1.ParkMetricsService.GetPark",
                 *rpc.NewRequest("district.parks.v1.ParkMetricsService.GetPark").value(), anyone);
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << r.status.error_message();
  const std::string audit = "district.audit.v1.AuditService.ListAuditEntries";
  r = rpc.CallAs(audit, *rpc.NewRequest(audit).value(), anyone);
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << r.status.error_message();
  r = rpc.CallAs(audit, *rpc.NewRequest(audit).value(), anyone, "project");
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::UNAVAILABLE) << r.status.error_message();
  r = rpc.CallAs(audit, *rpc.NewRequest(audit).value(), anyone, "nowhere");
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(r.status.error_message().find("aggregator, project"), std::string::npos)
      << r.status.error_message();
  EXPECT_NE(rpc.ChannelTo("project"), nullptr);
  EXPECT_EQ(rpc.ChannelTo("parks"), nullptr);

  // The web API: any method of the suite's services, not the audit trail or backups; a record's
  // history from the server whose contract keeps its kind.
  Api api(&rpc);
  EXPECT_EQ(api.Call("district.audit.v1.AuditService", "ListAuditEntries", "{}", anyone).status,
            404);
  EXPECT_EQ(api.Call("district.project.v1", "ProjectService.GetProject", "{}", anyone).status, 404);
  EXPECT_EQ(api.Call("district.project.v1.ProjectService", "GetProject", "{}", anyone).status, 503);
  EXPECT_EQ(api.History("project", "P00000001", anyone).status, 503);    // routed, nobody there
  EXPECT_EQ(api.History("follow_up", "F00000001", anyone).status, 400);  // no recruitment server
  EXPECT_EQ(api.History("target", "T00000001", anyone).status, 404);  // two services keep targets
  EXPECT_EQ(api.History("nothing", "x", anyone).status, 404);
}

// The change history in the district's words: amounts in 万元/亿元, stages by their labels, months
// of a map in order, dates, unset as "", and what the contract does not know as it was stored.
TEST(HistoryWords, ValuesAreWrittenAsTheDistrictWritesThem) {
  const google::protobuf::Descriptor& project = *project::v1::Project::descriptor();
  auto change = [](const std::string& field, const std::string& before, const std::string& after) {
    audit::v1::FieldChange c;
    c.set_field(field);
    c.set_old_value(before);
    c.set_new_value(after);
    return c;
  };
  web::ChangeInWords w =
      web::DescribeChange(project, change("total_investment_yuan", "", "\"1500000000\""));
  EXPECT_EQ(w.label, "总投资");
  EXPECT_EQ(w.before, "");
  EXPECT_EQ(w.after, "15亿元");
  w = web::DescribeChange(project, change("stage", "\"STAGE_PLANNING\"", "\"STAGE_SIGNED\""));
  EXPECT_EQ(w.before, "谋划");
  EXPECT_NE(w.after.find("签约"), std::string::npos) << w.after;
  w = web::DescribeChange(
      project, change("invested_by_month_yuan", "", R"({"202012":"1000000","202005":"35000000"})"));
  EXPECT_EQ(w.after, "2020年5月：3500万元；2020年12月：100万元");
  w = web::DescribeChange(project, change("land_area_mu", "12.5", "300"));
  EXPECT_EQ(w.label, "用地");
  EXPECT_EQ(w.before, "12.5亩");
  w = web::DescribeChange(project, change("expansion", "false", "true"));
  EXPECT_EQ(w.after, "是");
  w = web::DescribeChange(
      project, change("plans", "",
                      R"([{"year":2020,"planned_start_date":{"year":2020,"month":3,"day":1}}])"));
  EXPECT_EQ(w.after, "年度：2020，计划开工：2020年3月1日") << w.after;
  w = web::DescribeChange(project, change("no_such_field", "1", "2"));
  EXPECT_EQ(w.label, "no_such_field");
  EXPECT_EQ(w.after, "2");
  w = web::DescribeChange(project, change("total_investment_yuan", "\"x\"", "{"));
  EXPECT_EQ(w.before, "\"x\"");  // not the field's: as stored
}

TEST(Returns, CsvAsExcelSavesIt) {
  returns::Table t = returns::ReadCsv(
      "\xEF\xBB\xBF楼宇编号,月份,来源\r\nB1,2020-03,\"楼宇月报, 3月\"\r\nB2,2020-04,\"say "
      "\"\"hi\"\"\"\r\n");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0][0], "楼宇编号");  // the byte-order mark is not part of the header
  EXPECT_EQ(t[1][2], "楼宇月报, 3月");
  EXPECT_EQ(t[2][2], "say \"hi\"");
  EXPECT_EQ(returns::ReadCsv("a,b\nc,d").size(), 2u);  // no line break at the end
}

TEST(Returns, XlsxWrittenByLibxlsxwriterReadsBack) {
  project::v1::Project p;
  p.set_id("P00000001");
  p.set_name("林德液压");
  p.set_total_investment_yuan(1000000000);
  absl::StatusOr<std::string> bytes = xport::WriteWorkbook(
      {{"重点项目",
        {{"编号", "id"},
         {"项目名称", "name"},
         {"总投资(万元)", "total_investment_yuan", xport::Column::Kind::kWanYuan},
         {"用地(亩)", "land_area_mu", xport::Column::Kind::kNumber}},
        {&p}}});
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<returns::Table> t = returns::ReadTable(*bytes, "projects.xlsx");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[0][1], "项目名称");
  EXPECT_EQ((*t)[1][1], "林德液压");
  EXPECT_EQ((*t)[1][2], "100000");
  EXPECT_EQ((*t)[1].size(), 3u);  // the unknown land area is an empty cell, not written
  EXPECT_FALSE(returns::ReadTable("PK\x03\x04 not really a zip", "x.xlsx").ok());
  EXPECT_FALSE(returns::ReadTable("old", "x.xls").ok());
}

}  // namespace
}  // namespace district::web
