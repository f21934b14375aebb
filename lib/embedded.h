// Files compiled into the library at build time (data/profiles, data/examples).
#ifndef DANGJIAN_LIB_EMBEDDED_H_
#define DANGJIAN_LIB_EMBEDDED_H_

#include <cstddef>
#include <string_view>

namespace dangjian::embedded {

struct EmbeddedFile {
  std::string_view stem;     // file name without directory or extension
  std::string_view content;
};

extern const EmbeddedFile kProfiles[];
extern const size_t kProfilesCount;
extern const EmbeddedFile kExamples[];
extern const size_t kExamplesCount;
extern const EmbeddedFile kRubrics[];
extern const size_t kRubricsCount;
// The report page's script and stylesheet (lib/report/page_script.js, page_style.css).
extern const EmbeddedFile kPage[];
extern const size_t kPageCount;

}  // namespace dangjian::embedded

#endif  // DANGJIAN_LIB_EMBEDDED_H_
