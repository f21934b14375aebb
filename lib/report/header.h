// What the header of a report or an agenda states about what was checked, so
// that its totals never read like those of a full check: the scope by name,
// and the rules asked for.
#ifndef DANGJIAN_LIB_REPORT_HEADER_H_
#define DANGJIAN_LIB_REPORT_HEADER_H_

#include <string>
#include <string_view>

#include "dangjian/report.h"
#include "lib/model/store.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace dangjian::report {

// "范围 市公安局机关党委 [c-gaj]", "scope everything".
std::string ScopeLabel(const Store& store, std::string_view scope, Lang lang);
// The org's name and those above it, from the root down:
// "市教育局机关党委 › 教研室党支部" (an org without a name: its id); "" for kNone.
std::string OrgPath(const Store& store, OrgIndex o);
// The name of the member with `member_id`, masked or not; "" when the
// snapshot gives none or names no such member.
std::string MemberName(const Store& store, std::string_view member_id, MemberNames names);
// A member as a page names them: "叶平丽 [m0001]", or the id alone.
std::string MemberLabel(const Store& store, std::string_view member_id, MemberNames names);
// "规则 setup, term"; "" when every rule was checked, which a header leaves unsaid.
std::string RulesLabel(const google::protobuf::RepeatedPtrField<std::string>& rules, Lang lang);

}  // namespace dangjian::report

#endif  // DANGJIAN_LIB_REPORT_HEADER_H_
