// The part of every project that GetProjectStats reads, kept in memory as compact rows so that
// statistics never parse the register from disk, which at 10,000 projects would cost a
// statistics call more than the rest of its work.
//
// The store is the truth: the facts are loaded from it at start-up and replaced after each commit
// that changes a project, under that project's lock, so they follow the commit order.
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_FACTS_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_FACTS_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "common/fact_table.h"
#include "district/project/v1/project.pb.h"

namespace district::project {

class ProjectFacts {
 public:
  struct YearAmount {
    int32_t year;
    int64_t yuan;
  };
  // What a project's light and the bulletin are judged by besides the statistics' facts: behind a
  // pointer in the row, so that the statistics' pass over every row reads small rows.
  struct PlanFacts {
    std::vector<YearAmount> invested_months;  // per month: `year` is yyyymm, in order
    std::vector<v1::ProjectPlan> plans;       // the project's plans
  };
  struct Row {
    v1::Stage stage;
    v1::Level level;
    int32_t sector;  // index into sector names; see SectorName
    int64_t total_investment_yuan;
    // Days since 1970-01-01 of the first time the stage was reached, and its year; year 0 if never.
    int32_t land_acquired_year;
    int64_t land_acquired_day;
    int32_t construction_started_year;
    int64_t construction_started_day;
    absl::InlinedVector<YearAmount, 2> programme;  // planned investment per programme year
    absl::InlinedVector<YearAmount, 2> invested;   // invested per year, from the monthly reports
    std::shared_ptr<const PlanFacts> plan_facts;   // null when it has no plan nor monthly report

    const std::vector<v1::ProjectPlan>& plans() const {
      return plan_facts ? plan_facts->plans : kNoPlanFacts.plans;
    }
    const std::vector<YearAmount>& invested_months() const {
      return plan_facts ? plan_facts->invested_months : kNoPlanFacts.invested_months;
    }
  };

  // What `row` reports invested in `year` in the months before `month` (1..12); nullopt when
  // nothing of that year was reported. Projects whose reports predate the per-month record have
  // only the year's total, which stands for it.
  static std::optional<int64_t> InvestedBefore(const Row& row, int year, int month);

  static const PlanFacts kNoPlanFacts;

  void Put(const v1::Project& project);
  void Erase(absl::string_view id);

  // Calls fn for every project's row, then returns the sector names the rows' `sector` index.
  // Writers wait until it returns; keep fn short.
  // Calls fn(id, row) for every project. Writers wait until it returns.
  template <typename Fn>
  void ForEachWithId(Fn fn) const {
    rows_.ForEachWithId(fn);
  }

  template <typename Fn>
  std::vector<std::string> ForEach(Fn fn) const {
    rows_.ForEach(fn);
    std::lock_guard<std::mutex> lock(sectors_mu_);
    return sectors_;
  }

 private:
  int32_t InternSector(const std::string& sector);

  FactTable<Row> rows_;
  mutable std::mutex sectors_mu_;  // sectors are only ever added
  std::vector<std::string> sectors_;
  absl::flat_hash_map<std::string, int32_t> sector_index_;
};

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_FACTS_H_
