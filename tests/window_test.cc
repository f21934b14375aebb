// The window a call judges: its defaults, its scope, its errors, and the same
// window and the same errors for a check, an agenda, an assessment, a check in
// parts and the Engine.
#include "lib/check/window.h"

#include <fstream>
#include <set>

#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/engine.h"
#include "dangjian/parts.h"
#include "snapshot_builder.h"
#include "temp_path.h"

namespace dangjian::testing {
namespace {

// A working committee over two branches, the first with a party group.
SnapshotBuilder Committee() {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("b1", v1::Org::BRANCH, "wc");
  b.Org("g1", v1::Org::PARTY_GROUP, "b1");
  b.Org("b2", v1::Org::BRANCH, "wc");
  b.Members("b1", 3);
  b.Members("b2", 3);
  return b;
}

Day D(const std::string& date) { return *ParseDate(date); }

TEST(Window, FromDefaultsToTheFirstOfJanuaryAndScopeToEveryOrg) {
  const auto store = Committee().Load();
  for (const std::string as_of : {"2026-01-01", "2026-11-30", "2024-12-31"}) {
    const absl::StatusOr<check::Window> w = check::ResolveWindow(*store, D(as_of), kNoDay, "");
    ASSERT_TRUE(w.ok()) << w.status();
    EXPECT_EQ(w->as_of, D(as_of));
    EXPECT_EQ(FormatDate(w->from), as_of.substr(0, 4) + "-01-01");
    EXPECT_EQ(w->scope_begin, 0);
    EXPECT_EQ(w->scope_end, static_cast<OrgIndex>(store->orgs().size()));
  }
  const absl::StatusOr<check::Window> given = check::ResolveWindow(*store, D("2026-11-30"), D("2026-07-01"), "");
  ASSERT_TRUE(given.ok());
  EXPECT_EQ(given->from, D("2026-07-01"));
}

TEST(Window, AsOfDefaultsToToday) {
  const auto store = Committee().Load();
  const Day before = Today();
  const absl::StatusOr<check::Window> w = check::ResolveWindow(*store, kNoDay, kNoDay, "");
  const Day after = Today();
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_TRUE(w->as_of == before || w->as_of == after) << FormatDate(w->as_of);
  EXPECT_EQ(w->from, ToDay(absl::CivilDay(YearOf(w->as_of), 1, 1)));
}

TEST(Window, FromMayBeAsOfButNotAfter) {
  const auto store = Committee().Load();
  EXPECT_TRUE(check::ResolveWindow(*store, D("2026-03-01"), D("2026-03-01"), "").ok());
  const absl::StatusOr<check::Window> w = check::ResolveWindow(*store, D("2026-03-01"), D("2026-03-02"), "");
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(absl::IsOutOfRange(w.status()));
  EXPECT_EQ(w.status().message(), "from: 2026-03-02 is after asOf 2026-03-01");
}

TEST(Window, ScopeIsTheOrgsSubtree) {
  const auto store = Committee().Load();
  const absl::StatusOr<check::Window> w = check::ResolveWindow(*store, D("2026-03-01"), kNoDay, "b1");
  ASSERT_TRUE(w.ok()) << w.status();
  std::set<std::string> in;
  for (OrgIndex o = w->scope_begin; o < w->scope_end; ++o) in.insert(std::string(store->orgs().id[o]));
  EXPECT_EQ(in, (std::set<std::string>{"b1", "g1"}));

  const absl::StatusOr<check::Window> none = check::ResolveWindow(*store, D("2026-03-01"), kNoDay, "x");
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(absl::IsNotFound(none.status()));
  EXPECT_EQ(none.status().message(), "scope: no org \"x\"");
}

// A window is bounded: from 50 years before asOf is judged, a day earlier is
// refused at once, not worked through period by period.
TEST(Window, ReachesBackFiftyYearsAtMost) {
  const auto store = Committee().Load();
  EXPECT_TRUE(check::ResolveWindow(*store, D("2026-03-01"), D("1976-03-01"), "").ok());
  for (const auto& [as_of, from] : {std::pair{"2026-03-01", "1976-02-29"}, std::pair{"9999-12-31", "0001-01-01"}}) {
    const absl::StatusOr<check::Window> w = check::ResolveWindow(*store, D(as_of), D(from), "");
    ASSERT_FALSE(w.ok()) << from;
    EXPECT_TRUE(absl::IsOutOfRange(w.status()));
    EXPECT_EQ(w.status().message(), StrCat("from: ", from, " is more than 50 years before asOf ", as_of));
  }
}

// Every call that judges a window says the same of a bad one.
TEST(Window, EveryCallSaysTheSameOfABadWindow) {
  const SnapshotBuilder b = Committee();
  const auto store = b.Load();
  const Policy policy = *Policy::Builtin("national");
  const v1::Rubric rubric = *BuiltinRubric("organ-assessment");
  const std::string from_after = "from: 2026-03-02 is after asOf 2026-03-01";
  const std::string no_scope = "scope: no org \"x\"";

  CheckOptions check;
  check.as_of = D("2026-03-01");
  check.from = D("2026-03-02");
  EXPECT_EQ(Check(*store, policy, check).status().message(), from_after);
  AssessOptions assess;
  assess.as_of = check.as_of;
  assess.from = check.from;
  EXPECT_EQ(Assess(*store, policy, rubric, assess).status().message(), from_after);
  EngineOptions engine;
  engine.as_of = check.as_of;
  engine.from = check.from;
  EXPECT_EQ(Engine::Create(b.snapshot(), policy, engine).status().message(), from_after);
  const std::string path = TempPath("window.djs");
  std::ofstream(path, std::ios::binary) << Delimited({b.snapshot()});
  const absl::Status parts = CheckInParts(path, policy, check, PartsOptions{}, [](CheckedPart&) { return absl::OkStatus(); });
  EXPECT_EQ(parts.message(), from_after);

  check.from = kNoDay;
  check.scope = assess.scope = "x";
  assess.from = kNoDay;
  AgendaOptions agenda;
  agenda.as_of = check.as_of;
  agenda.scope = "x";
  EXPECT_EQ(Check(*store, policy, check).status().message(), no_scope);
  EXPECT_EQ(Assess(*store, policy, rubric, assess).status().message(), no_scope);
  EXPECT_EQ(MakeAgenda(*store, policy, agenda).status().message(), no_scope);
}

// The clock is read once a call: the report of a check of today, and of each
// part of a stream checked in parts, is dated today.
TEST(Window, ACheckOfTodayIsDatedToday) {
  const SnapshotBuilder b = Committee();
  const auto store = b.Load();
  const Policy policy = *Policy::Builtin("national");
  const std::string before = FormatDate(Today());
  const absl::StatusOr<v1::Report> report = Check(*store, policy, CheckOptions{});
  ASSERT_TRUE(report.ok()) << report.status();
  std::set<std::string> parts;
  const std::string path = TempPath("today.djs");
  SnapshotBuilder more;
  more.Org("b3", v1::Org::BRANCH, "wc");
  more.Members("b3", 3);
  std::ofstream(path, std::ios::binary) << Delimited({b.snapshot(), more.snapshot()});
  PartsOptions small;
  small.part_bytes = 1;
  const absl::Status s = CheckInParts(path, policy, CheckOptions{}, small, [&](CheckedPart& part) {
    parts.insert(part.report.as_of());
    return absl::OkStatus();
  });
  const std::string after = FormatDate(Today());
  EXPECT_TRUE(report->as_of() == before || report->as_of() == after) << report->as_of();
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_EQ(parts.size(), 1u);  // two parts, one day
  EXPECT_TRUE(*parts.begin() == before || *parts.begin() == after) << *parts.begin();
}

}  // namespace
}  // namespace dangjian::testing
