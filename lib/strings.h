// String helpers over std::string_view.
//
// The abseil of Debian 12 keeps its own absl::string_view, distinct from
// std::string_view, so absl::StrCat and friends do not take the
// std::string_view of the public headers. These do.
#ifndef DANGJIAN_LIB_STRINGS_H_
#define DANGJIAN_LIB_STRINGS_H_

#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/string_view.h"

namespace dangjian {
namespace strings_internal {

inline void Append(std::string& out, std::string_view s) { out.append(s); }
inline void Append(std::string& out, const std::string& s) { out.append(s); }
inline void Append(std::string& out, const char* s) { out.append(s); }
inline void Append(std::string& out, absl::string_view s) { out.append(s.data(), s.size()); }
inline void Append(std::string& out, char c) { out.push_back(c); }
template <typename T, typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, char>>>
void Append(std::string& out, T v) {
  char digits[24];  // room for any 64-bit integer and its sign
  out.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
}

}  // namespace strings_internal

template <typename... Pieces>
std::string StrCat(const Pieces&... pieces) {
  std::string out;
  (strings_internal::Append(out, pieces), ...);
  return out;
}

template <typename... Pieces>
void StrAppend(std::string* out, const Pieces&... pieces) {
  (strings_internal::Append(*out, pieces), ...);
}

// Number v (0 to 99) written as two digits at `to`: "07". A date's parts,
// written digit by digit, took a division each.
inline void WriteTwoDigits(int v, char* to) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  to[0] = kPairs[2 * v], to[1] = kPairs[2 * v + 1];
}
// A year of four digits (0 to 9999) written at `to`: "2026".
inline void WriteFourDigits(int v, char* to) {
  WriteTwoDigits(v / 100, to);
  WriteTwoDigits(v % 100, to + 2);
}

inline std::string_view ToStd(absl::string_view s) { return {s.data(), s.size()}; }

// `text` with its control characters written out (\n, \x1b, \u009b): an
// error quotes the input it refuses, and a message must stay one line and
// must not drive the terminal or log it reaches. The C0 controls and DEL are
// escaped as \xNN, the C1 controls (U+0080 to U+009F, which terminals also
// obey) as \uNNNN; everything else, Chinese included, is left as it is.
inline std::string Printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7F) {
      out += {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
    } else if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
      out += {'\\', 'u', '0', '0', kHex[next >> 4], kHex[next & 0xF]};
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace dangjian

#endif  // DANGJIAN_LIB_STRINGS_H_
