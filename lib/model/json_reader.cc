#include "lib/model/json_reader.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "lib/strings.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace dangjian::model {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

class Reader {
 public:
  Reader(std::string_view text, int max_depth, size_t max_string, bool ignore_unknown)
      : text_(text), max_depth_(max_depth), max_string_(max_string), ignore_unknown_(ignore_unknown) {}

  absl::Status ReadTop(pb::Message& message) {
    SkipSpace();
    if (!ReadMessage(message, 0)) return error_;
    SkipSpace();
    if (pos_ != text_.size()) {
      Fail("unexpected text after the end of the document");
      return error_;
    }
    return absl::OkStatus();
  }

 private:
  // ---- paths and errors ------------------------------------------------------
  std::string Path() const {
    std::string out;
    for (const auto& part : path_) {
      if (!part.empty() && part[0] != '[' && !out.empty()) out += '.';
      out += part;
    }
    return out;
  }

  std::string Where() const {
    int line = 1, column = 1;
    for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    return StrCat(" (line ", line, ", column ", column, ")");
  }

  // Syntax errors carry the position; value errors only the path.
  bool Fail(std::string_view what, bool with_position = true) {
    std::string path = Path();
    error_ = absl::InvalidArgumentError(StrCat(path.empty() ? "" : path + ": ", what,
                                                     with_position ? Where() : ""));
    return false;
  }

  // ---- lexing ----------------------------------------------------------------
  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  bool Expect(char c, std::string_view what) {
    SkipSpace();
    if (AtEnd()) return Fail("unexpected end of input");
    if (text_[pos_] != c) return Fail(StrCat("expected ", what));
    ++pos_;
    return true;
  }

  bool ConsumeLiteral(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool ReadHex4(uint32_t& out) {
    if (pos_ + 4 > text_.size()) return Fail("unexpected end of input in a \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      out <<= 4;
      if (c >= '0' && c <= '9') out |= c - '0';
      else if (c >= 'a' && c <= 'f') out |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') out |= c - 'A' + 10;
      else return Fail("bad \\u escape");
    }
    return true;
  }

  // Length of the valid UTF-8 sequence at p, or 0.
  static size_t Utf8Length(std::string_view s, size_t p) {
    const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char c = b(p);
    size_t n;
    uint32_t min;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) { n = 2; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; min = 0x10000; }
    else return 0;
    if (p + n > s.size()) return 0;
    uint32_t cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; ++i) {
      if ((b(p + i) & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (b(p + i) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
  }

  bool ReadString(std::string& out) {
    SkipSpace();
    if (AtEnd()) return Fail("unexpected end of input");
    if (text_[pos_] != '"') return Fail("expected a string");
    ++pos_;
    out.clear();
    while (true) {
      if (AtEnd()) return Fail("unexpected end of input inside a string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (out.size() > max_string_) return Fail(StrCat("a string longer than ", max_string_, " bytes"));
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character inside a string");
      if (c != '\\') {
        const size_t n = Utf8Length(text_, pos_);
        if (n == 0) return Fail("invalid UTF-8 inside a string");
        out.append(text_.substr(pos_, n));
        pos_ += n;
        continue;
      }
      ++pos_;
      if (AtEnd()) return Fail("unexpected end of input inside a string");
      const char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp = 0;
          if (!ReadHex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (!ConsumeLiteral("\\u") || !ReadHex4(low) || low < 0xDC00 || low > 0xDFFF) {
              return Fail("unpaired surrogate in a \\u escape");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("unpaired surrogate in a \\u escape");
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return Fail("bad escape in a string");
      }
    }
  }

  // A JSON number's text, checked against the grammar.
  bool ReadNumberText(std::string_view& out) {
    const size_t start = pos_;
    if (Peek() == '-') ++pos_;
    if (Peek() == '0') {
      ++pos_;
    } else if (Peek() >= '1' && Peek() <= '9') {
      while (Peek() >= '0' && Peek() <= '9') ++pos_;
    } else {
      return Fail("expected a number");
    }
    if (Peek() == '.') {
      ++pos_;
      if (!(Peek() >= '0' && Peek() <= '9')) return Fail("malformed number");
      while (Peek() >= '0' && Peek() <= '9') ++pos_;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!(Peek() >= '0' && Peek() <= '9')) return Fail("malformed number");
      while (Peek() >= '0' && Peek() <= '9') ++pos_;
    }
    out = text_.substr(start, pos_ - start);
    return true;
  }

  // A number as its text: a JSON number, or a string holding one (protobuf's
  // mapping allows both for numeric fields).
  bool ReadNumeral(std::string& out) {
    SkipSpace();
    if (Peek() == '"') return ReadString(out);
    std::string_view digits;
    if (!ReadNumberText(digits)) return false;
    out.assign(digits);
    return true;
  }

  bool ReadInteger(int64_t min, uint64_t max, int64_t& out_signed, uint64_t& out_unsigned) {
    std::string shown;
    if (!ReadNumeral(shown)) return false;
    const std::string_view digits = shown;
    const auto not_integer = [&] { return Fail(StrCat("\"", shown, "\" is not an integer"), false); };
    const auto out_of_range = [&] { return Fail(StrCat(shown, " is out of range"), false); };
    const char* b = digits.data();
    const char* e = b + digits.size();
    if (digits.empty()) return not_integer();
    if (digits[0] == '-') {
      int64_t v;
      auto [p, ec] = std::from_chars(b, e, v);
      if (ec == std::errc() && p == e) {
        if (v < min) return out_of_range();
        out_signed = v;
        out_unsigned = 0;
        return true;
      }
    } else {
      uint64_t v;
      auto [p, ec] = std::from_chars(b, e, v);
      if (ec == std::errc() && p == e) {
        if (v > max) return out_of_range();
        out_unsigned = v;
        out_signed = static_cast<int64_t>(v);
        return true;
      }
    }
    // 1e3 or 12.0: accepted when integral, as protobuf's mapping does.
    char* end = nullptr;
    const double d = std::strtod(shown.c_str(), &end);
    if (end != shown.c_str() + shown.size() || !std::isfinite(d) || d != std::floor(d)) return not_integer();
    if (d < static_cast<double>(min) || d > static_cast<double>(max)) return out_of_range();
    out_signed = static_cast<int64_t>(d);
    out_unsigned = d < 0 ? 0 : static_cast<uint64_t>(d);
    return true;
  }

  // A floating-point field: a JSON number, or a string holding one.
  bool ReadReal(double& out) {
    std::string shown;
    if (!ReadNumeral(shown)) return false;
    char* end = nullptr;
    out = std::strtod(shown.c_str(), &end);
    if (shown.empty() || end != shown.c_str() + shown.size() || !std::isfinite(out)) {
      return Fail(StrCat("\"", shown, "\" is not a number"), false);
    }
    return true;
  }

  bool IsNull() {
    SkipSpace();
    return ConsumeLiteral("null");
  }

  // ---- values ----------------------------------------------------------------
  // By JSON name (lowerCamelCase) or by the field's own name, as protobuf's
  // mapping accepts both.
  static const FD* FindField(const pb::Descriptor* d, std::string_view key) {
    for (int i = 0; i < d->field_count(); ++i) {
      const FD* f = d->field(i);
      if (f->json_name() == key || f->name() == key) return f;
    }
    return nullptr;
  }

  bool ReadMessage(pb::Message& message, int depth) {
    if (depth > max_depth_) return Fail(StrCat("nested more than ", max_depth_, " deep"));
    if (!Expect('{', "'{'")) return false;
    const pb::Descriptor* d = message.GetDescriptor();
    std::vector<const FD*> seen;
    SkipSpace();
    if (Peek() == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      std::string key;
      if (!ReadString(key)) return false;
      const FD* field = FindField(d, key);
      path_.push_back(key);
      if (field == nullptr && !ignore_unknown_) return Fail(StrCat("unknown field in ", d->name()), false);
      if (field == nullptr) {  // ignored: read and dropped
        if (!Expect(':', "':'") || !SkipValue(depth + 1)) return false;
      } else {
        for (const FD* f : seen) {
          if (f == field) return Fail("field given twice", false);
        }
        seen.push_back(field);
        if (!Expect(':', "':'")) return false;
        if (!ReadField(message, field, depth)) return false;
      }
      path_.pop_back();
      SkipSpace();
      if (AtEnd()) return Fail("unexpected end of input");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }

  // A value of a field the schema lacks, read to its end and dropped: it must
  // still be JSON, within the limits.
  bool SkipValue(int depth) {
    if (depth > max_depth_) return Fail(StrCat("nested more than ", max_depth_, " deep"));
    SkipSpace();
    if (AtEnd()) return Fail("unexpected end of input");
    std::string ignored;
    std::string_view number;
    const char c = text_[pos_];
    if (c == '"') return ReadString(ignored);
    if (ConsumeLiteral("true") || ConsumeLiteral("false") || ConsumeLiteral("null")) return true;
    if (c != '{' && c != '[') return ReadNumberText(number);
    const char close = c == '{' ? '}' : ']';
    ++pos_;
    SkipSpace();
    if (Peek() == close) return ++pos_, true;
    while (true) {
      if (close == '}' && (!ReadString(ignored) || !Expect(':', "':'"))) return false;
      if (!SkipValue(depth + 1)) return false;
      SkipSpace();
      if (AtEnd()) return Fail("unexpected end of input");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == close) return ++pos_, true;
      return Fail(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }

  // A string field that holds an id: a platform's keys are often numbers.
  static bool IsId(const FD* field) {
    const std::string& n = field->name();
    const auto ends = [&](std::string_view suffix) {
      return n.size() >= suffix.size() && std::string_view(n).substr(n.size() - suffix.size()) == suffix;
    };
    return n == "id" || ends("_id") || ends("_ids") || n == "makeup_for";
  }

  bool ReadField(pb::Message& message, const FD* field, int depth) {
    if (IsNull()) return true;
    if (field->is_map()) return Fail("maps are not read from snapshots", false);
    if (!field->is_repeated()) return ReadValue(message, field, depth);
    if (!Expect('[', "'['")) return false;
    SkipSpace();
    if (Peek() == ']') {
      ++pos_;
      return true;
    }
    for (int i = 0;; ++i) {
      path_.back() = StrCat(field->json_name(), "[", i, "]");
      if (!ReadValue(message, field, depth)) return false;
      SkipSpace();
      if (AtEnd()) return Fail("unexpected end of input");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }

  // One value of `field` (one element when repeated), added or set.
  bool ReadValue(pb::Message& message, const FD* field, int depth) {
    const pb::Reflection* r = message.GetReflection();
    const bool rep = field->is_repeated();
    int64_t s = 0;
    uint64_t u = 0;
    switch (field->cpp_type()) {
      case FD::CPPTYPE_MESSAGE: {
        pb::Message* sub = rep ? r->AddMessage(&message, field) : r->MutableMessage(&message, field);
        return ReadMessage(*sub, depth + 1);
      }
      case FD::CPPTYPE_STRING: {
        std::string v;
        SkipSpace();
        if (IsId(field) && (Peek() == '-' || (Peek() >= '0' && Peek() <= '9'))) {  // BIGINT 12 is the id "12"
          std::string_view digits;
          if (!ReadNumberText(digits)) return false;
          if (digits.find_first_of(".eE") != std::string_view::npos) {
            return Fail(StrCat(digits, " is not an id (a string, or an integer)"), false);
          }
          v.assign(digits);
        } else if (!ReadString(v)) {
          return false;
        }
        rep ? r->AddString(&message, field, std::move(v)) : r->SetString(&message, field, std::move(v));
        return true;
      }
      case FD::CPPTYPE_BOOL: {
        SkipSpace();
        bool v;
        if (ConsumeLiteral("true")) v = true;
        else if (ConsumeLiteral("false")) v = false;
        else return Fail("expected true or false");
        rep ? r->AddBool(&message, field, v) : r->SetBool(&message, field, v);
        return true;
      }
      case FD::CPPTYPE_INT32:
        if (!ReadInteger(std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), s, u)) return false;
        rep ? r->AddInt32(&message, field, static_cast<int32_t>(s)) : r->SetInt32(&message, field, static_cast<int32_t>(s));
        return true;
      case FD::CPPTYPE_INT64:
        if (!ReadInteger(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), s, u)) return false;
        rep ? r->AddInt64(&message, field, s) : r->SetInt64(&message, field, s);
        return true;
      case FD::CPPTYPE_UINT32:
        if (!ReadInteger(0, std::numeric_limits<uint32_t>::max(), s, u)) return false;
        rep ? r->AddUInt32(&message, field, static_cast<uint32_t>(u)) : r->SetUInt32(&message, field, static_cast<uint32_t>(u));
        return true;
      case FD::CPPTYPE_UINT64:
        if (!ReadInteger(0, std::numeric_limits<uint64_t>::max(), s, u)) return false;
        rep ? r->AddUInt64(&message, field, u) : r->SetUInt64(&message, field, u);
        return true;
      case FD::CPPTYPE_DOUBLE:
      case FD::CPPTYPE_FLOAT: {
        double v;
        if (!ReadReal(v)) return false;
        if (field->cpp_type() == FD::CPPTYPE_DOUBLE) {
          rep ? r->AddDouble(&message, field, v) : r->SetDouble(&message, field, v);
        } else {
          rep ? r->AddFloat(&message, field, static_cast<float>(v)) : r->SetFloat(&message, field, static_cast<float>(v));
        }
        return true;
      }
      case FD::CPPTYPE_ENUM:
        return ReadEnum(message, field);
      default:
        return Fail("a field type the schema does not use", false);
    }
  }

  bool ReadEnum(pb::Message& message, const FD* field) {
    const pb::EnumDescriptor* e = field->enum_type();
    const pb::EnumValueDescriptor* value = nullptr;
    SkipSpace();
    const std::string type_name = StrCat(e->containing_type() ? e->containing_type()->name() + "." : "", e->name());
    if (Peek() == '"') {
      std::string name;
      if (!ReadString(name)) return false;
      value = e->FindValueByName(name);
      if (value == nullptr || value->number() == 0) {
        std::vector<std::string> names;
        for (int i = 1; i < e->value_count(); ++i) names.push_back(e->value(i)->name());
        return Fail(StrCat("unknown ", type_name, " \"", name, "\" (one of ",
                                 absl::StrJoin(names, ", "), ")"), false);
      }
    } else {
      int64_t s = 0;
      uint64_t u = 0;
      if (!ReadInteger(std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), s, u)) return false;
      value = e->FindValueByNumber(static_cast<int>(s));
      if (value == nullptr) return Fail(StrCat("unknown ", type_name, " ", s), false);
    }
    const pb::Reflection* r = message.GetReflection();
    field->is_repeated() ? r->AddEnum(&message, field, value) : r->SetEnum(&message, field, value);
    return true;
  }

  std::string_view text_;
  const int max_depth_;
  const size_t max_string_;
  const bool ignore_unknown_;
  size_t pos_ = 0;
  std::vector<std::string> path_;
  absl::Status error_;
};

}  // namespace

absl::Status ReadJson(std::string_view json, google::protobuf::Message& message, int max_depth, size_t max_string,
                      bool ignore_unknown_fields) {
  return Reader(json, max_depth, max_string, ignore_unknown_fields).ReadTop(message);
}

}  // namespace dangjian::model
