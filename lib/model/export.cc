// A Store written back as a snapshot: everything the rules read, in the
// Store's own order, so that loading the export gives the same Store.
//
// What a person wrote in a record and no rule reads is written as it was
// given when the Store kept it (Store::notes, LoadLimits::keep_notes);
// otherwise the text of a record's place, topic and minutes is written as
// "recorded" when there was one, a resolution with no owner likewise, and
// observers, resolutions with an owner and events' details not at all.
// References that named nothing
// are written back where the Store can place them (a member's org, group and
// unit, an org's units, a position's or term's org, an activity's lists), and
// the dues and events of members not there as they were given, so that they
// are reported again.
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "dangjian/store.h"
#include "lib/model/store.h"

namespace dangjian {
namespace {

const char kRecorded[] = "recorded";

void SetDate(Day day, std::string* out) {
  if (day != kNoDay) *out = FormatDate(day);
}

std::string Str(std::string_view s) { return std::string(s); }

}  // namespace

v1::Snapshot ExportSnapshot(const Store& s) {
  v1::Snapshot out;
  out.set_schema_version(1);
  const auto& units = s.units();
  for (size_t u = 0; u < units.size(); ++u) {
    v1::Unit& x = *out.add_units();
    x.set_id(Str(units.id[u]));
    x.set_name(units.name[u]);
    if (units.staff_count[u] != -1) x.set_staff_count(units.staff_count[u]);
    if (units.party_staff_count[u] != -1) x.set_party_staff_count(units.party_staff_count[u]);
  }
  const auto& orgs = s.orgs();
  for (int32_t k = 0; k < static_cast<int32_t>(orgs.size()); ++k) {  // in the hierarchy's order
    const OrgIndex o = s.OrgAt(k);
    v1::Org& x = *out.add_orgs();
    x.set_id(Str(orgs.id[o]));
    x.set_name(orgs.name[o]);
    x.set_kind(orgs.kind[o]);
    if (orgs.parent[o] != kNone) x.set_parent_id(Str(orgs.id[orgs.parent[o]]));
    for (UnitIndex u : s.UnitsOf(o)) x.add_unit_ids(Str(units.id[u]));
    SetDate(orgs.established_on[o], x.mutable_established_on());
    SetDate(orgs.dissolved_on[o], x.mutable_dissolved_on());
    x.set_approved_exception(orgs.approved_exception[o]);
  }
  const auto& members = s.members();
  // Each member's index in the export: a member an Engine removed keeps its
  // row, in no org and found by its id no more, and is not written.
  std::vector<int32_t> placed(members.size(), kNone);
  for (MemberIndex m = 0; m < static_cast<MemberIndex>(members.size()); ++m) {
    if (members.org[m] == kNone && members.id.Find(members.id[m]) != m) continue;
    placed[m] = out.members_size();
    v1::Member& x = *out.add_members();
    x.set_id(Str(members.id[m]));
    if (const std::string_view name = s.MemberName(m); !name.empty()) x.set_name(Str(name));
    if (members.org[m] != kNone) x.set_org_id(Str(orgs.id[members.org[m]]));
    if (members.group[m] != kNone) x.set_group_id(Str(orgs.id[members.group[m]]));
    if (members.unit[m] != kNone) x.set_unit_id(Str(units.id[members.unit[m]]));
    if (members.home_org[m] != kNone) x.set_home_org_id(Str(orgs.id[members.home_org[m]]));
    x.set_status(members.status[m]);
    SetDate(members.admitted_on[m], x.mutable_admitted_on());
    SetDate(members.full_on[m], x.mutable_full_on());
    SetDate(members.lost_contact_since[m], x.mutable_lost_contact_since());
    x.set_probation_extended_months(members.probation_extended_months[m]);
    x.set_leading_cadre(members.leading_cadre[m]);
    x.set_dues_category(members.dues_category[m]);
    if (members.monthly_income_cents[m] != kAmountNotGiven) x.set_monthly_income_cents(members.monthly_income_cents[m]);
    x.set_dues_exempt_approved(members.dues_exempt_approved[m]);
  }
  // Records naming what is not there: the ids as given, from the issues.
  std::vector<std::string> position_org(s.positions().size()), position_member(s.positions().size()),
      term_org(s.terms().size());
  for (const DataIssue& issue : s.data_issues()) {
    if (issue.kind != DataIssue::Kind::kUnknownReference || issue.record == kNone) continue;
    if (absl::StartsWith(issue.field, "positions[")) {
      (absl::EndsWith(issue.field, ".orgId") ? position_org : position_member)[issue.record] = issue.value;
    } else if (absl::StartsWith(issue.field, "terms[")) {
      term_org[issue.record] = issue.value;
    }
  }
  const auto& positions = s.positions();
  for (size_t p = 0; p < positions.size(); ++p) {
    // A row an Engine took from its org (its member removed) names no org,
    // and no issue gives it one: it is not there.
    if (positions.org[p] == kNone && position_org[p].empty()) continue;
    v1::Position& x = *out.add_positions();
    x.set_org_id(positions.org[p] != kNone ? Str(orgs.id[positions.org[p]]) : position_org[p]);
    x.set_member_id(positions.member[p] != kNone ? Str(members.id[positions.member[p]]) : position_member[p]);
    x.set_role(positions.role[p]);
    SetDate(positions.since[p], x.mutable_since());
    SetDate(positions.until[p], x.mutable_until());
    x.set_approved(positions.approved[p]);
  }
  const auto& terms = s.terms();
  for (size_t t = 0; t < terms.size(); ++t) {
    v1::Term& x = *out.add_terms();
    x.set_org_id(terms.org[t] != kNone ? Str(orgs.id[terms.org[t]]) : term_org[t]);
    x.set_number(terms.number[t]);
    SetDate(terms.started_on[t], x.mutable_started_on());
    SetDate(terms.ended_on[t], x.mutable_ended_on());
    x.set_adjust_months(terms.adjust_months[t]);
    x.set_adjust_approved(terms.adjust_approved[t]);
  }
  const auto& acts = s.activities();
  const auto& notes = s.notes().activities;
  for (ActivityIndex a = 0; a < static_cast<ActivityIndex>(acts.size()); ++a) {
    v1::Activity& x = *out.add_activities();
    x.set_id(Str(acts.id[a]));
    if (acts.org[a] != kNone) x.set_org_id(Str(orgs.id[acts.org[a]]));
    x.set_kind(acts.kind[a]);
    SetDate(acts.held_on[a], x.mutable_held_on());
    const auto noted = notes.find(a);
    if (noted != notes.end()) {
      x.MergeFrom(noted->second);  // place, topic, minutes, observers, resolutions
    } else {
      if (acts.recorded[a] & Store::Activities::kPlace) x.set_place(kRecorded);
      if (acts.recorded[a] & Store::Activities::kTopic) x.set_topic(kRecorded);
      if (acts.recorded[a] & Store::Activities::kMinutes) x.set_minutes(kRecorded);
      for (int k = 0; k < acts.unowned_resolutions[a]; ++k) x.add_resolutions()->set_text(kRecorded);
    }
    for (uint16_t tag : s.TagsOf(a)) x.add_tags(s.tags()[tag]);
    if (acts.lecturer[a] != kNone) x.set_lecturer_id(Str(members.id[acts.lecturer[a]]));
    for (MemberIndex m : s.AttendeesOf(a)) x.add_attendee_ids(Str(members.id[m]));
    for (const auto& absent : s.AbsenteesOf(a)) {
      auto& y = *x.add_absentees();
      y.set_member_id(Str(members.id[absent.member]));
      y.set_reason(absent.reason);
    }
    for (const auto& d : s.DecisionsOf(a)) {
      auto& y = *x.add_decisions();
      y.set_kind(d.kind);
      for (MemberIndex m : s.SubjectsOf(d)) y.add_subject_member_ids(Str(members.id[m]));
      if (d.votes_for != kNotGiven) y.set_votes_for(d.votes_for);
      if (d.votes_against != kNotGiven) y.set_votes_against(d.votes_against);
      if (d.votes_abstain != kNotGiven) y.set_votes_abstain(d.votes_abstain);
      if (d.seats != kNotGiven) y.set_seats(d.seats);
      // The votes in the candidates' order, as far as they are given.
      bool votes = true;
      for (const auto& c : s.CandidatesOf(d)) {
        y.add_candidate_member_ids(Str(members.id[c.member]));
        votes = votes && c.votes_for != kNotGiven;
        if (votes) y.add_candidate_votes(c.votes_for);
      }
    }
    if (acts.makeup_for[a] != kNone) x.set_makeup_for(Str(acts.id[acts.makeup_for[a]]));
    for (MemberIndex m : s.TalkMembersOf(a)) x.add_talk_member_ids(Str(members.id[m]));
  }
  const auto& dues = s.dues();
  for (size_t i = 0; i < dues.size(); ++i) {
    if (placed[dues.member[i]] == kNone) continue;  // a member removed takes its payments
    v1::DuesPayment& x = *out.add_dues();
    x.set_member_id(Str(members.id[dues.member[i]]));
    x.set_month(FormatDate(dues.month[i]).substr(0, 7));
    x.set_amount_cents(dues.amount_cents[i]);
    SetDate(dues.paid_on[i], x.mutable_paid_on());
  }
  for (const v1::DuesPayment& x : s.unplaced().dues()) *out.add_dues() = x;
  // The ledger as the Store merged it: one row a member-year, payments included.
  for (MemberIndex m = 0; m < static_cast<MemberIndex>(members.size()); ++m) {
    for (const auto& [year, months] : s.PaidYears(m)) {
      v1::DuesLedger& x = *out.add_dues_ledger();
      x.set_member_id(Str(members.id[m]));
      x.set_year(year);
      x.set_paid_months(months);
    }
  }
  for (const v1::DuesLedger& x : s.unplaced().dues_ledger()) *out.add_dues_ledger() = x;
  const auto& events = s.events();
  for (size_t i = 0; i < events.size(); ++i) {
    if (placed[events.member[i]] == kNone) continue;  // a member removed takes its events
    if (const auto [first, last] = s.EventsOf(events.member[i]); i < first || i >= last) continue;  // written anew after
    v1::MemberEvent& x = *out.add_events();
    x.set_member_id(Str(members.id[events.member[i]]));
    x.set_kind(events.kind[i]);
    SetDate(events.on[i], x.mutable_on());
    x.set_grade(events.grade[i]);
    if (const auto detail = s.notes().event_details.find(static_cast<uint32_t>(i)); detail != s.notes().event_details.end()) {
      x.set_detail(detail->second);
    }
  }
  for (const v1::MemberEvent& x : s.unplaced().events()) *out.add_events() = x;
  // References that named nothing, where they can be placed again.
  for (const DataIssue& issue : s.data_issues()) {
    if (issue.kind != DataIssue::Kind::kUnknownReference) continue;
    const absl::string_view field(issue.field.data(), issue.field.size());
    if (issue.member != kNone && placed[issue.member] != kNone && absl::StartsWith(field, "members[")) {
      v1::Member& x = *out.mutable_members(placed[issue.member]);
      if (absl::EndsWith(field, ".orgId")) x.set_org_id(issue.value);
      if (absl::EndsWith(field, ".groupId")) x.set_group_id(issue.value);
      if (absl::EndsWith(field, ".unitId")) x.set_unit_id(issue.value);
      if (absl::EndsWith(field, ".homeOrgId")) x.set_home_org_id(issue.value);
    } else if (issue.org != kNone && absl::StartsWith(field, "orgs[") && absl::StrContains(field, ".unitIds[")) {
      out.mutable_orgs(issue.org)->add_unit_ids(issue.value);
    } else if (issue.activity != kNone && absl::StartsWith(field, "activities[")) {
      v1::Activity& x = *out.mutable_activities(issue.activity);
      const size_t decision = field.find(".decisions[");
      if (decision != absl::string_view::npos && absl::StrContains(field, "].subjectMemberIds[")) {
        const int j = std::atoi(std::string(field.substr(decision + 11)).c_str());
        if (j >= 0 && j < x.decisions_size()) x.mutable_decisions(j)->add_subject_member_ids(issue.value);
      } else if (decision != absl::string_view::npos && absl::StrContains(field, "].candidateMemberIds[")) {
        const int j = std::atoi(std::string(field.substr(decision + 11)).c_str());
        if (j >= 0 && j < x.decisions_size()) x.mutable_decisions(j)->add_candidate_member_ids(issue.value);
      } else if (absl::StrContains(field, ".absentees[")) {
        x.add_absentees()->set_member_id(issue.value);
      } else if (absl::StrContains(field, ".resolutions[") || absl::StrContains(field, ".observerIds[")) {
        if (notes.contains(issue.activity)) continue;  // written as given, above
        if (absl::StrContains(field, ".resolutions[")) {
          x.add_resolutions()->set_owner_id(issue.value);
        } else {
          x.add_observer_ids(issue.value);
        }
      } else if (absl::StrContains(field, ".attendeeIds[")) x.add_attendee_ids(issue.value);
      else if (absl::StrContains(field, ".talkMemberIds[")) x.add_talk_member_ids(issue.value);
      else if (absl::EndsWith(field, ".lecturerId")) x.set_lecturer_id(issue.value);
      else if (absl::EndsWith(field, ".makeupFor")) x.set_makeup_for(issue.value);
      else if (absl::EndsWith(field, ".orgId")) x.set_org_id(issue.value);
    }
  }
  return out;
}

}  // namespace dangjian
