// Compact findings, as rules write them: a rule number, subject indices, a
// period and typed parameters. Ids and messages are restored at the edge
// (lib/report), never on the hot path.
#ifndef DANGJIAN_LIB_CHECK_FINDING_H_
#define DANGJIAN_LIB_CHECK_FINDING_H_

#include <cassert>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "dangjian/calendar.h"
#include "dangjian/policy.h"
#include "dangjian/v1/report.pb.h"
#include "lib/model/store.h"
#include "lib/policy/compiled.h"

namespace dangjian::rules {
class ObligationPlans;
}  // namespace dangjian::rules

namespace dangjian::check {

// How a parameter is shown: in a message (localized) and in evidence (neutral).
enum class ParamKind : uint8_t {
  kInt,       // 3
  kDate,      // 2024-02-29
  kText,      // as given (an id, a field path)
  kProblem,   // a short English phrase, translated in messages
  kBasis,     // 正式党员 / full members; evidence FULL_MEMBERS
  kAtLeast,   // 不少于3名 / at least 3; evidence >=3 (or 超过3名, >3)
  kAtMost,    // 不超过50名 / at most 50; evidence <=50 (or 少于50名, <50)
  kOrgKind,   // 党支部 / branch; evidence BRANCH
  kRole,      // 书记 / secretary; evidence SECRETARY
  kPercent,   // value in thousandths of a percent: 667 is 0.67%
  kActivity,  // 党员大会 / general meeting; evidence GENERAL_MEETING
  kPeriod,    // 2026年第3季度 / 2026-Q3: value the first day, extra the PeriodKind
  kWindow,    // an obligation's tag and months: (6月,OATH_RENEWAL); value the months mask, text the tag
  kRecordParts,  // RecordPart bits: 地点、发言记录 / place, minutes; evidence "place,minutes"
  kMonth,       // a month number (year * 12 + month - 1): 2026年3月 / 2026-03
  kMonthRange,  // months value..value2: 2025年10月至2026年3月; evidence 2025-10,2025-11,...,2026-03
  kYuan,        // cents as yuan: 30.00
};

// The parts of a meeting record (记录要素), as bits.
struct RecordPart {
  enum : uint32_t {
    kPlace = 1, kTopic = 2, kAttendees = 4, kMinutes = 8,
    kRoll = 16,   // present and absent account for every member
    kTally = 32,  // each decision's votes
    kOwner = 64,  // each resolution's owner (分工)
  };
};

// A finding holds six of these inline, in 32 bytes each: a name is a few
// letters of the rule's code, and a month range's last month takes the room
// of the text it has none of.
class Param {
 public:
  Param(std::string_view name, ParamKind kind_of, int64_t value_of = 0, bool flag_of = false, std::string_view text = {})
      : name_(name.data()), text_(text.data()), value(value_of),
        text_size_or_last_(static_cast<uint32_t>(text.size())), name_size_(static_cast<uint8_t>(name.size())),
        kind(kind_of), flag(flag_of) {
    assert(name.size() <= UINT8_MAX && text.size() <= UINT32_MAX);
  }

  std::string_view name() const { return {name_, name_size_}; }
  std::string_view text() const {
    return kind == ParamKind::kMonthRange ? std::string_view() : std::string_view(text_, text_size_or_last_);
  }
  // kMonthRange's last month.
  int32_t last_month() const { return kind == ParamKind::kMonthRange ? static_cast<int32_t>(text_size_or_last_) : 0; }
  void set_last_month(int32_t last) {
    assert(kind == ParamKind::kMonthRange);
    text_size_or_last_ = static_cast<uint32_t>(last);
  }

 private:
  const char* name_;
  const char* text_;

 public:
  int64_t value = 0;

 private:
  uint32_t text_size_or_last_;
  uint8_t name_size_;

 public:
  ParamKind kind;
  bool flag = false;  // the bound's inclusiveness
  uint8_t extra = 0;
};
static_assert(sizeof(Param) == 32);

struct Finding {
  int rule;  // index into Policy::Rule()
  std::string_view variant;  // "" or a message variant: "over_max", "early"
  std::string_view message_key;  // when set, the message's key instead of rule id + variant
  v1::Severity severity = v1::SEVERITY_UNSPECIFIED;
  OrgIndex org = kNone;
  MemberIndex member = kNone;
  UnitIndex unit = kNone;
  ActivityIndex activity = kNone;
  std::optional<Period> period;
  Day due_on = kNoDay;
  // Room for six inline, as most findings have (an obligation's five, six
  // with the day it is due): a large check holds millions of findings, each
  // written with no block of its own on the heap (280 bytes; with three
  // inline, 232 and a block of 288 more for six). The few with more keep
  // theirs there.
  absl::InlinedVector<Param, 6> params;

  Finding& Variant(std::string_view v) { variant = v; return *this; }
  Finding& Member(MemberIndex m) { member = m; return *this; }
  Finding& Unit(UnitIndex u) { unit = u; return *this; }
  Finding& DueOn(Day d) { due_on = d; return *this; }
  Finding& Int(std::string_view name, int64_t v) { return Add(name, ParamKind::kInt, v); }
  Finding& Date(std::string_view name, Day d) { return Add(name, ParamKind::kDate, d); }
  Finding& Text(std::string_view name, std::string_view t) { return Add(name, ParamKind::kText, 0, false, t); }
  Finding& Problem(std::string_view name, std::string_view t) { return Add(name, ParamKind::kProblem, 0, false, t); }
  Finding& Basis(std::string_view name, const CountBound& b) { return Add(name, ParamKind::kBasis, 0, b.full_members_only); }
  Finding& AtLeast(std::string_view name, const CountBound& b) { return Add(name, ParamKind::kAtLeast, b.value, b.inclusive); }
  Finding& AtMost(std::string_view name, const CountBound& b) { return Add(name, ParamKind::kAtMost, b.value, b.inclusive); }
  Finding& Kind(std::string_view name, OrgKind k) { return Add(name, ParamKind::kOrgKind, k); }
  Finding& RoleParam(std::string_view name, Role r) { return Add(name, ParamKind::kRole, r); }
  Finding& Percent(std::string_view name, int64_t thousandths) {
    return Add(name, ParamKind::kPercent, thousandths);
  }
  // `one`: a single activity (English "a general meeting", not "general meetings").
  Finding& Activity(std::string_view name, v1::Activity::Kind k, bool one = false) {
    return Add(name, ParamKind::kActivity, k, one);
  }
  Finding& PeriodParam(std::string_view name, const dangjian::Period& p) {
    Add(name, ParamKind::kPeriod, p.first_day());
    params.back().extra = static_cast<uint8_t>(p.kind());
    return *this;
  }
  Finding& Window(std::string_view name, uint16_t months, std::string_view tag) {
    return Add(name, ParamKind::kWindow, months, false, tag);
  }
  Finding& RecordParts(std::string_view name, uint32_t parts) { return Add(name, ParamKind::kRecordParts, parts); }
  Finding& Month(std::string_view name, int month_number) { return Add(name, ParamKind::kMonth, month_number); }
  Finding& Months(std::string_view name, int first, int last) {
    Add(name, ParamKind::kMonthRange, first);
    params.back().set_last_month(last);
    return *this;
  }
  Finding& Yuan(std::string_view name, int64_t cents) { return Add(name, ParamKind::kYuan, cents); }
  Finding& Key(std::string_view key) { message_key = key; return *this; }

 private:
  Finding& Add(std::string_view name, ParamKind kind, int64_t value, bool flag = false,
               std::string_view text = {}) {
    params.push_back(Param{name, kind, value, flag, text});
    return *this;
  }
};

// What every rule reads.
struct CheckContext {
  const Store& store;
  const Policy& policy;
  Day as_of;
  Day from;              // periods starting on or after this day are judged
  // The agenda's horizon: when set, obligations list every period not yet
  // over and due by this day, instead of judging periods that have ended.
  Day agenda_until = kNoDay;
  int32_t scope_begin;  // the orgs checked: ranked [scope_begin, scope_end) (Store::Rank)
  int32_t scope_end;
  // The obligations worked out for this store and window, kept by a caller
  // that checks org by org (the Engine); null: each check works them out.
  rules::ObligationPlans* obligation_plans = nullptr;

  // The org exists on as_of: established (if known) on or before it, and not
  // dissolved on or before it.
  bool Exists(OrgIndex o) const { return ExistsThroughout(o, as_of, as_of); }
  // The org exists on every day of [first, last].
  bool ExistsThroughout(OrgIndex o, Day first, Day last) const {
    const Day est = store.orgs().established_on[o], dis = store.orgs().dissolved_on[o];
    return (est == kNoDay || est <= first) && (dis == kNoDay || dis > last);
  }
  // A position held on as_of, both ends included.
  bool Current(uint32_t position) const {
    const auto& p = store.positions();
    return (p.since[position] == kNoDay || p.since[position] <= as_of) &&
           (p.until[position] == kNoDay || p.until[position] >= as_of);
  }
  bool InScope(OrgIndex o) const { return store.Rank(o) >= scope_begin && store.Rank(o) < scope_end; }
};

// Where rules write. One sink a thread; merged and sorted afterwards.
class Sink {
 public:
  Sink(const Policy& policy, const std::vector<bool>& selected) : policy_(policy), selected_(selected) {}

  bool Wants(int rule) const { return selected_[rule] && policy_.RuleEnabled(rule); }

  // A new finding of `rule` about `org`. `severity` is the rule variant's own
  // when the catalogue default does not fit; a profile's override wins over
  // both. A rule not wanted gets a scratch finding that is thrown away.
  Finding& Add(int rule, OrgIndex org, v1::Severity severity = v1::SEVERITY_UNSPECIFIED);
  // A reminder about a period still running: a NOTICE whatever the profile says.
  Finding& AddNotice(int rule, OrgIndex org);

  const Policy& policy() const { return policy_; }

  // The findings written (since the last TakeLists, when kept in lists).
  std::vector<Finding>& findings() { return findings_; }

  // From now, the findings are kept in lists of room for `room` each: a list
  // once full stays where it is and another is begun, rather than grown and
  // written again into memory touched for the first time, as a vector grows
  // (a large check writes millions).
  void KeepInLists(size_t room) { room_ = room; }
  // Every list of findings written, in their order: taken.
  std::vector<std::vector<Finding>> TakeLists() {
    if (!findings_.empty()) full_.push_back(std::move(findings_));
    findings_ = std::vector<Finding>();
    return std::exchange(full_, {});
  }

 private:
  const Policy& policy_;
  const std::vector<bool>& selected_;
  std::vector<Finding> findings_;
  size_t room_ = 0;                        // KeepInLists'; 0: one list, grown
  std::vector<std::vector<Finding>> full_;  // the lists full, kept in lists
  Finding scratch_{};
};

}  // namespace dangjian::check

#endif  // DANGJIAN_LIB_CHECK_FINDING_H_
