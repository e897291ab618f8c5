#include "tools/districtctl/cli.h"

#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <mutex>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/backups.h"
#include "common/date.h"
#include "district/aggregator/v1/aggregator_service.pb.h"
#include "tools/districtctl/importer.h"
#include "tools/districtctl/request_json.h"
#include "tools/districtctl/text_table.h"
#include "tools/districtctl/views.h"
#include "tools/export/registers.h"
#include "tools/returns/returns.h"
#include "tools/rpc/reminder_feed.h"

namespace district::ctl {

const char kUsage[] = R"(districtctl: the district suite's command-line client.

  districtctl import FILE                    load a data set (idempotent), e.g. deploy/seed/kuiwen-2020.json
  districtctl overview [YEAR]                the district overview (default: this year)
  districtctl scoreboard [YEAR]              every target of the year with its status
  districtctl list RESOURCE [FIELD=VALUE...] e.g. list projects stage=STAGE_SIGNED leader=王书记
  districtctl get RESOURCE ID
  districtctl create RESOURCE JSON           e.g. create project '{"name": "…", "total_investment_yuan": 1000000000}'
  districtctl update RESOURCE ID JSON        --mask=leader,tags --etag=…
  districtctl delete RESOURCE ID
  districtctl advance project ID STAGE DATE  e.g. advance project P00000001 signed 2020-05-01 [--amount=…]
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
  districtctl bulletin YYYY-MM               the monthly bulletin (月通报): lights, red projects and why,
                                             rankings of projects, units and leaders, new starts;
                                             --out=FILE.xlsx writes it as a workbook
  districtctl reminders [leader=…|responsible_unit=…|park_id=…] [within_days=N] [--watch]
                                             what must be done, and by when (most overdue first);
                                             --watch: then each reminder as it arises or goes, until interrupted
  districtctl backup create|list SERVER      a backup of a server's store, taken while it serves (admins)
  districtctl backup verify|delete SERVER ID e.g. backup verify project 3: reads back every file and checks it
  districtctl restore BACKUP_DIR DATA_DIR [ID]
                                             offline, on the server's machine: a backup (default the
                                             latest) into an empty DATA_DIR (--overwrite to replace it)

RESOURCE: project, milestone, obstacle, order (督办), lead, talent, park, building, enterprise (plural accepted).
Addresses: --project_addr, --recruitment_addr, --parks_addr, --aggregator_addr or the environment
variables DISTRICT_PROJECT_ADDR, ...; a bearer token with --token or DISTRICT_TOKEN (or from a file:
--token_file, DISTRICT_TOKEN_FILE); TLS with
--tls_ca (or DISTRICT_TLS_CA), and --tls_cert/--tls_key for mutual TLS. Output: tables; --json for JSON. Exit status: 0 done,
1 a service refused or failed (the message names the service and the field), 2 bad usage.
)";

namespace {

int CurrentYear() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

}  // namespace

Cli::Cli(rpc::Rpc& rpc, std::string token, CliOptions options, std::ostream& out, std::ostream& err)
    : rpc_(rpc), token_(std::move(token)), options_(std::move(options)), out_(out), err_(err) {}

int Cli::Usage(const std::string& problem) {
  err_ << "districtctl: " << problem << "\n\n" << kUsage;
  return kBadUsage;
}

int Cli::Fail(const absl::Status& status) {
  err_ << "districtctl: " << status.message() << "\n";
  // INVALID_ARGUMENT from districtctl itself is bad usage; from a service (its message names the
  // service) it is a refusal.
  return status.code() == absl::StatusCode::kInvalidArgument &&
                 status.message().find(" service (") == std::string::npos
             ? kBadUsage
             : kFailed;
}

int Cli::Print(const google::protobuf::Message& m) {
  out_ << rpc::ToJson(m) << "\n";
  return kOk;
}

int Cli::Called(absl::StatusOr<std::unique_ptr<google::protobuf::Message>> response) {
  if (!response.ok()) return Fail(response.status());
  return Print(**response);
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Cli::CallJson(
    const std::string& method, const nlohmann::json& request, const std::string& at) {
  absl::StatusOr<std::string> text = RequestText(request);
  if (!text.ok()) return text.status();
  return rpc_.CallJson(method, *text, at);
}

int Cli::Run(const std::vector<std::string>& args) {
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
  if (command == "backup") return Backup(rest);
  if (command == "bulletin") return Bulletin(rest);
  if (command == "restore") return Restore(rest);
  if (command == "reminders")
    return options_.watch ? WatchReminders(rest) : List(Reminders(), rest);
  if (rest.empty()) return Usage(absl::StrCat(command, ": which resource?"));
  const Resource* r = FindResource(rest[0]);
  if (r == nullptr) return Usage(absl::StrCat("unknown resource ", rest[0]));
  if (command == "list") return List(*r, {rest.begin() + 1, rest.end()});
  if (command == "get" && rest.size() == 2) {
    return Called(CallJson(r->Method("Get", r->noun), {{"id", rest[1]}}));
  }
  if (command == "delete" && rest.size() == 2) {
    auto done = CallJson(r->Method("Delete", r->noun), {{"id", rest[1]}, {"etag", options_.etag}});
    if (!done.ok()) return Fail(done.status());
    out_ << "deleted " << rest[1] << "\n";
    return kOk;
  }
  if (command == "create" && rest.size() == 2) {
    absl::StatusOr<nlohmann::json> resource = ObjectJson(rest[1], r->field);
    if (!resource.ok()) return Usage(std::string(resource.status().message()));
    return Called(CallJson(r->Method("Create", r->noun),
                           {{r->field, *resource}, {"request_id", options_.request_id}}));
  }
  if (command == "update" && rest.size() == 3) return Update(*r, rest[1], rest[2]);
  return Usage(absl::StrCat("cannot ", command, " with these arguments"));
}

int Cli::Backup(const std::vector<std::string>& args) {
  const std::string usage = "backup create|list SERVER, backup verify|delete SERVER ID";
  if (args.size() < 2) return Usage(usage);
  const std::string& verb = args[0];
  const std::string& at = args[1];
  const std::string service = "district.admin.v1.AdminService.";
  if (verb == "create" && args.size() == 2) {
    return Called(CallJson(service + "CreateBackup", nlohmann::json::object(), at));
  }
  if (verb == "list" && args.size() == 2) return List(Backups(), {}, at);
  if ((verb == "verify" || verb == "delete") && args.size() == 3) {
    const nlohmann::json request = {{"name", absl::StrCat("backups/", args[2])}};
    if (verb == "verify") return Called(CallJson(service + "VerifyBackup", request, at));
    absl::StatusOr<std::unique_ptr<google::protobuf::Message>> done =
        CallJson(service + "DeleteBackup", request, at);
    if (!done.ok()) return Fail(done.status());
    out_ << "deleted backups/" << args[2] << " of " << at << "\n";
    return kOk;
  }
  return Usage(usage);
}

int Cli::Bulletin(const std::vector<std::string>& args) {
  int year = 0, month = 0;
  if (args.size() != 1 || std::sscanf(args[0].c_str(), "%4d-%2d", &year, &month) != 2) {
    return Usage("bulletin YYYY-MM, e.g. bulletin 2020-06");
  }
  const nlohmann::json request = {{"month", {{"year", year}, {"month", month}}}};
  if (!options_.out.empty()) {
    absl::StatusOr<std::string> workbook =
        xport::ExportBulletin(rpc_, request.dump(), rpc::Caller{token_, ""});
    if (!workbook.ok()) return Fail(workbook.status());
    return WriteOut(*workbook, absl::StrCat("月通报 ", args[0]));
  }
  auto response = CallJson("district.project.v1.ProjectService.GetBulletin", request);
  if (!response.ok()) return Fail(response.status());
  if (options_.json) return Print(**response);
  project::v1::Bulletin bulletin;
  bulletin.CopyFrom(**response);
  out_ << RenderBulletin(bulletin);
  return kOk;
}

int Cli::WatchReminders(const std::vector<std::string>& args) {
  absl::StatusOr<nlohmann::json> fields = FiltersJson(args);
  if (!fields.ok()) return Usage(std::string(fields.status().message()));
  project::v1::WatchRemindersRequest request;
  if (absl::Status s = rpc::FromJson(fields->dump(), &request); !s.ok()) {
    return Usage(std::string(s.message()));
  }
  std::mutex mu;  // the feed's thread prints; this one waits for the end
  std::condition_variable ended;
  grpc::Status refused;
  rpc::ReminderFeed feed(
      rpc_.ChannelTo("project"), request, rpc_.token(),
      [&](const rpc::ReminderFeed::Update& update) {
        std::lock_guard<std::mutex> lock(mu);
        for (const project::v1::Reminder& r : update.added) {
          if (options_.json) {
            out_ << rpc::ToJson(r) << "\n";
          } else {
            out_ << "+ " << DateToString(r.due_date())
                 << (r.days_overdue() > 0 ? absl::StrCat(" 逾期 ", r.days_overdue(), " 天") : "")
                 << "  " << r.project_name() << "  " << r.text() << "  [" << r.key() << "]\n";
          }
        }
        for (const std::string& key : update.removed_keys) out_ << "- [" << key << "]\n";
        out_.flush();
      },
      [&](const grpc::Status& status) {
        std::lock_guard<std::mutex> lock(mu);
        err_ << "stream ended: " << status.error_message() << " (calling again)\n";
        refused = status;
        ended.notify_all();
      });
  // Until interrupted (the process's default SIGINT), or refused for good: waits for the refusal
  // itself, which the feed reports just after it has given up.
  std::unique_lock<std::mutex> lock(mu);
  ended.wait(lock, [&] { return rpc::ReminderFeed::IsRefusal(refused.error_code()); });
  return Fail(rpc_.ServerStatus("project", refused));
}

int Cli::Restore(const std::vector<std::string>& args) {
  uint32_t id = 0;
  if (args.size() < 2 || args.size() > 3 || (args.size() == 3 && !absl::SimpleAtoi(args[2], &id))) {
    return Usage("restore BACKUP_DIR DATA_DIR [ID]");
  }
  const absl::Status restored = RestoreStore(args[0], id, args[1], options_.overwrite);
  if (!restored.ok()) return Fail(restored);
  out_ << "restored " << (id == 0 ? std::string("the latest backup") : absl::StrCat("backup ", id))
       << " of " << args[0] << " into " << args[1] << "\n";
  return kOk;
}

int Cli::Import(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage("import FILE");
  auto data = ReadDataSet(args[0]);
  if (!data.ok()) return Fail(data.status());
  auto summary = district::ctl::Import(*data, rpc_);
  if (!summary.ok()) return Fail(summary.status());
  out_ << "imported " << data->name() << ": " << summary->records << " records, "
       << summary->created << " new"
       << (summary->created == 0 ? " (all were there already: nothing changed)" : "") << "\n";
  return kOk;
}

int Cli::View(const std::string& command, const std::vector<std::string>& args) {
  int year = 0;
  if (args.size() > 1 || (args.size() == 1 && !absl::SimpleAtoi(args[0], &year))) {
    return Usage(absl::StrCat(command, " [YEAR]"));
  }
  const std::string method = command == "overview"
                                 ? "district.aggregator.v1.DistrictService.GetOverview"
                                 : "district.aggregator.v1.DistrictService.GetScoreboard";
  auto response = CallJson(method, {{"year", year == 0 ? CurrentYear() : year}});
  if (!response.ok()) return Fail(response.status());
  if (options_.json) return Print(**response);
  if (command == "overview") {
    aggregator::v1::Overview o;
    o.CopyFrom(**response);
    out_ << RenderOverview(o);
  } else {
    aggregator::v1::Scoreboard b;
    b.CopyFrom(**response);
    out_ << RenderScoreboard(b);
  }
  return kOk;
}

// Records a monthly return from .xlsx or CSV (tools/returns/returns.h); bad cells are listed by
// row and column (the first of them, then how many more), and then nothing is written.
int Cli::ImportReturn(const std::vector<std::string>& args) {
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
  returns::ImportResult result = returns::ImportReturn(rpc_, kind, *table, rpc::Caller{token_, ""});
  if (!result.status.ok()) return Fail(result.status);
  if (!result.errors.empty()) {
    TextTable t({"row", "column", "what is wrong"});
    for (const auto& e : result.errors) t.AddRow({absl::StrCat(e.row), e.column, e.message});
    err_ << args[1] << ": nothing was recorded; fix these and import again:\n" << t.Render();
    if (result.error_count > static_cast<int>(result.errors.size())) {
      err_ << "and " << result.error_count - result.errors.size() << " more\n";
    }
    return kFailed;
  }
  out_ << "recorded " << result.recorded << " months from " << args[1] << "\n";
  return kOk;
}

int Cli::WriteOut(const std::string& bytes, const std::string& what) {
  std::ofstream file(options_.out, std::ios::binary);
  file << bytes;
  file.close();
  if (!file) return Fail(absl::UnavailableError("cannot write " + options_.out));
  out_ << "wrote " << options_.out << " (" << what << ")\n";
  return kOk;
}

// Writes a register, filtered, to an Excel workbook (tools/export/registers.h).
int Cli::Export(const std::vector<std::string>& args) {
  if (args.empty() || options_.out.empty()) {
    return Usage("export REGISTER [FIELD=VALUE...] --out=FILE.xlsx");
  }
  const xport::Register* reg = xport::FindRegister(args[0]);
  const xport::ViewExport* view = xport::FindViewExport(args[0]);
  if (reg == nullptr && view == nullptr) {
    std::vector<std::string> names = {"overview"};
    for (const auto& r : xport::Registers()) names.push_back(r.name);
    return Usage(
        absl::StrCat("unknown register ", args[0], "; one of ", absl::StrJoin(names, ", ")));
  }
  absl::StatusOr<nlohmann::json> filters = FiltersJson({args.begin() + 1, args.end()});
  if (!filters.ok()) return Usage(std::string(filters.status().message()));
  const rpc::Caller caller{token_, ""};
  absl::StatusOr<std::string> workbook =
      view != nullptr ? view->write(rpc_, filters->dump(), caller)
                      : xport::ExportRegister(rpc_, *reg, filters->dump(), caller);
  if (!workbook.ok()) return Fail(workbook.status());
  return WriteOut(*workbook, view != nullptr ? view->title : reg->title);
}

// Lists every page of `r`, filtered, from the server that hosts it (or the one named `at`).
int Cli::List(const Resource& r, const std::vector<std::string>& filters, const std::string& at) {
  absl::StatusOr<nlohmann::json> fields = FiltersJson(filters);
  if (!fields.ok()) return Usage(std::string(fields.status().message()));
  const std::string method = r.Method("List", r.plural);
  std::vector<std::unique_ptr<google::protobuf::Message>> pages;
  std::vector<const google::protobuf::Message*> items;
  auto prototype = rpc_.NewRequest(method);
  if (!prototype.ok()) return Fail(prototype.status());
  const bool pages_supported =
      (*prototype)->GetDescriptor()->FindFieldByName("page_token") != nullptr;
  std::string token;
  do {
    nlohmann::json request = *fields;
    if (pages_supported) {
      request["page_size"] = 1000;
      if (!token.empty()) request["page_token"] = token;
    }
    auto response = CallJson(method, request, at);
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
  if (options_.json) {
    for (const auto* m : items) out_ << rpc::ToJson(*m) << "\n";
  } else {
    out_ << RenderList(items, r.columns);
  }
  return kOk;
}

int Cli::Update(const Resource& r, const std::string& id, const std::string& json) {
  absl::StatusOr<nlohmann::json> resource = ObjectJson(json, r.field);
  if (!resource.ok()) return Usage(std::string(resource.status().message()));
  (*resource)["id"] = id;
  const std::string method = r.Method("Update", r.noun);
  auto request = rpc_.NewRequest(method);
  if (!request.ok()) return Fail(request.status());
  const nlohmann::json fields = {{r.field, *resource}, {"etag", options_.etag}};
  absl::StatusOr<std::string> text = RequestText(fields);
  if (!text.ok()) return Usage(std::string(text.status().message()));
  if (absl::Status s = rpc::FromJson(*text, request->get()); !s.ok()) return Fail(s);
  // The mask's paths as typed (snake_case), set directly: protobuf's JSON form of a FieldMask
  // would want them in lowerCamelCase.
  google::protobuf::Message* m = request->get();
  const auto* d = m->GetDescriptor();
  if (!options_.mask.empty()) {
    auto* mask = m->GetReflection()->MutableMessage(m, d->FindFieldByName("update_mask"));
    const auto* paths = mask->GetDescriptor()->FindFieldByName("paths");
    for (absl::string_view p : absl::StrSplit(options_.mask, ',', absl::SkipWhitespace())) {
      mask->GetReflection()->AddString(mask, paths, std::string(absl::StripAsciiWhitespace(p)));
    }
  }
  return Called(rpc_.Call(method, *m));
}

int Cli::Advance(const std::vector<std::string>& args) {
  if (args.size() != 4) return Usage("advance project|lead ID STAGE DATE");
  const Resource* r = FindResource(args[0]);
  if (r == nullptr || (r->noun != "Project" && r->noun != "Lead")) {
    return Usage("advance works on a project or a lead");
  }
  absl::StatusOr<nlohmann::json> date = DateJson(args[3]);
  if (!date.ok()) return Usage(std::string(date.status().message()));
  const bool lead = r->noun == "Lead";
  std::string stage = absl::AsciiStrToUpper(args[2]);
  const std::string prefix = lead ? "LEAD_STAGE_" : "STAGE_";
  if (stage.rfind(prefix, 0) != 0) stage = prefix + stage;
  nlohmann::json request = {{"id", args[1]},
                            {"to_stage", stage},
                            {"effective_date", *date},
                            {"reason", options_.reason},
                            {"etag", options_.etag}};
  if (lead || options_.amount != 0) request["signed_amount_yuan"] = options_.amount;
  return Called(CallJson(lead ? "district.recruitment.v1.RecruitmentService.AdvanceLead"
                              : "district.project.v1.ProjectService.AdvanceStage",
                         request));
}

int Cli::Land(const std::vector<std::string>& args) {
  if (args.empty() || args.size() > 2) return Usage("land LEAD_ID [DATE]");
  nlohmann::json request = {{"id", args[0]}};
  if (args.size() == 2) {
    absl::StatusOr<nlohmann::json> date = DateJson(args[1]);
    if (!date.ok()) return Usage(std::string(date.status().message()));
    request["landed_date"] = *date;
  }
  return Called(CallJson("district.recruitment.v1.RecruitmentService.LandLead", request));
}

}  // namespace district::ctl
