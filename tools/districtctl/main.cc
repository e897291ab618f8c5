// districtctl: the suite's command-line client. Run without arguments for help.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/auth.h"
#include "common/tls.h"
#include "common/version.h"
#include "district/aggregator/v1/aggregator_service.pb.h"
#include "district/audit/v1/audit.pb.h"
#include "tools/districtctl/importer.h"
#include "tools/districtctl/text_table.h"
#include "tools/districtctl/views.h"
#include "tools/export/registers.h"
#include "tools/returns/returns.h"
#include "tools/rpc/rpc.h"

namespace {

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

}  // namespace

ABSL_FLAG(std::string, project_addr, Env("DISTRICT_PROJECT_ADDR", "127.0.0.1:50051"),
          "project service (env DISTRICT_PROJECT_ADDR)");
ABSL_FLAG(std::string, recruitment_addr, Env("DISTRICT_RECRUITMENT_ADDR", "127.0.0.1:50052"),
          "recruitment service (env DISTRICT_RECRUITMENT_ADDR)");
ABSL_FLAG(std::string, parks_addr, Env("DISTRICT_PARKS_ADDR", "127.0.0.1:50053"),
          "park-metrics service (env DISTRICT_PARKS_ADDR)");
ABSL_FLAG(std::string, aggregator_addr, Env("DISTRICT_AGGREGATOR_ADDR", "127.0.0.1:50054"),
          "aggregator (env DISTRICT_AGGREGATOR_ADDR)");
ABSL_FLAG(bool, json, false, "print JSON instead of tables");
ABSL_FLAG(std::string, token, Env("DISTRICT_TOKEN", ""),
          "bearer token for servers started with --tokens_file (env DISTRICT_TOKEN)");
ABSL_FLAG(std::string, token_file, Env("DISTRICT_TOKEN_FILE", ""),
          "a file holding the bearer token, e.g. a mounted secret (env DISTRICT_TOKEN_FILE)");
ABSL_FLAG(std::string, tls_ca, Env("DISTRICT_TLS_CA", ""),
          "CA the servers chain to: set when they serve TLS (env DISTRICT_TLS_CA)");
ABSL_FLAG(std::string, tls_cert, "", "client certificate, for servers that require mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "its private key");
ABSL_FLAG(int, timeout_ms, 10000, "deadline of each call");
ABSL_FLAG(std::string, mask, "", "update: comma-separated fields to update (default: all)");
ABSL_FLAG(std::string, etag, "", "update, delete, advance: the etag read; fails if stale");
ABSL_FLAG(std::string, reason, "", "advance: why (required to cancel, suspend, lose, go back)");
ABSL_FLAG(int64_t, amount, 0, "advance lead to signed: the signed amount in yuan");
ABSL_FLAG(std::string, request_id, "", "create: an id that makes a retried create safe");
ABSL_FLAG(std::string, out, "", "export: the .xlsx file to write");

namespace district::ctl {
namespace {

constexpr char kUsage[] = R"(districtctl: the district suite's command-line client.

  districtctl import FILE                    load a data set (idempotent), e.g. deploy/seed/kuiwen-2020.json
  districtctl overview [YEAR]                the district overview (default: this year)
  districtctl scoreboard [YEAR]              every target of the year with its status
  districtctl list RESOURCE [FIELD=VALUE...] e.g. list projects stage=STAGE_SIGNED leader=王书记
  districtctl get RESOURCE ID
  districtctl create RESOURCE JSON           e.g. create project '{"name": "…", "total_investment_yuan": 1000000000}'
  districtctl update RESOURCE ID JSON        --mask=leader,tags --etag=…
  districtctl delete RESOURCE ID
  districtctl advance project ID STAGE DATE  e.g. advance project P00000001 signed 2020-05-01
  districtctl advance lead ID STAGE DATE     --amount=… to sign; --reason=… to lose or go back
  districtctl land LEAD_ID [DATE]            a signed lead becomes a project
  districtctl import-return investment|buildings FILE
                                             a monthly return (投资月报, 楼宇月报) from .xlsx or CSV: all rows or none
  districtctl export REGISTER [FIELD=VALUE...] --out=FILE.xlsx
                                             a register to Excel: projects, leads, parks, buildings, enterprises;
                                             or overview year=2020
  districtctl call METHOD JSON               any method, e.g. call district.parks.v1.ParkMetricsService.GetTaxTotals '{"year": 2020}'
  districtctl audit SERVER [resource=…|principal=…]
                                             a server's audit trail (admins), e.g. audit project resource=project/P00000001;
                                             SERVER: project, recruitment or parks

RESOURCE: project, milestone, obstacle, lead, talent, park, building, enterprise (plural accepted).
Addresses: --project_addr, --recruitment_addr, --parks_addr, --aggregator_addr or the environment
variables DISTRICT_PROJECT_ADDR, ...; a bearer token with --token or DISTRICT_TOKEN (or from a file:
--token_file, DISTRICT_TOKEN_FILE); TLS with
--tls_ca (or DISTRICT_TLS_CA), and --tls_cert/--tls_key for mutual TLS. Output: tables; --json for JSON. Exit status: 0 done,
1 a service refused or failed (the message names the service and the field), 2 bad usage.
)";

struct Resource {
  std::string service;  // full gRPC service name
  std::string noun;     // in method names: CreateProject
  std::string plural;   // ListProjects
  std::string field;    // the resource's field in Create/Update requests
  std::vector<std::string> columns;
};

const std::map<std::string, Resource>& Resources() {
  static const auto* resources = new std::map<std::string, Resource>{
      {"project",
       {"district.project.v1.ProjectService",
        "Project",
        "Projects",
        "project",
        {"id", "name", "sector", "level", "stage", "total_investment_yuan", "land_area_mu",
         "leader"}}},
      {"milestone",
       {"district.project.v1.ProjectService",
        "Milestone",
        "Milestones",
        "milestone",
        {"id", "project_id", "title", "planned_date", "actual_date"}}},
      {"obstacle",
       {"district.project.v1.ProjectService",
        "Obstacle",
        "Obstacles",
        "obstacle",
        {"id", "project_id", "kind", "status", "description", "owner"}}},
      {"lead",
       {"district.recruitment.v1.RecruitmentService",
        "Lead",
        "Leads",
        "lead",
        {"id", "name", "investor", "sector", "tier", "stage", "intended_investment_yuan",
         "signed_amount_yuan"}}},
      {"talent",
       {"district.recruitment.v1.RecruitmentService",
        "Talent",
        "Talents",
        "talent",
        {"id", "name", "kind", "origin", "stage", "policies"}}},
      {"park",
       {"district.parks.v1.ParkMetricsService",
        "Park",
        "Parks",
        "park",
        {"id", "name", "kind", "theme"}}},
      {"building",
       {"district.parks.v1.ParkMetricsService",
        "Building",
        "Buildings",
        "building",
        {"id", "name", "status", "floor_area_m2", "park_id"}}},
      {"enterprise",
       {"district.parks.v1.ParkMetricsService",
        "Enterprise",
        "Enterprises",
        "enterprise",
        {"id", "name", "kind", "categories", "park_id"}}},
  };
  return *resources;
}

// Exit statuses.
constexpr int kOk = 0, kFailed = 1, kBadUsage = 2;

int Usage(const std::string& problem) {
  std::cerr << "districtctl: " << problem << "\n\n" << kUsage;
  return kBadUsage;
}

int Fail(const absl::Status& status) {
  std::cerr << "districtctl: " << status.message() << "\n";
  return status.code() == absl::StatusCode::kInvalidArgument &&
                 status.message().find(" service (") == std::string::npos
             ? kBadUsage
             : kFailed;
}

const Resource* FindResource(std::string name) {
  if (!name.empty() && name.back() == 's') name.pop_back();
  auto it = Resources().find(name);
  return it == Resources().end() ? nullptr : &it->second;
}

// "2020-03-30" as JSON for a Date.
absl::StatusOr<std::string> DateJson(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int y = 0, m = 0, d = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &y) || !absl::SimpleAtoi(parts[1], &m) ||
      !absl::SimpleAtoi(parts[2], &d)) {
    return absl::InvalidArgumentError(absl::StrCat("not a date (YYYY-MM-DD): ", text));
  }
  return absl::StrCat("{\"year\": ", y, ", \"month\": ", m, ", \"day\": ", d, "}");
}

// A JSON string literal.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

int Print(const google::protobuf::Message& m) {
  std::cout << rpc::ToJson(m) << "\n";
  return kOk;
}

class Cli {
 public:
  Cli(rpc::Rpc& rpc, std::string token) : rpc_(rpc), token_(std::move(token)) {}

  int Run(const std::vector<std::string>& args) {
    if (args.empty()) return Usage("no command");
    const std::string& command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "import") return Import(rest);
    if (command == "overview" || command == "scoreboard") return View(command, rest);
    if (command == "call") {
      if (rest.size() != 2) return Usage("call METHOD JSON");
      return Called(rpc_.CallJson(rest[0], rest[1]));
    }
    if (command == "land") return Land(rest);
    if (command == "export") return Export(rest);
    if (command == "import-return") return ImportReturn(rest);
    if (command == "audit") {
      if (rest.empty()) return Usage("audit project|recruitment|parks [resource=…|principal=…]");
      return List(AuditTrail(), {rest.begin() + 1, rest.end()}, rest[0]);
    }
    if (command == "advance") return Advance(rest);
    if (rest.empty()) return Usage(absl::StrCat(command, ": which resource?"));
    const Resource* r = FindResource(rest[0]);
    if (r == nullptr) return Usage(absl::StrCat("unknown resource ", rest[0]));
    if (command == "list") return List(*r, {rest.begin() + 1, rest.end()});
    if (command == "get" && rest.size() == 2) {
      return Called(rpc_.CallJson(Method(*r, "Get", r->noun), Json({{"id", Quote(rest[1])}})));
    }
    if (command == "delete" && rest.size() == 2) {
      auto done =
          rpc_.CallJson(Method(*r, "Delete", r->noun),
                        Json({{"id", Quote(rest[1])}, {"etag", Quote(absl::GetFlag(FLAGS_etag))}}));
      if (!done.ok()) return Fail(done.status());
      std::cout << "deleted " << rest[1] << "\n";
      return kOk;
    }
    if (command == "create" && rest.size() == 2) {
      return Called(rpc_.CallJson(
          Method(*r, "Create", r->noun),
          Json({{r->field, rest[1]}, {"request_id", Quote(absl::GetFlag(FLAGS_request_id))}})));
    }
    if (command == "update" && rest.size() == 3) return Update(*r, rest[1], rest[2]);
    return Usage(absl::StrCat("cannot ", command, " with these arguments"));
  }

 private:
  static std::string Method(const Resource& r, const std::string& verb, const std::string& what) {
    return absl::StrCat(r.service, ".", verb, what);
  }

  static std::string Json(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out = "{";
    for (const auto& [k, v] : fields) {
      if (out.size() > 1) out += ", ";
      absl::StrAppend(&out, Quote(k), ": ", v);
    }
    return out + "}";
  }

  int Called(absl::StatusOr<std::unique_ptr<google::protobuf::Message>> response) {
    if (!response.ok()) return Fail(response.status());
    return Print(**response);
  }

  int Import(const std::vector<std::string>& args) {
    if (args.size() != 1) return Usage("import FILE");
    auto data = ReadDataSet(args[0]);
    if (!data.ok()) return Fail(data.status());
    auto summary = district::ctl::Import(*data, rpc_);
    if (!summary.ok()) return Fail(summary.status());
    std::cout << "imported " << data->name() << ": " << summary->records << " records, "
              << summary->created << " new"
              << (summary->created == 0 ? " (all were there already: nothing changed)" : "")
              << "\n";
    return kOk;
  }

  int View(const std::string& command, const std::vector<std::string>& args) {
    int year = 0;
    if (args.size() > 1 || (args.size() == 1 && !absl::SimpleAtoi(args[0], &year))) {
      return Usage(absl::StrCat(command, " [YEAR]"));
    }
    const std::string json = year == 0 ? "{\"year\": " + std::to_string(CurrentYear()) + "}"
                                       : "{\"year\": " + std::to_string(year) + "}";
    const std::string method = command == "overview"
                                   ? "district.aggregator.v1.DistrictService.GetOverview"
                                   : "district.aggregator.v1.DistrictService.GetScoreboard";
    auto response = rpc_.CallJson(method, json);
    if (!response.ok()) return Fail(response.status());
    if (absl::GetFlag(FLAGS_json)) return Print(**response);
    if (command == "overview") {
      aggregator::v1::Overview o;
      o.CopyFrom(**response);
      std::cout << RenderOverview(o);
    } else {
      aggregator::v1::Scoreboard b;
      b.CopyFrom(**response);
      std::cout << RenderScoreboard(b);
    }
    return kOk;
  }

  static int CurrentYear() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return tm.tm_year + 1900;
  }

  static const Resource& AuditTrail() {
    audit::v1::AuditEntry::descriptor();  // links the audit protos in, for lookups by name
    static const auto* audit = new Resource{
        "district.audit.v1.AuditService",
        "AuditEntry",
        "AuditEntries",
        "",
        {"id", "time", "principal", "method", "resource", "etag_before", "etag_after"}};
    return *audit;
  }

  // FIELD=VALUE filters as JSON fields; false with a usage error for one that is not.
  bool Filters(const std::vector<std::string>& filters,
               std::vector<std::pair<std::string, std::string>>* fields) {
    for (const std::string& f : filters) {
      std::vector<std::string> kv = absl::StrSplit(f, absl::MaxSplits('=', 1));
      if (kv.size() != 2) {
        Usage(absl::StrCat("filter ", f, ": use FIELD=VALUE"));
        return false;
      }
      int64_t n = 0;
      const bool raw = absl::SimpleAtoi(kv[1], &n) || kv[1] == "true" || kv[1] == "false";
      fields->emplace_back(kv[0], raw ? kv[1] : Quote(kv[1]));
    }
    return true;
  }

  // Records a monthly return from .xlsx or CSV (tools/returns/returns.h); every bad cell is
  // listed by row and column, and then nothing is written.
  int ImportReturn(const std::vector<std::string>& args) {
    returns::ReturnKind kind;
    if (args.size() != 2 || !returns::ParseReturnKind(args[0], &kind)) {
      return Usage("import-return investment|buildings FILE.xlsx|FILE.csv");
    }
    std::ifstream in(args[1], std::ios::binary);
    if (!in) return Usage("cannot read " + args[1]);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    absl::StatusOr<returns::Table> table = returns::ReadTable(bytes.str(), args[1]);
    if (!table.ok()) return Fail(table.status());
    returns::ImportResult result =
        returns::ImportReturn(rpc_, kind, *table, rpc::Caller{token_, ""});
    if (!result.status.ok()) return Fail(result.status);
    if (!result.errors.empty()) {
      TextTable t({"row", "column", "what is wrong"});
      for (const auto& e : result.errors) t.AddRow({absl::StrCat(e.row), e.column, e.message});
      std::cerr << args[1] << ": nothing was recorded; fix these and import again:\n" << t.Render();
      return kFailed;
    }
    std::cout << "recorded " << result.recorded << " months from " << args[1] << "\n";
    return kOk;
  }

  // Writes a register, filtered, to an Excel workbook (tools/export/registers.h).
  int Export(const std::vector<std::string>& args) {
    const std::string out = absl::GetFlag(FLAGS_out);
    if (args.empty() || out.empty())
      return Usage("export REGISTER [FIELD=VALUE...] --out=FILE.xlsx");
    const xport::Register* reg = xport::FindRegister(args[0]);
    if (reg == nullptr && args[0] != "overview") {
      std::vector<std::string> names;
      for (const auto& r : xport::Registers()) names.push_back(r.name);
      return Usage(
          absl::StrCat("unknown register ", args[0], "; one of ", absl::StrJoin(names, ", ")));
    }
    std::vector<std::pair<std::string, std::string>> fields;
    if (!Filters({args.begin() + 1, args.end()}, &fields)) return kBadUsage;
    absl::StatusOr<std::string> workbook =
        reg == nullptr ? xport::ExportOverview(rpc_, Json(fields), rpc::Caller{token_, ""})
                       : xport::ExportRegister(rpc_, *reg, Json(fields), rpc::Caller{token_, ""});
    if (!workbook.ok()) return Fail(workbook.status());
    std::ofstream file(out, std::ios::binary);
    file << *workbook;
    file.close();
    if (!file) return Fail(absl::UnavailableError("cannot write " + out));
    std::cout << "wrote " << out << " (" << (reg == nullptr ? "驾驶舱" : reg->title) << ")\n";
    return kOk;
  }

  // Lists every page of `r`, filtered, from the server that hosts it (or the one named `at`).
  int List(const Resource& r, const std::vector<std::string>& filters, const std::string& at = "") {
    std::vector<std::pair<std::string, std::string>> fields;
    if (!Filters(filters, &fields)) return kBadUsage;
    const std::string method = Method(r, "List", r.plural);
    std::vector<std::unique_ptr<google::protobuf::Message>> pages;
    std::vector<const google::protobuf::Message*> items;
    auto prototype = rpc_.NewRequest(method);
    if (!prototype.ok()) return Fail(prototype.status());
    const bool pages_supported =
        (*prototype)->GetDescriptor()->FindFieldByName("page_token") != nullptr;
    std::string token;
    do {
      auto page_fields = fields;
      if (pages_supported) {
        page_fields.emplace_back("page_size", "1000");
        if (!token.empty()) page_fields.emplace_back("page_token", Quote(token));
      }
      auto response = rpc_.CallJson(method, Json(page_fields), at);
      if (!response.ok()) return Fail(response.status());
      const auto* d = (*response)->GetDescriptor();
      const auto* refl = (*response)->GetReflection();
      for (int i = 0; i < d->field_count(); ++i) {
        const auto* f = d->field(i);
        if (!f->is_repeated() || f->message_type() == nullptr) continue;
        for (int j = 0; j < refl->FieldSize(**response, f); ++j) {
          items.push_back(&refl->GetRepeatedMessage(**response, f, j));
        }
      }
      const auto* next = d->FindFieldByName("next_page_token");
      token = next != nullptr ? refl->GetString(**response, next) : "";
      pages.push_back(*std::move(response));
    } while (!token.empty());
    if (absl::GetFlag(FLAGS_json)) {
      for (const auto* m : items) std::cout << rpc::ToJson(*m) << "\n";
    } else {
      std::cout << RenderList(items, r.columns);
    }
    return kOk;
  }

  int Update(const Resource& r, const std::string& id, const std::string& json) {
    auto request = rpc_.NewRequest(Method(r, "Update", r.noun));
    if (!request.ok()) return Fail(request.status());
    const std::string request_json =
        Json({{r.field, json}, {"etag", Quote(absl::GetFlag(FLAGS_etag))}});
    if (absl::Status s = rpc::FromJson(request_json, request->get()); !s.ok()) return Fail(s);
    auto* m = request->get();
    const auto* d = m->GetDescriptor();
    auto* resource = m->GetReflection()->MutableMessage(m, d->FindFieldByName(r.field));
    resource->GetReflection()->SetString(resource, resource->GetDescriptor()->FindFieldByName("id"),
                                         id);
    const std::string mask = absl::GetFlag(FLAGS_mask);
    if (!mask.empty()) {
      auto* mask_message = m->GetReflection()->MutableMessage(m, d->FindFieldByName("update_mask"));
      const auto* paths = mask_message->GetDescriptor()->FindFieldByName("paths");
      for (const auto& p : absl::StrSplit(mask, ',')) {
        mask_message->GetReflection()->AddString(mask_message, paths, std::string(p));
      }
    }
    return Called(rpc_.Call(Method(r, "Update", r.noun), *m));
  }

  int Advance(const std::vector<std::string>& args) {
    if (args.size() != 4) return Usage("advance project|lead ID STAGE DATE");
    const Resource* r = FindResource(args[0]);
    if (r == nullptr || (r->noun != "Project" && r->noun != "Lead")) {
      return Usage("advance works on a project or a lead");
    }
    auto date = DateJson(args[3]);
    if (!date.ok()) return Usage(std::string(date.status().message()));
    const bool lead = r->noun == "Lead";
    std::string stage = absl::AsciiStrToUpper(args[2]);
    const std::string prefix = lead ? "LEAD_STAGE_" : "STAGE_";
    if (stage.rfind(prefix, 0) != 0) stage = prefix + stage;
    std::vector<std::pair<std::string, std::string>> fields = {
        {"id", Quote(args[1])},
        {"to_stage", Quote(stage)},
        {"effective_date", *date},
        {"reason", Quote(absl::GetFlag(FLAGS_reason))},
        {"etag", Quote(absl::GetFlag(FLAGS_etag))}};
    if (lead) fields.emplace_back("signed_amount_yuan", absl::StrCat(absl::GetFlag(FLAGS_amount)));
    return Called(rpc_.CallJson(lead ? "district.recruitment.v1.RecruitmentService.AdvanceLead"
                                     : "district.project.v1.ProjectService.AdvanceStage",
                                Json(fields)));
  }

  int Land(const std::vector<std::string>& args) {
    if (args.empty() || args.size() > 2) return Usage("land LEAD_ID [DATE]");
    std::vector<std::pair<std::string, std::string>> fields = {{"id", Quote(args[0])}};
    if (args.size() == 2) {
      auto date = DateJson(args[1]);
      if (!date.ok()) return Usage(std::string(date.status().message()));
      fields.emplace_back("landed_date", *date);
    }
    return Called(
        rpc_.CallJson("district.recruitment.v1.RecruitmentService.LandLead", Json(fields)));
  }

  rpc::Rpc& rpc_;
  const std::string token_;
};

}  // namespace
}  // namespace district::ctl

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(district::ctl::kUsage);
  district::InstallVersionFlag();
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> args(positional.begin() + 1, positional.end());
  auto credentials = district::MakeChannelCredentials(
      {absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key)});
  if (!credentials.ok()) {
    std::cerr << "districtctl: " << credentials.status().message() << "\n";
    return 2;
  }
  std::string token = absl::GetFlag(FLAGS_token);
  if (const std::string file = absl::GetFlag(FLAGS_token_file); !file.empty()) {
    absl::StatusOr<std::string> from_file = district::ReadTokenFile(file);
    if (!from_file.ok()) {
      std::cerr << "districtctl: " << from_file.status().message() << "\n";
      return 2;
    }
    token = *std::move(from_file);
  }
  district::rpc::Rpc rpc({absl::GetFlag(FLAGS_project_addr), absl::GetFlag(FLAGS_recruitment_addr),
                          absl::GetFlag(FLAGS_parks_addr), absl::GetFlag(FLAGS_aggregator_addr)},
                         std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)), token,
                         *credentials);
  return district::ctl::Cli(rpc, token).Run(args);
}
