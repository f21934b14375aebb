#include "cli/split.h"

#include <cctype>
#include <cstdlib>
#include <ostream>

#include "dangjian/parts.h"

namespace dangjian::cli {

std::optional<uint64_t> ParseByteSize(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  const unsigned long long size = std::strtoull(s.c_str(), &end, 10);
  const std::string_view suffix(end);
  const int shift = suffix == "" ? 0 : suffix == "K" ? 10 : suffix == "M" ? 20 : suffix == "G" ? 30 : -1;
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0])) || shift < 0 || size < 1 ||
      size > (uint64_t{1} << 40) >> shift) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(size) << shift;
}

absl::Status Split(const std::string& source, const std::string& dir, uint64_t part_bytes, const LoadLimits& limits,
                   Lang lang, std::ostream& out, Progress& progress) {
  PartsOptions parts;
  parts.part_bytes = part_bytes;
  parts.limits = limits;
  progress.Begin([&](Progress::Clock::duration elapsed) {
    return Text("ui.progress.hierarchy", lang, {TextArg("source", source), TextArg("elapsed", Duration(elapsed))});
  });
  absl::StatusOr<size_t> written = SplitInParts(source, dir, parts, [&](size_t k, size_t n) {
    if (k + 1 == n) return;
    progress.Begin([&, done = static_cast<int64_t>(k) + 1, n = static_cast<int64_t>(n)](Progress::Clock::duration elapsed) {
      return Text("ui.progress.split", lang,
                  {TextArg("part", done + 1), TextArg("parts", n), TextArg("elapsed", Duration(elapsed))});
    });
  });
  progress.End();
  if (!written.ok()) return written.status();
  out << Text("ui.split.done", lang, {TextArg("source", source), TextArg("parts", static_cast<int64_t>(*written)),
                                      TextArg("dir", dir)})
      << "\n";
  return absl::OkStatus();
}

}  // namespace dangjian::cli
