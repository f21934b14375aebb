#include "lib/model/wire.h"

#include <algorithm>
#include <cstring>

namespace dangjian::model::wire {
namespace {

// Well-formed UTF-8, as the generated parser requires of a string field.
bool Utf8(sv s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    uint64_t eight;
    if (end - p >= 8 && (std::memcpy(&eight, p, 8), (eight & 0x8080808080808080u) == 0)) {  // ASCII
      p += 8;
      continue;
    }
    const uint8_t b = *p;
    if (b < 0x80) {
      ++p;
      continue;
    }
    // Three bytes whose lead allows no overlong form and no surrogate (most
    // of CJK, U+1000–U+CFFF and U+E000–U+FFFF): any two continuation bytes.
    if (((b >= 0xE1 && b <= 0xEC) || b >= 0xEE) && b <= 0xEF && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
        (p[2] & 0xC0) == 0x80) {
      p += 3;
      continue;
    }
    int n;
    uint32_t cp;
    if ((b & 0xE0) == 0xC0) n = 1, cp = b & 0x1F;
    else if ((b & 0xF0) == 0xE0) n = 2, cp = b & 0x0F;
    else if ((b & 0xF8) == 0xF0) n = 3, cp = b & 0x07;
    else return false;
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    p += n + 1;
  }
  return true;
}

// The fields of one message: `on(field, type, cursor)` reads a field it knows
// (and returns false on malformed bytes) or returns `kUnknown` to skip it.
enum Result { kBad, kRead, kUnknown };

template <typename On>
bool Fields(sv bytes, On on) {
  Cursor c(bytes);
  uint32_t field, type;
  while (!c.done()) {
    if (!c.Tag(field, type)) return false;
    const Result r = on(field, type, c);
    if (r == kBad || (r == kUnknown && !c.Skip(field, type))) return false;
  }
  return true;
}

// Readers of one field of each kind: kUnknown when the wire type is not the
// field's (the generated parser keeps such a field as unknown).
Result String(uint32_t type, Cursor& c, sv& out) {
  if (type != kLength) return kUnknown;
  return c.Bytes(out) && Utf8(out) ? kRead : kBad;
}
Result Strings(uint32_t type, Cursor& c, std::vector<sv>& out) {
  sv s;
  const Result r = String(type, c, s);
  if (r == kRead) out.push_back(s);
  return r;
}
template <typename T>
Result Int(uint32_t type, Cursor& c, T& out) {
  if (type != kVarint) return kUnknown;
  uint64_t v;
  if (!c.Varint(v)) return kBad;
  out = static_cast<T>(v);
  return kRead;
}
template <typename T>
Result Int(uint32_t type, Cursor& c, T& out, bool& has) {
  const Result r = Int(type, c, out);
  if (r == kRead) has = true;
  return r;
}
Result Bool(uint32_t type, Cursor& c, bool& out) {
  uint64_t v = 0;
  const Result r = Int(type, c, v);
  out = v != 0;
  return r;
}
// A repeated int32, packed or not.
Result Ints(uint32_t type, Cursor& c, std::vector<int32_t>& out) {
  if (type == kVarint) {
    uint64_t v;
    if (!c.Varint(v)) return kBad;
    out.push_back(static_cast<int32_t>(v));
    return kRead;
  }
  if (type != kLength) return kUnknown;
  sv packed;
  if (!c.Bytes(packed)) return kBad;
  if (out.capacity() - out.size() < packed.size()) {  // a byte at least for each
    out.reserve(std::max(2 * out.capacity(), out.size() + packed.size()));
  }
  Cursor p(packed);
  while (!p.done()) {
    uint64_t v;
    if (!p.Varint(v)) return kBad;
    out.push_back(static_cast<int32_t>(v));
  }
  return kRead;
}

}  // namespace

bool Unit::Parse(sv bytes) {
  *this = Unit();
  return Fields(bytes, [&](uint32_t f, uint32_t t, Cursor& c) {
    switch (f) {
      case 1: return String(t, c, id_);
      case 2: return String(t, c, name_);
      case 3: return Int(t, c, staff_, has_staff_);
      case 4: return Int(t, c, party_, has_party_);
      default: return kUnknown;
    }
  });
}

bool Org::Parse(sv bytes) {
  std::vector<sv> units = std::move(units_);
  *this = Org();
  units.clear();
  units_ = std::move(units);
  return Fields(bytes, [&](uint32_t f, uint32_t t, Cursor& c) {
    switch (f) {
      case 1: return String(t, c, id_);
      case 2: return String(t, c, name_);
      case 3: return Int(t, c, kind_);
      case 4: return String(t, c, parent_);
      case 5: return Strings(t, c, units_);
      case 6: return String(t, c, established_);
      case 7: return Bool(t, c, exception_);
      case 8: return String(t, c, dissolved_);
      default: return kUnknown;
    }
  });
}

bool Member::Parse(sv bytes) {
  *this = Member();
  return Fields(bytes, [&](uint32_t f, uint32_t t, Cursor& c) {
    switch (f) {
      case 1: return String(t, c, id_);
      case 2: return String(t, c, name_);
      case 3: return String(t, c, org_);
      case 4: return String(t, c, group_);
      case 5: return String(t, c, unit_);
      case 6: return Int(t, c, status_);
      case 7: return String(t, c, admitted_);
      case 8: return String(t, c, full_);
      case 9: return Int(t, c, extended_);
      case 10: return Bool(t, c, cadre_);
      case 11: return Int(t, c, category_);
      case 12: return Int(t, c, income_, has_income_);
      case 13: return Bool(t, c, exempt_);
      case 14: return String(t, c, lost_);
      case 15: return String(t, c, home_);
      default: return kUnknown;
    }
  });
}

bool Position::Parse(sv bytes) {
  *this = Position();
  return Fields(bytes, [&](uint32_t f, uint32_t t, Cursor& c) {
    switch (f) {
      case 1: return String(t, c, org_);
      case 2: return String(t, c, member_);
      case 3: return Int(t, c, role_);
      case 4: return String(t, c, since_);
      case 5: return String(t, c, until_);
      case 6: return Bool(t, c, approved_);
      default: return kUnknown;
    }
  });
}

bool Term::Parse(sv bytes) {
  *this = Term();
  return Fields(bytes, [&](uint32_t f, uint32_t t, Cursor& c) {
    switch (f) {
      case 1: return String(t, c, org_);
      case 2: return Int(t, c, number_);
      case 3: return String(t, c, started_);
      case 4: return String(t, c, ended_);
      case 5: return Int(t, c, adjust_);
      case 6: return Bool(t, c, approved_);
      default: return kUnknown;
    }
  });
}

bool Activity::Parse(sv bytes, int depth) {
  id_ = org_ = held_ = place_ = topic_ = lecturer_ = minutes_ = makeup_ = sv();
  kind_ = 0;
  for (auto* list : {&tags_, &attendees_, &observers_, &talks_}) list->clear();
  attendee_indexes_.clear();
  talk_indexes_.clear();
  resolutions_.clear();
  n_absentees_ = n_decisions_ = 0;
  // Nested records (absences, decisions, resolutions) are one level deeper.
  const auto nested = [&](uint32_t t, Cursor& c, sv& body) {
    if (t != kLength) return kUnknown;
    return c.Bytes(body) && depth >= 1 ? kRead : kBad;
  };
  return Fields(bytes, [&](uint32_t f, uint32_t t, Cursor& c) -> Result {
    switch (f) {
      case 1: return String(t, c, id_);
      case 2: return String(t, c, org_);
      case 3: return Int(t, c, kind_);
      case 4: return String(t, c, held_);
      case 5: return String(t, c, place_);
      case 6: return String(t, c, topic_);
      case 7: return Strings(t, c, tags_);
      case 8: return String(t, c, lecturer_);
      case 9: return Strings(t, c, attendees_);
      case 10: {
        sv body;
        const Result r = nested(t, c, body);
        if (r != kRead) return r;
        if (n_absentees_ == absentees_.size()) absentees_.emplace_back();
        Absentee& a = absentees_[n_absentees_++];
        a = Absentee();
        return Fields(body, [&](uint32_t g, uint32_t u, Cursor& d) {
          switch (g) {
            case 1: return String(u, d, a.member_);
            case 2: return Int(u, d, a.reason_);
            case 3: return Int(u, d, a.index_, a.has_index_);
            default: return kUnknown;
          }
        }) ? kRead : kBad;
      }
      case 11: return Strings(t, c, observers_);
      case 12: return String(t, c, minutes_);
      case 13: {
        sv body;
        const Result r = nested(t, c, body);
        if (r != kRead) return r;
        if (n_decisions_ == decisions_.size()) decisions_.emplace_back();
        Decision& d = decisions_[n_decisions_++];
        std::vector<sv> subjects = std::move(d.subjects_), candidates = std::move(d.candidates_);
        std::vector<int32_t> votes = std::move(d.candidate_votes_);
        d = Decision();
        subjects.clear(), candidates.clear(), votes.clear();
        d.subjects_ = std::move(subjects);
        d.candidates_ = std::move(candidates);
        d.candidate_votes_ = std::move(votes);
        return Fields(body, [&](uint32_t g, uint32_t u, Cursor& e) {
          switch (g) {
            case 1: return Int(u, e, d.kind_);
            case 2: return Strings(u, e, d.subjects_);
            case 3: return Int(u, e, d.for_, d.has_for_);
            case 4: return Int(u, e, d.against_, d.has_against_);
            case 5: return Int(u, e, d.abstain_, d.has_abstain_);
            case 6: return Int(u, e, d.seats_, d.has_seats_);
            case 7: return Strings(u, e, d.candidates_);
            case 8: return Ints(u, e, d.candidate_votes_);
            default: return kUnknown;
          }
        }) ? kRead : kBad;
      }
      case 14: {
        sv body;
        const Result r = nested(t, c, body);
        if (r != kRead) return r;
        Resolution& x = resolutions_.emplace_back();
        return Fields(body, [&](uint32_t g, uint32_t u, Cursor& e) {
          switch (g) {
            case 1: return String(u, e, x.text_);
            case 2: return String(u, e, x.owner_);
            default: return kUnknown;
          }
        }) ? kRead : kBad;
      }
      case 15: return String(t, c, makeup_);
      case 16: return Strings(t, c, talks_);
      case 17: return Ints(t, c, attendee_indexes_);
      case 18: return Ints(t, c, talk_indexes_);
      default: return kUnknown;
    }
  });
}

bool DuesPayment::Parse(sv bytes) {
  *this = DuesPayment();
  return Fields(bytes, [&](uint32_t f, uint32_t t, Cursor& c) {
    switch (f) {
      case 1: return String(t, c, member_);
      case 2: return String(t, c, month_);
      case 3: return Int(t, c, amount_);
      case 4: return String(t, c, paid_on_);
      case 5: return Int(t, c, index_, has_index_);
      default: return kUnknown;
    }
  });
}

bool DuesLedger::Parse(sv bytes) {
  *this = DuesLedger();
  return Fields(bytes, [&](uint32_t f, uint32_t t, Cursor& c) {
    switch (f) {
      case 1: return String(t, c, member_);
      case 2: return Int(t, c, year_);
      case 3: return Int(t, c, months_);
      case 4: return Int(t, c, index_, has_index_);
      default: return kUnknown;
    }
  });
}

bool MemberEvent::Parse(sv bytes) {
  *this = MemberEvent();
  return Fields(bytes, [&](uint32_t f, uint32_t t, Cursor& c) {
    switch (f) {
      case 1: return String(t, c, member_);
      case 2: return Int(t, c, kind_);
      case 3: return String(t, c, on_);
      case 4: return Int(t, c, grade_);
      case 5: return String(t, c, detail_);
      default: return kUnknown;
    }
  });
}

}  // namespace dangjian::model::wire
