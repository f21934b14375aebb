// The schema's messages read straight from their wire bytes, for the loader:
// strings are views into the bytes and nothing is allocated per string. Each
// view has the accessors of the generated message it stands for (`id()`,
// `has_member_index()`, `attendee_indexes()`…), so that one Appender serves
// both, and is reused from record to record.
//
// What the generated parser refuses is refused here too: a malformed varint
// or length, a string that is not UTF-8, nesting deeper than allowed. Unknown
// fields, and known fields of an unexpected wire type, are skipped.
#ifndef DANGJIAN_LIB_MODEL_WIRE_H_
#define DANGJIAN_LIB_MODEL_WIRE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dangjian/v1/snapshot.pb.h"

namespace dangjian::model::wire {

using sv = std::string_view;

struct Unit {
  sv id_, name_;
  bool has_staff_ = false, has_party_ = false;
  int32_t staff_ = 0, party_ = 0;
  sv id() const { return id_; }
  sv name() const { return name_; }
  bool has_staff_count() const { return has_staff_; }
  int32_t staff_count() const { return staff_; }
  bool has_party_staff_count() const { return has_party_; }
  int32_t party_staff_count() const { return party_; }
  bool Parse(sv bytes);
};

struct Org {
  sv id_, name_, parent_, established_, dissolved_;
  int32_t kind_ = 0;
  bool exception_ = false;
  std::vector<sv> units_;
  sv id() const { return id_; }
  sv name() const { return name_; }
  v1::Org::Kind kind() const { return static_cast<v1::Org::Kind>(kind_); }
  sv parent_id() const { return parent_; }
  const std::vector<sv>& unit_ids() const { return units_; }
  sv established_on() const { return established_; }
  sv dissolved_on() const { return dissolved_; }
  bool approved_exception() const { return exception_; }
  bool Parse(sv bytes);
};

struct Member {
  sv id_, name_, org_, group_, unit_, admitted_, full_, lost_, home_;
  int32_t status_ = 0, extended_ = 0, category_ = 0;
  bool cadre_ = false, exempt_ = false, has_income_ = false;
  int64_t income_ = 0;
  sv id() const { return id_; }
  sv name() const { return name_; }
  sv org_id() const { return org_; }
  sv group_id() const { return group_; }
  sv unit_id() const { return unit_; }
  v1::Member::Status status() const { return static_cast<v1::Member::Status>(status_); }
  sv admitted_on() const { return admitted_; }
  sv full_on() const { return full_; }
  int32_t probation_extended_months() const { return extended_; }
  bool leading_cadre() const { return cadre_; }
  v1::Member::DuesCategory dues_category() const { return static_cast<v1::Member::DuesCategory>(category_); }
  bool has_monthly_income_cents() const { return has_income_; }
  int64_t monthly_income_cents() const { return income_; }
  bool dues_exempt_approved() const { return exempt_; }
  sv lost_contact_since() const { return lost_; }
  sv home_org_id() const { return home_; }
  bool Parse(sv bytes);
};

struct Position {
  sv org_, member_, since_, until_;
  int32_t role_ = 0;
  bool approved_ = false;
  sv org_id() const { return org_; }
  sv member_id() const { return member_; }
  v1::Position::Role role() const { return static_cast<v1::Position::Role>(role_); }
  sv since() const { return since_; }
  sv until() const { return until_; }
  bool approved() const { return approved_; }
  bool Parse(sv bytes);
};

struct Term {
  sv org_, started_, ended_;
  int32_t number_ = 0, adjust_ = 0;
  bool approved_ = false;
  sv org_id() const { return org_; }
  int32_t number() const { return number_; }
  sv started_on() const { return started_; }
  sv ended_on() const { return ended_; }
  int32_t adjust_months() const { return adjust_; }
  bool adjust_approved() const { return approved_; }
  bool Parse(sv bytes);
};

struct Absentee {
  sv member_;
  int32_t reason_ = 0;
  bool has_index_ = false;
  int32_t index_ = 0;
  sv member_id() const { return member_; }
  v1::Activity::Absentee::Reason reason() const { return static_cast<v1::Activity::Absentee::Reason>(reason_); }
  bool has_member_index() const { return has_index_; }
  int32_t member_index() const { return index_; }
};

struct Decision {
  int32_t kind_ = 0;
  std::vector<sv> subjects_;
  bool has_for_ = false, has_against_ = false, has_abstain_ = false;
  int32_t for_ = 0, against_ = 0, abstain_ = 0;
  bool has_seats_ = false;
  int32_t seats_ = 0;
  std::vector<sv> candidates_;
  std::vector<int32_t> candidate_votes_;
  v1::Activity::Decision::Kind kind() const { return static_cast<v1::Activity::Decision::Kind>(kind_); }
  const std::vector<sv>& subject_member_ids() const { return subjects_; }
  bool has_votes_for() const { return has_for_; }
  int32_t votes_for() const { return for_; }
  bool has_votes_against() const { return has_against_; }
  int32_t votes_against() const { return against_; }
  bool has_votes_abstain() const { return has_abstain_; }
  int32_t votes_abstain() const { return abstain_; }
  bool has_seats() const { return has_seats_; }
  int32_t seats() const { return seats_; }
  const std::vector<sv>& candidate_member_ids() const { return candidates_; }
  const std::vector<int32_t>& candidate_votes() const { return candidate_votes_; }
};

struct Resolution {
  sv text_, owner_;
  sv text() const { return text_; }
  sv owner_id() const { return owner_; }
};

struct Activity {
  sv id_, org_, held_, place_, topic_, lecturer_, minutes_, makeup_;
  int32_t kind_ = 0;
  std::vector<sv> tags_, attendees_, observers_, talks_;
  std::vector<int32_t> attendee_indexes_, talk_indexes_;
  std::vector<Absentee> absentees_;
  std::vector<Decision> decisions_;
  size_t n_absentees_ = 0, n_decisions_ = 0;  // in use; the vectors keep their capacity
  std::vector<Resolution> resolutions_;
  sv id() const { return id_; }
  sv org_id() const { return org_; }
  v1::Activity::Kind kind() const { return static_cast<v1::Activity::Kind>(kind_); }
  sv held_on() const { return held_; }
  sv place() const { return place_; }
  sv topic() const { return topic_; }
  sv minutes() const { return minutes_; }
  const std::vector<sv>& tags() const { return tags_; }
  sv lecturer_id() const { return lecturer_; }
  const std::vector<sv>& attendee_ids() const { return attendees_; }
  int attendee_ids_size() const { return static_cast<int>(attendees_.size()); }
  const std::vector<int32_t>& attendee_indexes() const { return attendee_indexes_; }
  int attendee_indexes_size() const { return static_cast<int>(attendee_indexes_.size()); }
  int absentees_size() const { return static_cast<int>(n_absentees_); }
  const Absentee& absentees(int k) const { return absentees_[k]; }
  int observer_ids_size() const { return static_cast<int>(observers_.size()); }
  sv observer_ids(int k) const { return observers_[k]; }
  int decisions_size() const { return static_cast<int>(n_decisions_); }
  const Decision& decisions(int k) const { return decisions_[k]; }
  int resolutions_size() const { return static_cast<int>(resolutions_.size()); }
  const Resolution& resolutions(int k) const { return resolutions_[k]; }
  sv makeup_for() const { return makeup_; }
  const std::vector<sv>& talk_member_ids() const { return talks_; }
  const std::vector<int32_t>& talk_member_indexes() const { return talk_indexes_; }
  bool Parse(sv bytes, int depth);
};

struct DuesPayment {
  sv member_, month_, paid_on_;
  int64_t amount_ = 0;
  bool has_index_ = false;
  int32_t index_ = 0;
  sv member_id() const { return member_; }
  bool has_member_index() const { return has_index_; }
  int32_t member_index() const { return index_; }
  sv month() const { return month_; }
  int64_t amount_cents() const { return amount_; }
  sv paid_on() const { return paid_on_; }
  bool Parse(sv bytes);
};

struct DuesLedger {
  sv member_;
  int32_t year_ = 0;
  uint32_t months_ = 0;
  bool has_index_ = false;
  int32_t index_ = 0;
  sv member_id() const { return member_; }
  bool has_member_index() const { return has_index_; }
  int32_t member_index() const { return index_; }
  int32_t year() const { return year_; }
  uint32_t paid_months() const { return months_; }
  bool Parse(sv bytes);
};

struct MemberEvent {
  sv member_, on_, detail_;
  int32_t kind_ = 0, grade_ = 0;
  sv member_id() const { return member_; }
  sv detail() const { return detail_; }
  v1::MemberEvent::Kind kind() const { return static_cast<v1::MemberEvent::Kind>(kind_); }
  sv on() const { return on_; }
  v1::MemberEvent::Grade grade() const { return static_cast<v1::MemberEvent::Grade>(grade_); }
  bool Parse(sv bytes);
};

// `v` appended to `out` as a varint.
inline void PutVarint(uint64_t v, std::string& out) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>(v | 0x80));
  out.push_back(static_cast<char>(v));
}

// Calls `record(field, bytes)` for each record field (2 to 10) of a Snapshot
// message and `version(v)` for its schemaVersion; false when the bytes are
// malformed.
template <typename Record, typename Version>
bool ForEachRecord(sv snapshot, Record record, Version version);

}  // namespace dangjian::model::wire

#include "lib/model/wire_inl.h"

#endif  // DANGJIAN_LIB_MODEL_WIRE_H_
