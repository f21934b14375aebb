#include "lib/tables/load.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>

#include "lib/model/builder.h"
#include "lib/model/input.h"
#include "lib/model/wire.h"
#include "lib/status.h"
#include "lib/strings.h"
#include "lib/worker.h"

namespace dangjian::tables {
namespace {

namespace wire = model::wire;
using std::string_view;

// How a column sets its field in the record's wire view (wire.h). What no
// rule reads (a member event's 说明, a resolution's text, an activity's
// place, topic and minutes) is kept only when the load is asked to
// (LoadLimits::keep_notes), as the stream loader keeps those fields of a
// message.
template <typename W>
struct Field {
  string_view name;  // the column's field
  void (*set)(W&, const Value&);
};

int32_t Int32(const Value& v) { return static_cast<int32_t>(v.number); }

constexpr Field<wire::Unit> kUnit[] = {
    {"id", [](wire::Unit& x, const Value& v) { x.id_ = v.text; }},
    {"name", [](wire::Unit& x, const Value& v) { x.name_ = v.text; }},
    {"staff_count", [](wire::Unit& x, const Value& v) { x.has_staff_ = true, x.staff_ = Int32(v); }},
    {"party_staff_count", [](wire::Unit& x, const Value& v) { x.has_party_ = true, x.party_ = Int32(v); }},
};
constexpr Field<wire::Org> kOrg[] = {
    {"id", [](wire::Org& x, const Value& v) { x.id_ = v.text; }},
    {"name", [](wire::Org& x, const Value& v) { x.name_ = v.text; }},
    {"kind", [](wire::Org& x, const Value& v) { x.kind_ = Int32(v); }},
    {"parent_id", [](wire::Org& x, const Value& v) { x.parent_ = v.text; }},
    {"unit_ids", [](wire::Org& x, const Value& v) { x.units_ = v.items; }},
    {"established_on", [](wire::Org& x, const Value& v) { x.established_ = v.text; }},
    {"approved_exception", [](wire::Org& x, const Value& v) { x.exception_ = v.number != 0; }},
    {"dissolved_on", [](wire::Org& x, const Value& v) { x.dissolved_ = v.text; }},
};
constexpr Field<wire::Member> kMember[] = {
    {"id", [](wire::Member& x, const Value& v) { x.id_ = v.text; }},
    {"name", [](wire::Member& x, const Value& v) { x.name_ = v.text; }},
    {"org_id", [](wire::Member& x, const Value& v) { x.org_ = v.text; }},
    {"group_id", [](wire::Member& x, const Value& v) { x.group_ = v.text; }},
    {"unit_id", [](wire::Member& x, const Value& v) { x.unit_ = v.text; }},
    {"status", [](wire::Member& x, const Value& v) { x.status_ = Int32(v); }},
    {"admitted_on", [](wire::Member& x, const Value& v) { x.admitted_ = v.text; }},
    {"full_on", [](wire::Member& x, const Value& v) { x.full_ = v.text; }},
    {"probation_extended_months", [](wire::Member& x, const Value& v) { x.extended_ = Int32(v); }},
    {"leading_cadre", [](wire::Member& x, const Value& v) { x.cadre_ = v.number != 0; }},
    {"dues_category", [](wire::Member& x, const Value& v) { x.category_ = Int32(v); }},
    {"monthly_income_cents", [](wire::Member& x, const Value& v) { x.has_income_ = true, x.income_ = v.number; }},
    {"dues_exempt_approved", [](wire::Member& x, const Value& v) { x.exempt_ = v.number != 0; }},
    {"lost_contact_since", [](wire::Member& x, const Value& v) { x.lost_ = v.text; }},
    {"home_org_id", [](wire::Member& x, const Value& v) { x.home_ = v.text; }},
};
constexpr Field<wire::Position> kPosition[] = {
    {"org_id", [](wire::Position& x, const Value& v) { x.org_ = v.text; }},
    {"member_id", [](wire::Position& x, const Value& v) { x.member_ = v.text; }},
    {"role", [](wire::Position& x, const Value& v) { x.role_ = Int32(v); }},
    {"since", [](wire::Position& x, const Value& v) { x.since_ = v.text; }},
    {"until", [](wire::Position& x, const Value& v) { x.until_ = v.text; }},
    {"approved", [](wire::Position& x, const Value& v) { x.approved_ = v.number != 0; }},
};
constexpr Field<wire::Term> kTerm[] = {
    {"org_id", [](wire::Term& x, const Value& v) { x.org_ = v.text; }},
    {"number", [](wire::Term& x, const Value& v) { x.number_ = Int32(v); }},
    {"started_on", [](wire::Term& x, const Value& v) { x.started_ = v.text; }},
    {"ended_on", [](wire::Term& x, const Value& v) { x.ended_ = v.text; }},
    {"adjust_months", [](wire::Term& x, const Value& v) { x.adjust_ = Int32(v); }},
    {"adjust_approved", [](wire::Term& x, const Value& v) { x.approved_ = v.number != 0; }},
};
constexpr Field<wire::Activity> kActivity[] = {
    {"id", [](wire::Activity& x, const Value& v) { x.id_ = v.text; }},
    {"org_id", [](wire::Activity& x, const Value& v) { x.org_ = v.text; }},
    {"kind", [](wire::Activity& x, const Value& v) { x.kind_ = Int32(v); }},
    {"held_on", [](wire::Activity& x, const Value& v) { x.held_ = v.text; }},
    {"place", [](wire::Activity& x, const Value& v) { x.place_ = v.text; }},
    {"topic", [](wire::Activity& x, const Value& v) { x.topic_ = v.text; }},
    {"tags", [](wire::Activity& x, const Value& v) { x.tags_ = v.items; }},
    {"lecturer_id", [](wire::Activity& x, const Value& v) { x.lecturer_ = v.text; }},
    {"minutes", [](wire::Activity& x, const Value& v) { x.minutes_ = v.text; }},
    {"makeup_for", [](wire::Activity& x, const Value& v) { x.makeup_ = v.text; }},
};
constexpr Field<wire::Decision> kDecision[] = {
    {"kind", [](wire::Decision& x, const Value& v) { x.kind_ = Int32(v); }},
    {"subject_member_ids", [](wire::Decision& x, const Value& v) { x.subjects_ = v.items; }},
    {"votes_for", [](wire::Decision& x, const Value& v) { x.has_for_ = true, x.for_ = Int32(v); }},
    {"votes_against", [](wire::Decision& x, const Value& v) { x.has_against_ = true, x.against_ = Int32(v); }},
    {"votes_abstain", [](wire::Decision& x, const Value& v) { x.has_abstain_ = true, x.abstain_ = Int32(v); }},
    {"seats", [](wire::Decision& x, const Value& v) { x.has_seats_ = true, x.seats_ = Int32(v); }},
    {"candidate_member_ids", [](wire::Decision& x, const Value& v) { x.candidates_ = v.items; }},
    {"candidate_votes",
     [](wire::Decision& x, const Value& v) { x.candidate_votes_.assign(v.numbers.begin(), v.numbers.end()); }},
};
constexpr Field<wire::Resolution> kResolution[] = {
    {"text", [](wire::Resolution& x, const Value& v) { x.text_ = v.text; }},
    {"owner_id", [](wire::Resolution& x, const Value& v) { x.owner_ = v.text; }},
};
constexpr Field<wire::DuesPayment> kPayment[] = {
    {"member_id", [](wire::DuesPayment& x, const Value& v) { x.member_ = v.text; }},
    {"month", [](wire::DuesPayment& x, const Value& v) { x.month_ = v.text; }},
    {"amount_cents", [](wire::DuesPayment& x, const Value& v) { x.amount_ = v.number; }},
    {"paid_on", [](wire::DuesPayment& x, const Value& v) { x.paid_on_ = v.text; }},
};
constexpr Field<wire::DuesLedger> kLedger[] = {
    {"member_id", [](wire::DuesLedger& x, const Value& v) { x.member_ = v.text; }},
    {"year", [](wire::DuesLedger& x, const Value& v) { x.year_ = Int32(v); }},
    {"paid_months", [](wire::DuesLedger& x, const Value& v) { x.months_ = static_cast<uint32_t>(v.number); }},
};
constexpr Field<wire::MemberEvent> kEvent[] = {
    {"member_id", [](wire::MemberEvent& x, const Value& v) { x.member_ = v.text; }},
    {"kind", [](wire::MemberEvent& x, const Value& v) { x.kind_ = Int32(v); }},
    {"on", [](wire::MemberEvent& x, const Value& v) { x.on_ = v.text; }},
    {"grade", [](wire::MemberEvent& x, const Value& v) { x.grade_ = Int32(v); }},
    {"detail", [](wire::MemberEvent& x, const Value& v) { x.detail_ = v.text; }},
};

// The texts of what is held until its activity is appended, copied into
// blocks that do not move.
class Kept {
 public:
  string_view operator()(string_view s) {
    if (s.empty()) return {};
    return {Together({s}), s.size()};
  }
  // `texts` kept one after the other: where the first begins.
  const char* Together(std::initializer_list<string_view> texts) {
    size_t size = 0;
    for (string_view s : texts) size += s.size();
    if (size > left_) {
      const size_t block = std::max(size, kBlock);
      blocks_.push_back(std::make_unique<char[]>(block));
      next_ = blocks_.back().get();
      left_ = block;
    }
    const char* kept = next_;
    for (string_view s : texts) {
      if (!s.empty()) std::memcpy(next_, s.data(), s.size());
      next_ += s.size();
    }
    left_ -= size;
    return kept;
  }
  void Clear() {
    blocks_.clear();
    next_ = nullptr;
    left_ = 0;
  }

 private:
  static constexpr size_t kBlock = size_t{1} << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

// For each of `n` activities, the range [start[a], start[a + 1]) of the
// places its rows take, in their order, the activity of row i being
// `activity(i)`: `put(k, i)` for row i at place k, in one pass over the rows.
template <typename ActivityOf, typename Put>
void ByActivity(size_t rows, ActivityOf activity, size_t n, std::vector<uint32_t>& start, Put put) {
  start.assign(n + 1, 0);
  for (size_t i = 0; i < rows; ++i) ++start[activity(i) + 1];
  for (size_t a = 0; a < n; ++a) start[a + 1] += start[a];
  std::vector<uint32_t> next(start.begin(), start.end() - 1);
  for (size_t i = 0; i < rows; ++i) put(next[activity(i)]++, i);
}
// The same for rows that hold their activity, the rows' order kept:
// rows[order[start[a]]] to rows[order[start[a + 1] - 1]] are activity a's.
template <typename Row>
void ByActivity(const std::vector<Row>& rows, size_t n, std::vector<uint32_t>& start, std::vector<uint32_t>& order) {
  order.resize(rows.size());
  ByActivity(rows.size(), [&](size_t i) { return rows[i].activity; }, n, start,
             [&](uint32_t k, size_t i) { order[k] = static_cast<uint32_t>(i); });
}

// What the first tables' reader has read that the reader beside it uses,
// handed over once no more can come (a table past them begun, or the
// reading ended):
// - the members' ids: the rows of the dues then name their members by
//   position, as the attendance's do, rather than by ids that a hash of
//   their own holds until the two are merged;
// - the activities' ids, which the reader beside indexes once its own rows
//   are read, while the first reads on: the build finds them indexed.
class ReadSoFar {
 public:
  // Each once: later calls change nothing.
  void GiveMembers(const Ids& ids) { Give(members_, ids); }
  void GiveActivities(const Ids& ids) { Give(activities_, ids); }
  // The reading ended: the members given, if they were not.
  void Ended(const Ids& members) {
    GiveMembers(members);
    std::lock_guard<std::mutex> lock(mu_);
    ended_ = true;
    given_.notify_all();
  }
  const Ids& Members() {
    std::unique_lock<std::mutex> lock(mu_);
    given_.wait(lock, [&] { return members_ != nullptr; });
    return *members_;
  }
  // The activities' ids given while the reading went on, or nullptr once it
  // ended without them (the build then indexes them, beside its other work).
  const Ids* ActivitiesWhileReading() {
    std::unique_lock<std::mutex> lock(mu_);
    given_.wait(lock, [&] { return activities_ != nullptr || ended_; });
    return ended_ ? nullptr : activities_;
  }

 private:
  void Give(const Ids*& what, const Ids& ids) {
    std::lock_guard<std::mutex> lock(mu_);
    if (what != nullptr) return;
    what = &ids;
    given_.notify_all();
  }

  std::mutex mu_;
  std::condition_variable given_;
  const Ids* members_ = nullptr;
  const Ids* activities_ = nullptr;
  bool ended_ = false;
};

// The rows into an Input, each record given to a RecordAppender as soon as it
// is whole. The first error of the appending is kept, and nothing more is
// appended: it is reported once every cell is read.
class InputRows : public RowSink {
 public:
  // `so_far`: given what the first tables' rows read, or waited for by
  // the rows `beside` them.
  InputRows(const LoadLimits& limits, model::Input& in, ReadSoFar& so_far, bool beside)
      : in_(in), append_(limits, in), so_far_(so_far), beside_(beside), keep_notes_(limits.keep_notes) {}
  // The activities' ids `reader` keeps, given once a table after them begins.
  void ReadBy(const TableReader& reader) { reader_activity_ids_ = &reader.activity_ids(); }

  void Begin(const Table& table, size_t rows) override {
    if (!beside_ && &table > Find("members")) so_far_.GiveMembers(in_.member_ids);  // All()'s order
    if (!beside_ && &table > Find("activities") && reader_activity_ids_) so_far_.GiveActivities(*reader_activity_ids_);
    if (table.in_activity.empty() && table.name != "activities") AppendActivities();
    table_ = &table;
    // Room for the rows of the largest tables made at once, rather than
    // grown and copied as they come.
    if (table.name == "attendance") attendance_.member.reserve(attendance_.member.size() + rows);
    if (table.name == "activities") held_.reserve(held_.size() + rows);
    if (table.name == "members") in_.member_ids.Reserve(rows);
    if (table.name == "dues") {
      model::Input::Dues::ForEachColumn([&](auto column, auto) { (in_.dues.*column).reserve(in_.dues.member.size() + rows); });
    }
    kind_ = Kind::kOther;
    if (table.name == "units") Bind(kUnit), kind_ = Kind::kUnits;
    else if (table.name == "orgs") Bind(kOrg), kind_ = Kind::kOrgs;
    else if (table.name == "members") Bind(kMember), kind_ = Kind::kMembers;
    else if (table.name == "positions") Bind(kPosition), kind_ = Kind::kPositions;
    else if (table.name == "terms") Bind(kTerm), kind_ = Kind::kTerms;
    else if (table.name == "activities") Bind(kActivity), kind_ = Kind::kActivities;
    else if (table.name == "decisions") Bind(kDecision), kind_ = Kind::kDecisions;
    else if (table.name == "resolutions") Bind(kResolution), kind_ = Kind::kResolutions;
    else if (table.name == "dues") Bind(kPayment), kind_ = Kind::kDues;
    else if (table.name == "dues_ledger") Bind(kLedger), kind_ = Kind::kLedgerRows;
    else if (table.name == "events") Bind(kEvent), kind_ = Kind::kEvents;
    else if (table.name == "attendance") field_.assign(table.columns.size(), -1), kind_ = Kind::kAttendance;  // read by Row itself
    else field_.assign(table.columns.size(), -1);
  }

  void Row(absl::Span<const Value> values, int activity) override {
    switch (kind_) {
      case Kind::kAttendance: {
        const string_view id = values[1].text;
        const int32_t position = MemberAt(id);
        attendance_.Add(static_cast<uint32_t>(activity),
                        position >= 0 ? static_cast<uint32_t>(position)
                                      : kNamed | static_cast<uint32_t>(attending_.Insert(id).first),
                        static_cast<uint8_t>(values[2].number));
        return;
      }
      case Kind::kActivities: {
        wire::Activity& x = Fill(activity_, kActivity, values);
        Held& h = held_.emplace_back();
        h.texts = kept_.Together({x.id_, x.org_, x.held_, x.lecturer_, x.makeup_});
        h.sizes[0] = x.id_.size(), h.sizes[1] = x.org_.size(), h.sizes[2] = x.held_.size();
        h.sizes[3] = x.lecturer_.size(), h.sizes[4] = x.makeup_.size();  // each within LoadLimits::max_string_bytes
        h.kind = x.kind_;
        h.given = (x.place_.empty() ? 0 : Held::kPlace) | (x.topic_.empty() ? 0 : Held::kTopic) |
                  (x.minutes_.empty() ? 0 : Held::kMinutes);
        if (keep_notes_) notes_.push_back({kept_(x.place_), kept_(x.topic_), kept_(x.minutes_)});
        h.tags_begin = static_cast<uint32_t>(tags_.size());
        for (string_view tag : x.tags_) tags_.push_back(kept_(tag));
        h.tags_end = static_cast<uint32_t>(tags_.size());
        return;
      }
      case Kind::kDecisions: {
        wire::Decision x = Fill(decision_, kDecision, values);
        for (string_view& id : x.subjects_) id = kept_(id);
        for (string_view& id : x.candidates_) id = kept_(id);
        decisions_.push_back({static_cast<uint32_t>(activity), std::move(x)});
        return;
      }
      case Kind::kResolutions: {
        const wire::Resolution& x = Fill(resolution_, kResolution, values);
        resolutions_.push_back({static_cast<uint32_t>(activity), keep_notes_ ? kept_(x.text_) : string_view(), kept_(x.owner_)});
        return;
      }
      case Kind::kUnits: return Append(Fill(unit_, kUnit, values));
      case Kind::kOrgs: return Append(Fill(org_, kOrg, values));
      case Kind::kMembers: return Append(Fill(member_, kMember, values));
      case Kind::kPositions: return Append(Fill(position_, kPosition, values));
      case Kind::kTerms: return Append(Fill(term_, kTerm, values));
      case Kind::kDues: return Append(ByPosition(Fill(payment_, kPayment, values)));
      case Kind::kLedgerRows: return Append(ByPosition(Fill(ledger_, kLedger, values)));
      case Kind::kEvents: return Append(Fill(event_, kEvent, values));
      case Kind::kOther: return;
    }
  }

  // The attendance rows `later` read, the rest of the table read beside
  // these (csv.h), taken after these.
  void TakeAttendance(InputRows& later) {
    if (members_ == nullptr) members_ = &in_.member_ids;  // the attendance's members, whichever reader read them
    attendance_.Append(std::move(later.attendance_), [&](uint32_t m) {
      return m & kNamed ? kNamed | static_cast<uint32_t>(attending_.Insert(later.attending_[m & ~kNamed]).first) : m;
    });
  }

  // Every row read: the activities held are appended, their ids those the
  // reader kept (TableReader::TakeActivityIds), whose index the build then
  // finds made; the first error of the appending.
  absl::Status End(Ids read_ids) {
    AppendActivities(&read_ids);
    return appended_;
  }

 private:
  // An activity as its row gave it, held until its parts are read, in 48
  // bytes: its texts kept one after the other, and of its place, topic and
  // minutes only whether each is given, all that a load keeps of them
  // (Store::Activities::recorded) unless it keeps notes (notes_).
  struct Held {
    enum : uint8_t { kPlace = 1, kTopic = 2, kMinutes = 4 };
    const char* texts;  // id, org_id, held_on, lecturer_id, makeup_for
    uint32_t sizes[5];
    int32_t kind;
    uint32_t tags_begin, tags_end;  // into tags_
    uint8_t given;                  // kPlace, kTopic, kMinutes
    // The texts, in their order.
    void Texts(string_view (&out)[5]) const {
      const char* at = texts;
      for (int k = 0; k < 5; ++k) out[k] = string_view(at, sizes[k]), at += sizes[k];
    }
  };
  static_assert(sizeof(Held) <= 48);
  static constexpr string_view kGiven = "given";  // a place, topic or minutes given, as the activity is appended
  static constexpr uint32_t kNamed = 0x80000000u;
  // The attendance rows, the most rows of all, held until their activities
  // are appended. A table written by activity, in the activities' order, as
  // most are, is held as its rows' members alone, each activity's a range
  // of them; and an attendance table mostly lists those who attended, the
  // others held apart.
  struct Attending {
    std::vector<uint32_t> member;  // by row: the member's position in the members, or kNamed and its index in attending_
    // While the rows come in the activities' order: start[a] is activity
    // a's first row, for the activities up to the last row's.
    std::vector<uint32_t> start;
    std::vector<uint32_t> activity;  // once a row came out of that order: each row's activity
    std::vector<std::pair<uint32_t, uint8_t>> other;  // (row, Attendance) of the rows that are not kAttended, in order

    void Add(uint32_t a, uint32_t m, uint8_t how) {
      const auto row = static_cast<uint32_t>(member.size());
      if (activity.empty() && a + 1 < start.size()) ByRow();  // before the last row's activity
      if (!activity.empty()) {
        activity.push_back(a);
      } else if (a + 1 > start.size()) {
        start.resize(a + 1, row);  // the activities up to a begin here: those before a have no rows
      }
      member.push_back(m);
      if (how != static_cast<uint8_t>(Attendance::kAttended)) other.emplace_back(row, how);
    }
    // The rows of `later`, which follow these in the table (read beside
    // them), after them, each member as `member_of` gives it.
    template <typename MemberOf>
    void Append(Attending&& later, MemberOf member_of) {
      const auto rows = static_cast<uint32_t>(member.size());
      if (later.member.empty()) return;
      // Still in the activities' order when the later rows begin at this
      // last row's activity or after it.
      const bool in_order = activity.empty() && later.activity.empty() &&
                            (start.empty() || (later.start.size() >= start.size() && later.start[start.size() - 1] == 0));
      if (in_order) {
        for (size_t a = start.size(); a < later.start.size(); ++a) start.push_back(rows + later.start[a]);
      } else {
        ByRow();
        later.ByRow();
        activity.insert(activity.end(), later.activity.begin(), later.activity.end());
      }
      member.reserve(rows + later.member.size());
      for (uint32_t m : later.member) member.push_back(member_of(m));
      for (const auto& [row, how] : later.other) other.emplace_back(rows + row, how);
      later = {};
    }

   private:
    // Each row's activity, rather than each activity's range of rows.
    void ByRow() {
      if (!activity.empty() || member.empty()) return;
      const auto rows = static_cast<uint32_t>(member.size());
      activity.resize(rows);
      for (size_t b = 0; b < start.size(); ++b) {
        std::fill(activity.begin() + start[b], activity.begin() + (b + 1 < start.size() ? start[b + 1] : rows),
                  static_cast<uint32_t>(b));
      }
      start = {};
    }
  };

  // The position among the members read of the member `id`, or -1 when no
  // member (or more than one) has it: such a row names its member by id.
  // The attendance of an activity lists its members mostly in the members'
  // order (passing over those absent), and a table by member lists each
  // member's rows together: the member found last, then the few after it,
  // are looked at before the hash. An activity's first attendee is mostly
  // one an activity of the same org named shortly before: the members found
  // lately are kept by a hash of their ids (2^kRecentBits of them), and
  // looked at next.
  static constexpr size_t kMembersAhead = 4;
  static constexpr int kRecentBits = 12;
  static size_t RecentSlot(string_view id) {
    uint64_t h = id.size();
    if (id.size() >= 8) {
      uint64_t first, last;
      std::memcpy(&first, id.data(), 8), std::memcpy(&last, id.data() + id.size() - 8, 8);
      h ^= first * 0x9E3779B97F4A7C15u ^ last;
    } else {
      for (char c : id) h = h * 131 + static_cast<unsigned char>(c);
    }
    return static_cast<size_t>((h * 0xD6E8FEB86659FD93u) >> (64 - kRecentBits));
  }
  int32_t MemberAt(string_view id) {
    if (members_ == nullptr) members_ = beside_ ? &so_far_.Members() : &in_.member_ids;
    const Ids& ids = *members_;
    const size_t n = ids.size();
    if (members_indexed_ != n) {  // indexed once, and kept for the build
      members_indexed_ = n;
      members_repeat_ = ids.Index().has_value();  // the build refuses the repeat
      last_member_ = -1;  // its id's view no longer lasts
    }
    if (members_repeat_ || n == 0) return -1;
    if (last_member_ >= 0 && SameId(last_member_id_, id)) return last_member_;
    const size_t after = std::min(n, static_cast<size_t>(last_member_ + 1) + kMembersAhead);
    for (size_t next = static_cast<size_t>(last_member_ + 1); next < after; ++next) {
      const string_view next_id = ids[next];
      if (SameId(next_id, id)) return Found(static_cast<int32_t>(next), next_id);
    }
    const int32_t recent = recent_[RecentSlot(id)];
    if (recent != kNone && SameId(ids[recent], id)) return Found(recent, ids[recent]);
    const int32_t found = ids.Find(id);
    return found == kNone ? -1 : Found(found, ids[found]);
  }
  // The member at `position`, its id `id`: the one found last.
  int32_t Found(int32_t position, string_view id) {
    last_member_id_ = id;  // while no member is added (MemberAt)
    return last_member_ = recent_[RecentSlot(id)] = position;
  }

  // A record of the dues named by its member's position when the member is
  // among those read.
  template <typename W>
  W& ByPosition(W& x) {
    const int32_t position = MemberAt(x.member_);
    if (position >= 0) x.has_index_ = true, x.index_ = position;
    return x;
  }

  // The member of an attendance row by its id.
  string_view MemberId(uint32_t member) const {
    return member & kNamed ? attending_[member & ~kNamed] : (*members_)[member];
  }
  struct Voted {
    uint32_t activity;
    wire::Decision decision;
  };
  struct Resolved {
    uint32_t activity;
    string_view text, owner;
  };

  // Each column of the table begun to its field in `fields`, by name, once a table.
  template <typename W, size_t N>
  void Bind(const Field<W> (&fields)[N]) {
    field_.assign(table_->columns.size(), -1);
    for (size_t k = 0; k < table_->columns.size(); ++k) {
      for (size_t f = 0; f < N; ++f) {
        if (fields[f].name == table_->columns[k].field) field_[k] = static_cast<int>(f);
      }
    }
  }

  // `x` emptied, then set from the row's values.
  template <typename W, size_t N>
  W& Fill(W& x, const Field<W> (&fields)[N], absl::Span<const Value> values) {
    x = W();
    for (size_t k = 0; k < values.size(); ++k) {
      if (field_[k] >= 0 && values[k].given) fields[field_[k]].set(x, values[k]);
    }
    return x;
  }

  template <typename W>
  void Append(const W& x) {
    if (appended_.ok()) appended_ = append_.Add(x);
  }

  // Each activity held, with its parts, in the order the activities came:
  // their ids `read_ids` when given for them all.
  void AppendActivities(Ids* read_ids = nullptr) {
    const size_t n = held_.size();
    if (n == 0) return;
    if (read_ids != nullptr && read_ids->size() == n && in_.activity_ids.size() == 0) {
      in_.activity_ids = std::move(*read_ids);  // the appender then does not add them again
    }
    // The attendance rows in the order of their activities: as they came,
    // or, when they came in another order, put in order in one pass over
    // them, and what is read activity by activity is then read in turn.
    const size_t rows = attendance_.member.size();
    std::vector<uint32_t> start, attending;
    std::vector<std::pair<uint32_t, uint8_t>> other;  // as Attending::other, by place
    if (attendance_.activity.empty()) {
      start = std::move(attendance_.start);
      start.resize(n + 1, static_cast<uint32_t>(rows));  // the activities after the last row's have none
      attending = std::move(attendance_.member);
      other = std::move(attendance_.other);
    } else {
      std::vector<uint8_t> how(rows, static_cast<uint8_t>(Attendance::kAttended)), how_placed(rows);
      for (const auto& [row, h] : attendance_.other) how[row] = h;
      attending.resize(rows);
      ByActivity(rows, [&](size_t i) { return attendance_.activity[i]; }, n, start, [&](uint32_t k, size_t i) {
        attending[k] = attendance_.member[i], how_placed[k] = how[i];
      });
      for (size_t k = 0; k < rows; ++k) {
        if (how_placed[k] != static_cast<uint8_t>(Attendance::kAttended)) other.emplace_back(static_cast<uint32_t>(k), how_placed[k]);
      }
    }
    attendance_ = {};
    // Room for the activities' columns and their attendees made at once,
    // rather than grown and copied as they are appended.
    model::Input::Activities& into = in_.activities;
    const auto room = [](auto& column, size_t more) { column.reserve(column.size() + more); };
    room(into.org, n), room(into.makeup_for, n), room(into.unowned_resolutions, n), room(into.kind, n);
    room(into.held_on, n), room(into.recorded, n), room(into.lecturer, n);
    room(into.attendee_offsets, n), room(into.absentee_offsets, n), room(into.decision_offsets, n);
    room(into.talk_offsets, n), room(into.tag_offsets, n);
    room(into.attendees, rows - other.size());
    wire::Activity x;
    std::vector<uint32_t> voted_start, voted, resolved_start, resolved;
    ByActivity(decisions_, n, voted_start, voted);
    ByActivity(resolutions_, n, resolved_start, resolved);
    size_t next_other = 0;  // the first of `other` at or after the activity's rows
    for (size_t a = 0; a < n && appended_.ok(); ++a) {
      const Held& h = held_[a];
      string_view texts[5];
      h.Texts(texts);
      x.id_ = texts[0], x.org_ = texts[1], x.held_ = texts[2], x.lecturer_ = texts[3], x.makeup_ = texts[4];
      if (keep_notes_) {
        x.place_ = notes_[a][0], x.topic_ = notes_[a][1], x.minutes_ = notes_[a][2];
      } else {
        x.place_ = h.given & Held::kPlace ? kGiven : string_view();
        x.topic_ = h.given & Held::kTopic ? kGiven : string_view();
        x.minutes_ = h.given & Held::kMinutes ? kGiven : string_view();
      }
      x.kind_ = h.kind;
      x.tags_.assign(tags_.begin() + h.tags_begin, tags_.begin() + h.tags_end);
      x.attendees_.clear(), x.observers_.clear(), x.talks_.clear(), x.absentees_.clear();
      x.attendee_indexes_.clear(), x.talk_indexes_.clear();
      // When each member of the activity's rows was found among the members,
      // its attendees and talks go by position, and the load need not look
      // their ids up again; otherwise all go by id, as the rows name them, so
      // that the lists keep the rows' order.
      bool by_position = true;
      for (uint32_t k = start[a]; k < start[a + 1] && by_position; ++k) by_position = !(attending[k] & kNamed);
      const bool all_attended = next_other == other.size() || other[next_other].first >= start[a + 1];
      if (by_position && all_attended) {  // as most activities' rows are: taken at once
        x.attendee_indexes_.assign(attending.begin() + start[a], attending.begin() + start[a + 1]);
      }
      for (uint32_t k = start[a]; k < start[a + 1] && !(by_position && all_attended); ++k) {
        const bool apart = next_other < other.size() && other[next_other].first == k;
        const auto how = apart ? static_cast<Attendance>(other[next_other++].second) : Attendance::kAttended;
        if (by_position && (how == Attendance::kAttended || how == Attendance::kTalkedWith)) {
          (how == Attendance::kAttended ? x.attendee_indexes_ : x.talk_indexes_).push_back(static_cast<int32_t>(attending[k]));
          continue;
        }
        const string_view member = MemberId(attending[k]);
        switch (how) {
          case Attendance::kAttended: x.attendees_.push_back(member); break;
          case Attendance::kObserver: x.observers_.push_back(member); break;
          case Attendance::kTalkedWith: x.talks_.push_back(member); break;
          case Attendance::kLeaveApproved:
          case Attendance::kUnexcused:
          case Attendance::kAbsent: {
            wire::Absentee& absent = x.absentees_.emplace_back();
            absent.member_ = member;
            absent.reason_ = how == Attendance::kLeaveApproved ? v1::Activity::Absentee::LEAVE_APPROVED
                             : how == Attendance::kUnexcused   ? v1::Activity::Absentee::UNEXCUSED
                                                               : v1::Activity::Absentee::REASON_UNSPECIFIED;
            break;
          }
        }
      }
      x.n_absentees_ = x.absentees_.size();
      x.decisions_.clear();
      for (uint32_t k = voted_start[a]; k < voted_start[a + 1]; ++k) x.decisions_.push_back(decisions_[voted[k]].decision);
      x.n_decisions_ = x.decisions_.size();
      x.resolutions_.clear();
      for (uint32_t k = resolved_start[a]; k < resolved_start[a + 1]; ++k) {
        x.resolutions_.push_back({resolutions_[resolved[k]].text, resolutions_[resolved[k]].owner});
      }
      Append(x);
    }
    held_ = {}, notes_ = {}, tags_ = {}, attendance_ = {}, decisions_ = {}, resolutions_ = {}, attending_ = Ids();
    members_indexed_ = 0, members_repeat_ = false, last_member_ = -1, last_member_id_ = {};
    std::fill(recent_.begin(), recent_.end(), kNone);
    kept_.Clear();
  }

  // The table begun, as Row goes by it.
  enum class Kind { kUnits, kOrgs, kMembers, kPositions, kTerms, kActivities, kAttendance, kDecisions, kResolutions,
                    kDues, kLedgerRows, kEvents, kOther };

  model::Input& in_;
  model::RecordAppender append_;
  ReadSoFar& so_far_;
  const bool beside_;
  const bool keep_notes_;
  const Ids* reader_activity_ids_ = nullptr;
  const Ids* members_ = nullptr;  // the members' ids rows are looked up in, once a row needs them
  Kind kind_ = Kind::kOther;
  absl::Status appended_;
  const Table* table_ = nullptr;
  std::vector<int> field_;  // by column of the table begun: its field in the table's Field list, or -1
  // The views a row fills, reused from row to row.
  wire::Unit unit_;
  wire::Org org_;
  wire::Member member_;
  wire::Position position_;
  wire::Term term_;
  wire::Activity activity_;
  wire::Decision decision_;
  wire::Resolution resolution_;
  wire::DuesPayment payment_;
  wire::DuesLedger ledger_;
  wire::MemberEvent event_;
  // The activities held, and their parts.
  Kept kept_;
  std::vector<Held> held_;
  std::vector<string_view> tags_;
  Attending attendance_;
  Ids attending_;  // the members the attendance names that are not among the members read, each once
  // How many of the members read were indexed when the attendance began:
  // their ids' own index, which the build then finds made.
  size_t members_indexed_ = 0;
  bool members_repeat_ = false;  // an id given to two of them: the rows name members by id
  int32_t last_member_ = -1;
  string_view last_member_id_;  // its id
  std::vector<int32_t> recent_ = std::vector<int32_t>(size_t{1} << kRecentBits, kNone);  // by RecentSlot
  std::vector<Voted> decisions_;
  std::vector<Resolved> resolutions_;
  // With LoadLimits::keep_notes, by activity held: its place, topic and minutes.
  std::vector<std::array<string_view, 3>> notes_;
};

}  // namespace

bool NamesMembersAlone(const Table& table) {
  return table.name == "dues" || table.name == "dues_ledger" || table.name == "events";
}

absl::StatusOr<std::shared_ptr<const Store>> LoadTables(const LoadLimits& limits,
                                                        const std::function<absl::Status(TableReader&)>& read,
                                                        const std::function<absl::Status(TableReader&)>& read_beside) {
  model::Input in, in_beside;
  ReadSoFar so_far;
  InputRows rows(limits, in, so_far, false), rows_beside(limits, in_beside, so_far, true);
  TableReader reader(limits, rows), beside(limits, rows_beside);
  rows.ReadBy(reader);
  absl::Status read_status, beside_status;
  {
    std::optional<Worker> second;
    if (read_beside) {
      second.emplace([&] {
        beside_status = read_beside(beside);
        if (!beside_status.ok()) return;
        if (const Ids* activities = so_far.ActivitiesWhileReading()) activities->Index();
      });
    }
    {
      // However the first tables' reading ends (an error, an exception), the
      // reading beside them then no longer waits for what it would give.
      struct Ended {
        ReadSoFar& so_far;
        const Ids& members;
        ~Ended() { so_far.Ended(members); }
      } ended{so_far, in.member_ids};
      read_status = read(reader);
    }
    if (second) second->Join();
  }
  // What reading the tables one after the other would have said first: the
  // first tables' error, the records past the limit before the other
  // tables' error, that error.
  if (!read_status.ok()) return read_status;
  if (reader.records() + beside.records() > limits.max_records) return TooManyRecords(limits);
  if (!beside_status.ok()) return beside_status;
  rows.TakeAttendance(rows_beside);  // the attendance's later rows, when the reader beside read them
  absl::Status status = rows.End(reader.TakeActivityIds());
  if (status.ok()) status = rows_beside.End(beside.TakeActivityIds());
  if (status.ok() && read_beside) status = model::Merge(std::move(in_beside), limits, in);
  reader.sources().Take(std::move(beside.sources()));
  if (status.ok()) {
    absl::StatusOr<std::shared_ptr<Store>> store = model::BuildStore(std::move(in));
    if (store.ok()) return std::shared_ptr<const Store>(*std::move(store));
    status = store.status();
  }
  if (absl::IsInvalidArgument(status)) return absl::InvalidArgumentError(reader.sources().Locate(ToStd(status.message())));
  return status;
}

}  // namespace dangjian::tables
