// String helpers over std::string_view.
//
// The abseil of Debian 12 keeps its own absl::string_view, distinct from
// std::string_view, so absl::StrCat and friends do not take the
// std::string_view of the public headers. These do.
#ifndef DANGJIAN_LIB_STRINGS_H_
#define DANGJIAN_LIB_STRINGS_H_

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
  out.append(std::to_string(v));
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

inline std::string_view ToStd(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace dangjian

#endif  // DANGJIAN_LIB_STRINGS_H_
