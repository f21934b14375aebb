#include "lib/model/store_edit.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>

#include "lib/huge_pages.h"

namespace dangjian::model {

std::vector<int32_t> Preorder(const std::vector<int32_t>& parent, const std::vector<int32_t>& in_order) {
  const int32_t n = static_cast<int32_t>(parent.size());
  std::vector<uint32_t> first_child(n + 1, 0);
  for (int32_t i = 0; i < n; ++i) {
    if (parent[i] != kNone) ++first_child[parent[i] + 1];
  }
  for (int32_t i = 0; i < n; ++i) first_child[i + 1] += first_child[i];
  std::vector<int32_t> children(first_child[n]), stack;
  {
    std::vector<uint32_t> next(first_child.begin(), first_child.end() - 1);
    for (const int32_t i : in_order) (parent[i] == kNone ? stack.push_back(i) : void(children[next[parent[i]]++] = i));
  }
  std::reverse(stack.begin(), stack.end());
  std::vector<int32_t> preorder;
  preorder.reserve(n);
  while (!stack.empty()) {
    const int32_t i = stack.back();
    stack.pop_back();
    preorder.push_back(i);
    stack.insert(stack.end(), children.rend() - first_child[i + 1], children.rend() - first_child[i]);
  }
  return preorder;
}

void LinkChildren(Store::Orgs& orgs) {
  const OrgIndex n = static_cast<OrgIndex>(orgs.parent.size());
  orgs.child_offsets.reserve(WithRoom(n + 1));
  orgs.child_offsets.assign(n + 1, 0);
  for (OrgIndex o = 0; o < n; ++o) {
    if (orgs.parent[o] != kNone) ++orgs.child_offsets[orgs.parent[o] + 1];
  }
  for (OrgIndex o = 0; o < n; ++o) orgs.child_offsets[o + 1] += orgs.child_offsets[o];
  orgs.children.reserve(WithRoom(orgs.child_offsets[n]));
  orgs.children.assign(orgs.child_offsets[n], kNone);
  std::vector<uint32_t> next(orgs.child_offsets.begin(), orgs.child_offsets.end() - 1);
  for (OrgIndex o = 0; o < n; ++o) {
    if (orgs.parent[o] != kNone) orgs.children[next[orgs.parent[o]]++] = o;
  }
  // Subtree sizes, added up as CountSubtrees below adds up members.
  orgs.subtree_size.reserve(WithRoom(n));
  orgs.subtree_size.assign(n, 1);
  for (OrgIndex o = n - 1; o >= 0; --o) {
    if (orgs.parent[o] != kNone) orgs.subtree_size[orgs.parent[o]] += orgs.subtree_size[o];
  }
}

// In preorder an org comes before its subtree: from the last org to the
// first, each org's count is complete when it is added to its parent's.
void CountSubtrees(Store::Orgs& orgs, const std::vector<uint32_t>& carried_full,
                   const std::vector<uint32_t>& carried_probationary) {
  for (auto [subtree, own] : {std::pair{&orgs.subtree_full, &orgs.own_full},
                              std::pair{&orgs.subtree_probationary, &orgs.own_probationary}}) {
    subtree->reserve(WithRoom(own->size()));
    subtree->assign(own->begin(), own->end());
  }
  for (size_t o = 0; o < carried_full.size(); ++o) {
    orgs.subtree_full[o] += carried_full[o];
    orgs.subtree_probationary[o] += carried_probationary[o];
  }
  for (OrgIndex o = static_cast<OrgIndex>(orgs.size()) - 1; o >= 0; --o) {
    const OrgIndex p = orgs.parent[o];
    if (p == kNone) continue;
    orgs.subtree_full[p] += orgs.subtree_full[o];
    orgs.subtree_probationary[p] += orgs.subtree_probationary[o];
  }
}

void StoreEdit::SetStatus(MemberIndex m, MemberStatus status, Day full_on) {
  Store::Orgs& orgs = s_.orgs_;
  const MemberStatus before = s_.members_.status[m];
  const OrgIndex o = s_.members_.org[m];
  if (o != kNone && before != status) {
    for (OrgIndex a = o; a != kNone; a = orgs.parent[a]) {
      --SubtreeCount(orgs, before)[a];
      ++SubtreeCount(orgs, status)[a];
    }
    --OwnCount(orgs, before)[o];
    ++OwnCount(orgs, status)[o];
  }
  s_.members_.status[m] = status;
  s_.members_.full_on[m] = full_on;
}

void StoreEdit::Count(MemberIndex m, OrgIndex o, int by) {
  Store::Orgs& orgs = s_.orgs_;
  const MemberStatus status = s_.members_.status[m];
  OwnCount(orgs, status)[o] += by;
  for (OrgIndex a = o; a != kNone; a = orgs.parent[a]) SubtreeCount(orgs, status)[a] += by;
}

std::vector<int32_t>& StoreEdit::OwnList(HashMap<OrgIndex, std::vector<int32_t>>& lists, IndexList now,
                                         OrgIndex o) {
  const auto there = lists.find(o);
  if (there != lists.end()) return there->second;
  std::vector<int32_t> list;
  list.reserve(now.size() + 1);
  for (const int32_t x : now) list.push_back(x);
  return lists.try_emplace(o, std::move(list)).first->second;
}

std::vector<MemberIndex>& StoreEdit::MemberList(OrgIndex o) {
  return OwnList(s_.member_lists_, s_.MembersOf(o), o);
}

MemberIndex StoreEdit::AddMember(std::string_view id, std::string_view name, const MemberRow& row) {
  Store::Members& x = s_.members_;
  const MemberIndex m = static_cast<MemberIndex>(x.size());
  AppendName(x.name, m, name);
  x.id.Insert(id);
  x.org.push_back(row.org);
  x.group.push_back(row.group);
  x.unit.push_back(row.unit);
  x.home_org.push_back(row.home_org);
  x.status.push_back(row.status);
  x.admitted_on.push_back(row.admitted_on);
  x.full_on.push_back(row.full_on);
  x.lost_contact_since.push_back(row.lost_contact_since);
  x.probation_extended_months.push_back(row.probation_extended_months);
  x.leading_cadre.push_back(row.leading_cadre);
  x.dues_exempt_approved.push_back(row.dues_exempt_approved);
  x.dues_category.push_back(row.dues_category);
  x.monthly_income_cents.push_back(row.monthly_income_cents);
  // Its lists by member, empty.
  for (auto* offsets : {&s_.lecture_offsets_, &s_.talk_by_member_offsets_, &s_.decisions_about_offsets_,
                        &s_.dues_offsets_, &s_.event_offsets_, &s_.paid_offsets_}) {
    offsets->push_back(offsets->back());
  }
  if (row.org != kNone) {
    MemberList(row.org).push_back(m);  // the largest index: last in index order
    Count(m, row.org, 1);
  }
  return m;
}

void StoreEdit::Leave(MemberIndex m, OrgIndex o) {
  std::vector<MemberIndex>& list = MemberList(o);
  list.erase(std::lower_bound(list.begin(), list.end(), m));
  Count(m, o, -1);
}

void StoreEdit::MoveMember(MemberIndex m, OrgIndex to, OrgIndex group, OrgIndex home_org) {
  Store::Members& x = s_.members_;
  const OrgIndex from = x.org[m];
  if (from != to) {
    if (from != kNone) Leave(m, from);
    std::vector<MemberIndex>& list = MemberList(to);
    list.insert(std::lower_bound(list.begin(), list.end(), m), m);
    Count(m, to, 1);
    x.org[m] = to;
  }
  x.group[m] = group;
  x.home_org[m] = home_org;
}

bool StoreEdit::AddPaidMonths(MemberIndex m, int year, uint16_t months) {
  if (months != 0 && (s_.dues_since_ == kNoDay || FirstMonthPaid(year, months) < s_.dues_since_)) return false;
  auto listed = s_.paid_lists_.find(m);
  if (listed == s_.paid_lists_.end()) {
    const int32_t i = s_.PaidYear(m, year);
    if (i != kNone) {
      s_.paid_masks_[i] |= months;
      return true;
    }
    // A year not on record: the member's years become a list of its own,
    // so that no other member's range moves.
    std::vector<std::pair<int16_t, uint16_t>> years;
    for (uint32_t k = s_.paid_offsets_[m]; k < s_.paid_offsets_[m + 1]; ++k) {
      years.emplace_back(s_.paid_years_[k], s_.paid_masks_[k]);
    }
    listed = s_.paid_lists_.emplace(m, std::move(years)).first;
  }
  std::vector<std::pair<int16_t, uint16_t>>& years = listed->second;
  const auto at = std::lower_bound(years.begin(), years.end(), year,
                                   [](const std::pair<int16_t, uint16_t>& x, int y) { return x.first < y; });
  if (at != years.end() && at->first == year) {
    at->second |= months;
  } else {
    years.insert(at, {static_cast<int16_t>(year), months});
  }
  return true;
}

void StoreEdit::AddEvent(MemberIndex m, v1::MemberEvent::Kind kind, Day on, v1::MemberEvent::Grade grade) {
  Store::Events& e = s_.events_;
  const auto [first, last] = s_.EventsOf(m);
  const uint32_t begin = static_cast<uint32_t>(e.size());
  const auto add = [&](v1::MemberEvent::Kind k, Day day, v1::MemberEvent::Grade g) {
    e.member.push_back(m), e.kind.push_back(k), e.on.push_back(day), e.grade.push_back(g);
  };
  const auto copy = [&](uint32_t i) {
    add(e.kind[i], e.on[i], e.grade[i]);
    // Its detail (kept as 记录内容) goes with it.
    auto detail = s_.notes_.event_details.extract(i);
    if (!detail.empty()) s_.notes_.event_details.emplace(static_cast<uint32_t>(e.size() - 1), std::move(detail.mapped()));
  };
  uint32_t i = first;
  for (; i < last && e.on[i] <= on; ++i) copy(i);
  add(kind, on, grade);
  for (; i < last; ++i) copy(i);
  s_.event_ranges_[m] = {begin, static_cast<uint32_t>(e.size())};
}

void StoreEdit::RemoveMember(MemberIndex m, const std::vector<OrgIndex>& position_orgs) {
  Store::Members& x = s_.members_;
  if (x.org[m] != kNone) Leave(m, x.org[m]);
  x.id.Forget(m);
  x.org[m] = x.group[m] = x.home_org[m] = kNone;
  x.unit[m] = kNone;
  // Its positions leave their orgs' lists; their rows stay, naming no one
  // and no org (an export passes over them).
  Store::Positions& p = s_.positions_;
  for (const OrgIndex o : position_orgs) {
    std::vector<int32_t>& held = OwnList(s_.position_lists_, s_.PositionsOf(o), o);
    const auto gone = std::remove_if(held.begin(), held.end(), [&](int32_t i) {
      if (p.member[i] != m) return false;
      p.member[i] = p.org[i] = kNone;
      return true;
    });
    held.erase(gone, held.end());
  }
  if (!s_.PaidYears(m).empty()) s_.paid_lists_[m].clear();  // an empty list of its own
}

std::vector<DataIssue> StoreEdit::MovePlaces(const std::vector<PlaceMove>& moves, std::vector<int32_t>& moved) {
  if (moves.empty()) return {};
  const auto moved_field = [&](const DataIssue& issue) -> std::optional<std::string> {
    for (const auto& [list, move] : moves) {
      const int64_t k = PlaceIn(issue.field, list);
      if (k < 0 || move(k) == k) continue;
      std::string field = issue.field;
      const size_t digits = list.size() + 1;
      field.replace(digits, field.find(']', digits) - digits, std::to_string(move(k)));
      return field;
    }
    return std::nullopt;
  };
  std::vector<DataIssue> before;
  std::vector<DataIssue>& issues = s_.data_issues_;
  for (size_t i = 0; i < issues.size(); ++i) {
    std::optional<std::string> field = moved_field(issues[i]);
    if (!field) continue;
    before.push_back(issues[i]);
    issues[i].field = *std::move(field);
    moved.push_back(static_cast<int32_t>(i));
  }
  return before;
}

namespace {

// Where a load reports an issue about a field of an activity among the
// activity's issues: the part of the record (StoreBuilder::Activities reads
// them in this order: its org, lecturer, absentees, decisions and those
// talked with; then its observers, then its owners; then its attendees;
// then what it makes up for), its place in its list, and within a decision
// the place of the field there (its subjects, then its counts of votes,
// its seats, then each candidate and its votes).
std::tuple<int, int64_t, int, int64_t> PlaceInActivity(std::string_view field) {
  const size_t dot = field.find("].");
  const std::string_view rest = dot == std::string_view::npos ? std::string_view() : field.substr(dot + 2);
  static constexpr std::pair<std::string_view, int> kParts[] = {
      {"orgId", 0},       {"lecturerId", 1},  {"absentees", 2}, {"decisions", 3}, {"talkMember", 4},
      {"observerIds", 5}, {"resolutions", 6}, {"attendee", 7},  {"makeupFor", 8}};
  for (const auto& [part, order] : kParts) {
    if (rest.substr(0, part.size()) != part) continue;
    const int64_t place = PlaceIn(rest, rest.substr(0, rest.find('[')));
    if (part != "decisions") return {order, place, 0, 0};
    const size_t within = rest.find("].");
    const std::string_view of = within == std::string_view::npos ? std::string_view() : rest.substr(within + 2);
    if (const int64_t k = PlaceIn(of, "subjectMemberIds"); k >= 0) return {order, place, 0, k};
    if (of.substr(0, 5) == "votes") return {order, place, 1, of == "votesFor" ? 0 : of == "votesAgainst" ? 1 : 2};
    if (of == "seats") return {order, place, 2, 0};
    if (const int64_t c = PlaceIn(of, "candidateMemberIds"); c >= 0) return {order, place, 3, 2 * c};
    return {order, place, 3, 2 * PlaceIn(of, "candidateVotes") + 1};
  }
  return {9, 0, 0, 0};
}

// Where a load reports an issue about dues among the issues of dues and
// events (StoreBuilder::Dues, then Events): the payments, then the rows of
// the ledger, each row's member first; then the events. Nullopt for an
// issue of another list.
std::optional<std::tuple<int, int64_t, int>> PlaceInDues(std::string_view field) {
  for (const auto& [list, order] : {std::pair<std::string_view, int>{"dues", 0}, {"duesLedger", 1}, {"events", 2}}) {
    const int64_t row = PlaceIn(field, list);
    if (row >= 0) return std::make_tuple(order, row, field.find(".member") == std::string_view::npos);
  }
  return std::nullopt;
}

}  // namespace

std::vector<int32_t> StoreEdit::AddIssues(std::vector<DataIssue> more, std::vector<int32_t>& kept) {
  if (more.empty()) return {};
  std::vector<DataIssue>& issues = s_.data_issues_;
  HashMap<int32_t, std::vector<int32_t>>& groups = IssueGroups();
  // An issue is ordered with those a report orders it with (the others by
  // what they name): one of an activity among that activity's, one of dues
  // among the issues of dues and events, each group in the order a load
  // reports it. The issues added go last, and each group they join is put
  // in its order again over its places and theirs: nothing else moves.
  const auto group_of = [](const DataIssue& x) { return x.activity != kNone ? x.activity : kDuesIssues; };
  using Place = std::tuple<int, int64_t, int, int64_t>;  // where a load reports it in its group
  const auto place_of = [](const DataIssue& x) -> Place {
    if (x.activity != kNone) return PlaceInActivity(x.field);
    const auto dues = PlaceInDues(x.field);
    if (!dues) return {3, 0, 0, 0};  // of no list of dues or events: after them
    return {std::get<0>(*dues), std::get<1>(*dues), std::get<2>(*dues), 0};
  };
  std::vector<int32_t> joined;  // the groups, in the order of their first issue added
  HashMap<int32_t, std::vector<int32_t>> added_to;  // by group: the issues added (k of more)
  for (int32_t k = 0; k < static_cast<int32_t>(more.size()); ++k) {
    const int32_t g = group_of(more[k]);
    auto [at, fresh] = added_to.try_emplace(g);
    if (fresh) joined.push_back(g);
    at->second.push_back(k);
  }
  const int32_t n = static_cast<int32_t>(issues.size());
  GrowOnHugePages(issues, n + more.size());
  issues.resize(n + more.size());
  std::vector<int32_t> added;
  HashMap<int32_t, int32_t> relocated;  // an issue there before: its index now
  int32_t last = n;                     // the next place at the end
  const auto issue = [&](int32_t e) -> const DataIssue& { return e >= 0 ? issues[e] : more[~e]; };
  for (const int32_t g : joined) {
    std::vector<int32_t>& places = groups[g];  // ascending
    const std::vector<int32_t>& joining = added_to[g];
    // Its issues in order: those there (by index), and each added after the
    // last that a load reports before it or with it (~k).
    std::vector<int32_t> order(places.begin(), places.end());
    for (const int32_t k : joining) {
      const Place place = place_of(more[k]);
      const auto at = std::upper_bound(order.begin(), order.end(), place,
                                       [&](const Place& p, int32_t e) { return p < place_of(issue(e)); });
      order.insert(at, ~k);
    }
    for (size_t t = 0; t < joining.size(); ++t) places.push_back(last++);
    // Written over the places in order: those there moved out first.
    std::vector<DataIssue> there;
    there.reserve(order.size());
    for (const int32_t e : order) there.push_back(e >= 0 ? std::move(issues[e]) : std::move(more[~e]));
    for (size_t t = 0; t < order.size(); ++t) {
      issues[places[t]] = std::move(there[t]);
      if (order[t] < 0) {
        added.push_back(places[t]);
      } else if (order[t] != places[t]) {
        relocated[order[t]] = places[t];
      }
    }
  }
  std::sort(added.begin(), added.end());
  if (!relocated.empty()) {
    for (int32_t& i : kept) {
      if (const auto to = relocated.find(i); to != relocated.end()) i = to->second;
    }
    std::sort(kept.begin(), kept.end());
  }
  return added;
}

HashMap<int32_t, std::vector<int32_t>>& StoreEdit::IssueGroups() {
  if (!s_.issue_groups_built_) {
    const std::vector<DataIssue>& issues = s_.data_issues_;
    for (int32_t i = 0; i < static_cast<int32_t>(issues.size()); ++i) {
      const DataIssue& x = issues[i];
      if (x.activity != kNone) {
        s_.issue_groups_[x.activity].push_back(i);
      } else if (PlaceInDues(x.field)) {
        s_.issue_groups_[kDuesIssues].push_back(i);
      }
    }
    s_.issue_groups_built_ = true;
  }
  return s_.issue_groups_;
}

void StoreEdit::DropLecturer(ActivityIndex a) { s_.activities_.lecturer[a] = kNone; }

void StoreEdit::DropMentioned(ActivityIndex a, MemberIndex m) {
  Store::Activities& x = s_.activities_;
  // Each decision's lists in their ranges, which only shrink; the counts
  // given (subjects, candidates) stay, as a load keeps them.
  for (uint32_t k = x.decision_offsets[a]; k < x.decision_offsets[a + 1]; ++k) {
    Store::Activities::Decision& d = x.decisions[k];
    const auto subjects = x.decision_subjects.begin();
    d.subject_end = static_cast<uint32_t>(
        std::remove(subjects + d.subject_begin, subjects + d.subject_end, m) - subjects);
    const auto candidates = x.decision_candidates.begin();
    d.candidate_end = static_cast<uint32_t>(
        std::remove_if(candidates + d.candidate_begin, candidates + d.candidate_end,
                       [m](const Store::Activities::Candidate& c) { return c.member == m; }) -
        candidates);
  }
}

void StoreEdit::LeaveActivity(ActivityIndex a, MemberIndex m, bool attendance) {
  Store::Activities& x = s_.activities_;
  // Each list in its range, which only shrinks.
  const auto first = x.attendees.begin() + x.attendee_begin[a], last = x.attendees.begin() + x.attendee_end[a];
  x.attendee_end[a] = static_cast<uint32_t>(std::remove(first, last, m) - x.attendees.begin());
  const auto absent_from = x.absentees.begin() + x.absentee_begin[a];
  x.absentee_end[a] = static_cast<uint32_t>(
      std::remove_if(absent_from, x.absentees.begin() + x.absentee_end[a], [m](const auto& y) { return y.member == m; }) -
      x.absentees.begin());
  const auto talked = x.talk_members.begin() + x.talk_begin[a];
  x.talk_end[a] = static_cast<uint32_t>(std::remove(talked, x.talk_members.begin() + x.talk_end[a], m) - x.talk_members.begin());
  if (!attendance) x.recorded[a] &= ~Store::Activities::kAttendees;
}

int32_t StoreEdit::FindPosition(OrgIndex o, MemberIndex m, Role role) const {
  for (const int32_t p : s_.PositionsOf(o)) {
    if (s_.positions_.member[p] == m && s_.positions_.role[p] == role) return p;
  }
  return kNone;
}

void StoreEdit::SetPosition(OrgIndex o, MemberIndex m, Role role, Day since, Day until, bool approved) {
  Store::Positions& p = s_.positions_;
  const int32_t there = FindPosition(o, m, role);
  if (there == kNone) {
    // A new last row, last of its org's.
    OwnList(s_.position_lists_, s_.PositionsOf(o), o).push_back(static_cast<int32_t>(p.size()));
    p.org.push_back(o);
    p.member.push_back(m);
    p.role.push_back(role);
    p.since.push_back(since);
    p.until.push_back(until);
    p.approved.push_back(approved);
    return;
  }
  p.since[there] = since;
  p.until[there] = until;
  p.approved[there] = approved;
}

void StoreEdit::OpenTerm(OrgIndex o, int32_t number, Day started, Day ended, int32_t adjust_months,
                         bool adjust_approved) {
  Store::Terms& t = s_.terms_;
  std::vector<int32_t>& terms = OwnList(s_.term_lists_, s_.TermsOf(o), o);
  size_t at = 0;  // after those started no later
  for (size_t k = 0; k < terms.size(); ++k) {
    const int32_t x = terms[k];
    if (t.started_on[x] > started) continue;
    if (t.ended_on[x] == kNoDay) t.ended_on[x] = started;
    at = k + 1;
  }
  terms.insert(terms.begin() + at, static_cast<int32_t>(t.size()));
  t.org.push_back(o);
  t.number.push_back(number);
  t.started_on.push_back(started);
  t.ended_on.push_back(ended);
  t.adjust_months.push_back(adjust_months);
  t.adjust_approved.push_back(adjust_approved);
}

void StoreEdit::Dissolve(OrgIndex o, Day on) { s_.orgs_.dissolved_on[o] = on; }

void StoreEdit::AddOrg(std::string_view id, const OrgRow& row, const std::vector<int32_t>& place) {
  Store::Orgs& x = s_.orgs_;
  Ranks();
  const OrgIndex o = static_cast<OrgIndex>(x.size());
  // Its ranges: new last ones, empty but for its units.
  for (auto* offsets :
       {&x.member_offsets, &x.position_offsets, &x.term_offsets, &x.activity_offsets, &x.child_offsets}) {
    offsets->push_back(offsets->back());
  }
  x.units.insert(x.units.end(), row.units.begin(), row.units.end());
  x.unit_offsets.push_back(static_cast<uint32_t>(x.units.size()));
  x.id.Insert(id);
  x.name.emplace_back(row.name);
  x.kind.push_back(row.kind);
  x.parent.push_back(kNone);
  x.established_on.push_back(row.established_on);
  x.dissolved_on.push_back(row.dissolved_on);
  x.approved_exception.push_back(row.approved_exception);
  for (auto* count : {&x.own_full, &x.own_probationary, &x.subtree_full, &x.subtree_probationary}) count->push_back(0);
  if (!x.outside.empty()) x.outside.push_back(0);
  // A root of its own, last in the hierarchy's order; then put where it goes.
  x.order.Append(o);
  x.subtree_size.push_back(1);
  Place(o, row.parent, place);
}

void StoreEdit::MoveOrg(OrgIndex o, OrgIndex parent, const std::vector<int32_t>& place) {
  Store::Orgs& x = s_.orgs_;
  Ranks();
  // The members under it leave the counts of the orgs above it, and come
  // into those of the orgs above it now.
  const auto count = [&](OrgIndex from, int by) {
    for (OrgIndex a = from; a != kNone; a = x.parent[a]) {
      x.subtree_full[a] += by * x.subtree_full[o];
      x.subtree_probationary[a] += by * x.subtree_probationary[o];
    }
  };
  const OrgIndex before = x.parent[o];
  count(before, -1);
  Unchild(o);
  Place(o, parent, place);
  count(parent, 1);
  // Its ranks stayed in the subtrees of the orgs above it before until
  // Place moved them.
  Grow(before, -x.subtree_size[o]);
}

void StoreEdit::Ranks() {
  Store::Orgs& x = s_.orgs_;
  if (x.order.empty()) x.order.Start(static_cast<int32_t>(x.size()), WithRoom(x.size()));
}

std::vector<OrgIndex>& StoreEdit::ChildList(OrgIndex o) {
  const Store::Orgs& x = s_.orgs_;
  return OwnList(s_.child_lists_, IndexList(x.children.data(), x.child_offsets[o], x.child_offsets[o + 1]), o);
}

void StoreEdit::Unchild(OrgIndex o) {
  Store::Orgs& x = s_.orgs_;
  const OrgIndex p = x.parent[o];
  if (p == kNone) return;
  std::vector<OrgIndex>& siblings = ChildList(p);
  siblings.erase(std::find(siblings.begin(), siblings.end(), o));
  x.parent[o] = kNone;
}

void StoreEdit::Place(OrgIndex o, OrgIndex parent, const std::vector<int32_t>& place) {
  Store::Orgs& x = s_.orgs_;
  const int32_t n = static_cast<int32_t>(x.size());
  // Among its parent's children (or the roots) by place, as a load orders
  // siblings; its subtree goes before the next of them, or at the end of
  // its parent's subtree (or of every org).
  x.parent[o] = parent;
  int32_t next = kNone;  // the rank of the sibling after it, if any
  if (parent != kNone) {
    std::vector<OrgIndex>& siblings = ChildList(parent);
    const auto at = std::upper_bound(siblings.begin(), siblings.end(), o,
                                     [&](OrgIndex a, OrgIndex b) { return place[a] < place[b]; });
    if (at != siblings.end()) next = s_.Rank(*at);
    siblings.insert(at, o);
  } else {
    for (OrgIndex r = 0; r < n; ++r) {
      const bool after = r != o && x.parent[r] == kNone && place[r] > place[o];
      if (after && (next == kNone || s_.Rank(r) < next)) next = s_.Rank(r);
    }
  }
  const int32_t a = s_.Rank(o), b = a + x.subtree_size[o];
  const int32_t to = next != kNone ? next : parent != kNone ? s_.SubtreeEnd(parent) : n;  // a rank outside (a, b)
  x.order.Move(a, b, to);
  // The orgs above it now take its subtree in.
  Grow(parent, x.subtree_size[o]);
}

void StoreEdit::Grow(OrgIndex from, int32_t by) {
  Store::Orgs& x = s_.orgs_;
  for (OrgIndex a = from; a != kNone; a = x.parent[a]) x.subtree_size[a] += by;
}

uint16_t StoreEdit::Tag(std::string_view tag) {
  const int there = s_.FindTag(tag);
  if (there >= 0) return static_cast<uint16_t>(there);
  s_.tags_.emplace_back(tag);
  return static_cast<uint16_t>(s_.tags_.size() - 1);
}

std::vector<ActivityIndex>& StoreEdit::ActivityList(OrgIndex o) {
  return OwnList(s_.activity_lists_, s_.ActivitiesOf(o), o);
}

// By date, and on one day by row: the order a load gives the rows of an org.
void StoreEdit::ListActivity(ActivityIndex a) {
  const auto& held = s_.activities_.held_on;
  std::vector<ActivityIndex>& list = ActivityList(s_.activities_.org[a]);
  const auto at = std::upper_bound(list.begin(), list.end(), a, [&](ActivityIndex x, ActivityIndex y) {
    return held[x] != held[y] ? held[x] < held[y] : x < y;
  });
  list.insert(at, a);
}

void StoreEdit::UnlistActivity(ActivityIndex a) {
  std::vector<ActivityIndex>& list = ActivityList(s_.activities_.org[a]);
  list.erase(std::find(list.begin(), list.end(), a));
}

namespace {

// Member m's list by date (`now`, until it has one of its own in `lists`)
// with `value` in or out; `day_of` the day of a value, ties by value, as the
// load orders them.
template <typename V, typename DayOf>
void ByMember(HashMap<MemberIndex, std::vector<V>>& lists, absl::Span<const V> now, MemberIndex m, const V& value,
              bool in, DayOf day_of) {
  auto listed = lists.find(m);
  if (listed == lists.end()) {
    std::vector<V> own(now.begin(), now.end());
    listed = lists.emplace(m, std::move(own)).first;
  }
  std::vector<V>& list = listed->second;
  if (in) {
    const auto at = std::upper_bound(list.begin(), list.end(), value, [&](const V& x, const V& y) {
      return day_of(x) != day_of(y) ? day_of(x) < day_of(y) : x < y;
    });
    list.insert(at, value);
  } else {
    const auto at = std::find(list.begin(), list.end(), value);
    if (at != list.end()) list.erase(at);
  }
}

}  // namespace

void StoreEdit::IndexByMember(ActivityIndex a, bool in) {
  Store::Activities& x = s_.activities_;
  const auto day = [&](ActivityIndex b) { return x.held_on[b]; };
  if (x.lecturer[a] != kNone) ByMember(s_.lecture_lists_, s_.LecturesBy(x.lecturer[a]), x.lecturer[a], a, in, day);
  if (x.kind[a] == v1::Activity::TALK) {
    for (MemberIndex m : s_.TalkMembersOf(a)) ByMember(s_.talk_lists_, s_.TalksWith(m), m, a, in, day);
  }
  for (uint32_t k = x.decision_offsets[a]; k < x.decision_offsets[a + 1]; ++k) {
    for (MemberIndex m : s_.SubjectsOf(x.decisions[k])) {
      ByMember(s_.decisions_about_lists_, s_.DecisionsAbout(m), m, std::pair<ActivityIndex, uint32_t>(a, k), in,
               [&](const std::pair<ActivityIndex, uint32_t>& v) { return x.held_on[v.first]; });
    }
  }
}

template <typename T>
int64_t StoreEdit::SetList(std::vector<T>& list, std::vector<uint32_t>& offsets, ActivityIndex a,
                           const std::vector<T>& items) {
  const uint32_t first = offsets[a], last = offsets[a + 1];
  const int64_t more = static_cast<int64_t>(items.size()) - (last - first);
  if (more > 0) list.insert(list.begin() + last, more, items.front());
  if (more < 0) list.erase(list.begin() + (last + more), list.begin() + last);
  std::copy(items.begin(), items.end(), list.begin() + first);
  if (more != 0) {
    for (size_t k = a + 1; k < offsets.size(); ++k) offsets[k] = static_cast<uint32_t>(offsets[k] + more);
  }
  return more;
}

void StoreEdit::WriteActivity(ActivityIndex a, const ActivityRow& row) {
  Store::Activities& x = s_.activities_;
  x.org[a] = row.org;
  x.kind[a] = row.kind;
  x.held_on[a] = row.held_on;
  x.recorded[a] = row.recorded;
  x.lecturer[a] = row.lecturer;
  x.makeup_for[a] = row.makeup_for;
  x.unowned_resolutions[a] = row.unowned_resolutions;
  // The attendees, the subjects and the candidates (and, below, the
  // absentees and those talked with) go at the end of their lists: a row
  // names its range there, and a corrected one leaves its old range unnamed.
  x.attendee_begin[a] = static_cast<uint32_t>(x.attendees.size());
  x.attendees.insert(x.attendees.end(), row.attendees.begin(), row.attendees.end());
  x.attendee_end[a] = static_cast<uint32_t>(x.attendees.size());
  std::vector<Store::Activities::Decision> decisions = row.decisions;
  const uint32_t subjects = static_cast<uint32_t>(x.decision_subjects.size());
  const uint32_t candidates = static_cast<uint32_t>(x.decision_candidates.size());
  for (Store::Activities::Decision& d : decisions) {
    d.subject_begin += subjects, d.subject_end += subjects;
    d.candidate_begin += candidates, d.candidate_end += candidates;
  }
  x.decision_subjects.insert(x.decision_subjects.end(), row.subjects.begin(), row.subjects.end());
  x.decision_candidates.insert(x.decision_candidates.end(), row.candidates.begin(), row.candidates.end());
  const uint32_t after = x.decision_offsets[a + 1];
  const bool last = after == x.decisions.size();
  const int64_t more = SetList(x.decisions, x.decision_offsets, a, decisions);
  if (more != 0 && !last) {  // the decisions after a's moved: so do the references to them
    const auto follow = [&](std::pair<ActivityIndex, uint32_t>& about) {
      if (about.second >= after) about.second = static_cast<uint32_t>(about.second + more);
    };
    for (auto& about : s_.decisions_about_) follow(about);
    for (auto& [m, list] : s_.decisions_about_lists_) {
      for (auto& about : list) follow(about);
    }
  }
  SetList(x.tags, x.tag_offsets, a, row.tags);
  x.absentee_begin[a] = static_cast<uint32_t>(x.absentees.size());
  x.absentees.insert(x.absentees.end(), row.absentees.begin(), row.absentees.end());
  x.absentee_end[a] = static_cast<uint32_t>(x.absentees.size());
  x.talk_begin[a] = static_cast<uint32_t>(x.talk_members.size());
  x.talk_members.insert(x.talk_members.end(), row.talk_members.begin(), row.talk_members.end());
  x.talk_end[a] = static_cast<uint32_t>(x.talk_members.size());
  if (s_.activities_since_ == kNoDay || row.held_on < s_.activities_since_) s_.activities_since_ = row.held_on;
}

ActivityIndex StoreEdit::AddActivity(std::string_view id, const ActivityRow& row) {
  Store::Activities& x = s_.activities_;
  const ActivityIndex a = static_cast<ActivityIndex>(x.size());
  x.id.Insert(id);
  x.org.push_back(row.org);
  x.kind.push_back(row.kind);
  x.held_on.push_back(row.held_on);
  x.recorded.push_back(0);
  x.lecturer.push_back(kNone);
  x.makeup_for.push_back(kNone);
  x.unowned_resolutions.push_back(0);
  for (auto* bound : {&x.attendee_begin, &x.attendee_end, &x.absentee_begin, &x.absentee_end, &x.talk_begin, &x.talk_end}) {
    bound->push_back(0);
  }
  for (auto* offsets : {&x.tag_offsets, &x.decision_offsets}) offsets->push_back(offsets->back());
  WriteActivity(a, row);
  ListActivity(a);
  IndexByMember(a, true);
  return a;
}

void StoreEdit::ReplaceActivity(ActivityIndex a, const ActivityRow& row) {
  IndexByMember(a, false);
  UnlistActivity(a);
  WriteActivity(a, row);
  ListActivity(a);
  IndexByMember(a, true);
}

}  // namespace dangjian::model
