// The monthly returns' storage (月报): ProjectStore's part that keeps them, their states and the
// approval that makes their figures count. The rules are MonthlyReturn's in project.proto.
#include <map>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/update_mask.h"
#include "services/project/project_store.h"
#include "services/project/project_validation.h"

namespace district::project {

using v1::MonthlyReturn;
using v1::Project;

namespace {

using Values = std::vector<std::string>;

const char* StateLabel(MonthlyReturn::State state) {
  switch (state) {
    case MonthlyReturn::DRAFT:
      return "草稿";
    case MonthlyReturn::SUBMITTED:
      return "已报待审";
    case MonthlyReturn::APPROVED:
      return "已审核通过";
    case MonthlyReturn::RETURNED:
      return "已退回";
    default:
      return "未定";
  }
}

// FAILED_PRECONDITION: `r` cannot be `verb`ed in its state; `verb_zh` says it to people.
absl::Status NotInState(const MonthlyReturn& r, absl::string_view verb, absl::string_view verb_zh) {
  return FailedPreconditionError(absl::StrCat("cannot ", verb, " monthly return ", r.id(),
                                              " in state ", MonthlyReturn::State_Name(r.state())),
                                 absl::StrCat("月报", StateLabel(r.state()), "，不能", verb_zh));
}

bool CanBeChanged(const MonthlyReturn& r) {
  return r.state() == MonthlyReturn::DRAFT || r.state() == MonthlyReturn::RETURNED;
}

// Records a step of `r`'s history, taken by the current caller now.
void AddEvent(MonthlyReturn* r, bool reopening, absl::string_view opinion) {
  v1::MonthlyReturnEvent* e = r->add_history();
  e->set_state(r->state());
  e->set_reopening(reopening);
  e->set_actor(CurrentCaller().principal->name);
  *e->mutable_event_time() = Now();
  e->set_opinion(std::string(opinion));
}

// A return is reviewed by someone other than whoever last submitted it.
absl::Status CheckNotSubmitter(const MonthlyReturn& r) {
  const std::string& me = CurrentCaller().principal->name;
  for (int i = r.history_size() - 1; i >= 0; --i) {
    const v1::MonthlyReturnEvent& e = r.history(i);
    if (e.reopening() || e.state() != MonthlyReturn::SUBMITTED) continue;
    if (e.actor() != me) return absl::OkStatus();
    return PermissionDeniedError(
        absl::StrCat(me, " submitted monthly return ", r.id(), " and may not review it"),
        "不能审核本人报送的月报");
  }
  return absl::OkStatus();
}

}  // namespace

ResourceStore<MonthlyReturn>::Config ProjectStore::MonthlyReturnConfig() {
  ResourceStore<MonthlyReturn>::Config c;
  c.kind = "monthly_return";
  c.label = "月报";
  c.id_prefix = "R";
  c.updatable = {"entries"};  // the rest changes only by Submit, Approve, Reject and Reopen
  c.validate = [](const MonthlyReturn& r) { return ValidateMonthlyReturn(r, "monthly_return."); };
  c.indexes["month"] = [](const MonthlyReturn& r) { return Values{YearMonthKey(r.month())}; };
  c.scope = [](const MonthlyReturn& r) -> absl::StatusOr<ScopeTags> {
    return ScopeTags{"", "", r.responsible_unit()};
  };
  return c;
}

absl::Status ProjectStore::CheckReturnEntries(const MonthlyReturn& r,
                                              absl::string_view prefix) const {
  for (int i = 0; i < r.entries_size(); ++i) {
    const std::string field = absl::StrCat(prefix, "entries[", i, "].project_id");
    std::shared_ptr<const Project> p = projects_->Peek(r.entries(i).project_id());
    if (p == nullptr) {
      return AtField(
          NotFoundError(absl::StrCat("project ", r.entries(i).project_id(), " not found"),
                        absl::StrCat("找不到项目 ", r.entries(i).project_id())),
          field);
    }
    if (p->responsible_unit() != r.responsible_unit()) {
      return FieldError(
          field, absl::StrCat("project ", p->id(), " is not a project of ", r.responsible_unit()),
          absl::StrCat("项目 ", p->id(), " 的责任单位不是", r.responsible_unit(),
                       "，不能在其月报中填报"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<MonthlyReturn> ProjectStore::CreateMonthlyReturn(
    const v1::CreateMonthlyReturnRequest& request) {
  MonthlyReturn r = request.monthly_return();
  // Output-only fields are the server's to set (AIP-203): whatever the client sent is dropped.
  r.clear_history();
  r.clear_review_opinion();
  r.clear_reopened();
  r.set_state(MonthlyReturn::DRAFT);
  if (absl::Status s = CheckReturnEntries(r, "monthly_return."); !s.ok()) return s;
  AddEvent(&r, false, "");
  std::lock_guard<std::mutex> lock(return_create_lock_);
  return returns_->Create(
      std::move(r), request.request_id(), request,
      [this](WriteBatch*, const MonthlyReturn*, const MonthlyReturn* after) -> absl::Status {
        absl::StatusOr<std::vector<MonthlyReturn>> same_month =
            returns_->All("month", YearMonthKey(after->month()));
        if (!same_month.ok()) return same_month.status();
        for (const MonthlyReturn& other : *same_month) {
          if (other.responsible_unit() != after->responsible_unit()) continue;
          return AlreadyExistsError(
              absl::StrCat(after->responsible_unit(), " has monthly return ", other.id(), " for ",
                           YearMonthKey(after->month()), " already"),
              absl::StrCat(after->responsible_unit(), "已有", after->month().year(), "年",
                           after->month().month(), "月的月报（", other.id(), "）"));
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<MonthlyReturn> ProjectStore::GetMonthlyReturn(absl::string_view id) const {
  return returns_->Get(id);
}

absl::StatusOr<v1::ListMonthlyReturnsResponse> ProjectStore::ListMonthlyReturns(
    const v1::ListMonthlyReturnsRequest& request, int page_size) const {
  const bool by_month = request.month().year() != 0;
  auto page =
      returns_->List(request, page_size, request.page_token(), by_month ? "month" : "",
                     by_month ? YearMonthKey(request.month()) : "", [&](const MonthlyReturn& r) {
                       return (request.responsible_unit().empty() ||
                               r.responsible_unit() == request.responsible_unit()) &&
                              (request.state() == MonthlyReturn::STATE_UNSPECIFIED ||
                               r.state() == request.state());
                     });
  if (!page.ok()) return page.status();
  v1::ListMonthlyReturnsResponse response;
  MovePage(*page, response.mutable_monthly_returns(), response.mutable_next_page_token());
  return response;
}

absl::StatusOr<MonthlyReturn> ProjectStore::UpdateMonthlyReturn(
    const v1::UpdateMonthlyReturnRequest& request, const ReturnCalendar& calendar) {
  return returns_->Update(request.monthly_return(), request.update_mask(), "", nullptr,
                          [&](const MonthlyReturn& stored) -> absl::Status {
                            if (!CanBeChanged(stored)) return NotInState(stored, "update", "修改");
                            if (absl::Status s = calendar.CheckOpen(stored); !s.ok()) return s;
                            MonthlyReturn patched = request.monthly_return();
                            patched.set_responsible_unit(stored.responsible_unit());
                            return CheckReturnEntries(patched, "monthly_return.");
                          });
}

absl::StatusOr<MonthlyReturn> ProjectStore::SubmitMonthlyReturn(
    const v1::SubmitMonthlyReturnRequest& request, const ReturnCalendar& calendar) {
  return returns_->Mutate(request.id(), request.etag(), [&](MonthlyReturn& r) -> absl::Status {
    if (!CanBeChanged(r)) return NotInState(r, "submit", "报送");
    if (absl::Status s = calendar.CheckOpen(r); !s.ok()) return s;
    r.set_state(MonthlyReturn::SUBMITTED);
    AddEvent(&r, false, "");
    return absl::OkStatus();
  });
}

absl::StatusOr<MonthlyReturn> ProjectStore::ApproveMonthlyReturn(
    const v1::ApproveMonthlyReturnRequest& request) {
  // The projects' locks, taken under the return's and held until their changes are published.
  std::vector<std::unique_lock<std::mutex>> project_locks;
  std::vector<Project> changed;
  absl::StatusOr<MonthlyReturn> approved = returns_->Mutate(
      request.id(), request.etag(),
      [&](MonthlyReturn& r) -> absl::Status {
        if (r.state() != MonthlyReturn::SUBMITTED) return NotInState(r, "approve", "审核通过");
        if (absl::Status s = CheckNotSubmitter(r); !s.ok()) return s;
        r.set_state(MonthlyReturn::APPROVED);
        r.set_reopened(false);
        AddEvent(&r, false, request.opinion());
        return absl::OkStatus();
      },
      [&](WriteBatch* batch, const MonthlyReturn* before, const MonthlyReturn*) -> absl::Status {
        std::vector<std::string> ids;
        for (const v1::MonthlyReturnEntry& e : before->entries()) {
          if (e.has_invested_yuan()) ids.push_back(e.project_id());  // unknown writes no report
        }
        project_locks = projects_->LockAll(ids);
        const google::protobuf::Timestamp now = Now();
        for (int i = 0; i < before->entries_size(); ++i) {
          const v1::MonthlyReturnEntry& e = before->entries(i);
          if (!e.has_invested_yuan()) continue;
          v1::RecordInvestmentRequest report;
          report.set_project_id(e.project_id());
          *report.mutable_month() = before->month();
          report.set_invested_yuan(e.invested_yuan());
          report.set_note(absl::StrCat("月报 ", before->id()));
          const std::string field = absl::StrCat("entries[", i, "].invested_yuan");
          absl::StatusOr<std::optional<Project>> p = projects_->ChangeInBatch(
              e.project_id(),
              [&](Project& project) {
                return ApplyReportInBatch(report, field, &project, batch, now);
              },
              batch);
          if (absl::IsNotFound(p.status())) {  // deleted since it was entered
            return AtField(p.status(), absl::StrCat("entries[", i, "].project_id"));
          }
          if (!p.ok()) return p.status();
          if (p->has_value()) changed.push_back(**p);
        }
        return absl::OkStatus();
      });
  if (approved.ok()) {
    for (const Project& p : changed) projects_->Publish(p);
  }
  return approved;
}

absl::StatusOr<MonthlyReturn> ProjectStore::RejectMonthlyReturn(
    const v1::RejectMonthlyReturnRequest& request) {
  return returns_->Mutate(request.id(), request.etag(), [&](MonthlyReturn& r) -> absl::Status {
    if (r.state() != MonthlyReturn::SUBMITTED) return NotInState(r, "send back", "退回");
    if (absl::Status s = CheckNotSubmitter(r); !s.ok()) return s;
    r.set_state(MonthlyReturn::RETURNED);
    r.set_review_opinion(request.opinion());
    AddEvent(&r, false, request.opinion());
    return absl::OkStatus();
  });
}

absl::StatusOr<MonthlyReturn> ProjectStore::ReopenMonthlyReturn(
    const v1::ReopenMonthlyReturnRequest& request) {
  return returns_->Mutate(request.id(), request.etag(), [&](MonthlyReturn& r) -> absl::Status {
    if (r.state() == MonthlyReturn::APPROVED) return NotInState(r, "reopen", "解锁");
    r.set_reopened(true);
    AddEvent(&r, true, request.reason());
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::ReportingStatus> ProjectStore::GetReportingStatus(const YearMonth& month) const {
  using Row = v1::UnitReportingStatus;
  std::map<std::string, Row> units;  // by name: the rows' order
  absl::StatusOr<std::vector<Project>> projects = projects_->All();
  if (!projects.ok()) return projects.status();
  for (const Project& p : *projects) {
    if (p.responsible_unit().empty() || p.stage() == v1::STAGE_CANCELLED) continue;
    Row& row = units[p.responsible_unit()];
    row.set_project_count(row.project_count() + 1);
  }
  absl::StatusOr<std::vector<MonthlyReturn>> returns = returns_->All("month", YearMonthKey(month));
  if (!returns.ok()) return returns.status();
  for (const MonthlyReturn& r : *returns) {
    Row& row = units[r.responsible_unit()];
    row.set_monthly_return_id(r.id());
    switch (r.state()) {
      case MonthlyReturn::SUBMITTED:
        row.set_state(Row::SUBMITTED);
        break;
      case MonthlyReturn::RETURNED:
        row.set_state(Row::RETURNED);
        break;
      case MonthlyReturn::APPROVED:
        row.set_state(Row::APPROVED);
        break;
      default:
        break;  // a draft is not reported
    }
  }
  v1::ReportingStatus status;
  *status.mutable_month() = month;
  for (auto& [unit, row] : units) {
    row.set_responsible_unit(unit);
    if (row.state() == Row::STATE_UNSPECIFIED) row.set_state(Row::NOT_REPORTED);
    switch (row.state()) {
      case Row::SUBMITTED:
        status.set_submitted_count(status.submitted_count() + 1);
        break;
      case Row::RETURNED:
        status.set_returned_count(status.returned_count() + 1);
        break;
      case Row::APPROVED:
        status.set_approved_count(status.approved_count() + 1);
        break;
      default:
        status.set_not_reported_count(status.not_reported_count() + 1);
    }
    *status.add_units() = std::move(row);
  }
  return status;
}

}  // namespace district::project
