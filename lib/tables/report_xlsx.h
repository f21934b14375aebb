// What a check, an agenda, an assessment and the statistics give, as the
// workbooks a party-affairs office works in: the 整改台账 (a row a finding,
// with empty columns for the rectification to be filled in), the 待办 list,
// the ranking with each item's deductions, and the 组织生活汇总 and 党费
// tables. Each sheet's header is bold and frozen, with a filter on every
// column; amounts are numbers in yuan, counts numbers, the rest text.
#ifndef DANGJIAN_LIB_TABLES_REPORT_XLSX_H_
#define DANGJIAN_LIB_TABLES_REPORT_XLSX_H_

#include <string>

#include "absl/status/status.h"
#include "dangjian/report.h"
#include "dangjian/store.h"
#include "dangjian/v1/report.pb.h"
#include "dangjian/v1/rubric.pb.h"

namespace dangjian::tables {

// 整改台账: 序号, 组织, 组织编码, 规则, 严重程度, 问题, 依据, 期间, 到期日,
// 党员 (the member's id), 姓名 (as `names` says), 问题编码 (the finding's key),
// then 整改措施, 责任人, 整改时限, 完成情况 left empty.
absl::Status WriteFindingsWorkbook(const v1::Report& report, const Store& store, Lang lang, MemberNames names,
                                   const std::string& path);
// 待办: 到期日, 状态, 组织, 组织编码, 规则, 事项, 期间, 应开展, 已开展, 党员, 姓名.
absl::Status WriteAgendaWorkbook(const v1::Agenda& agenda, const Store& store, Lang lang, MemberNames names,
                                 const std::string& path);
// 排名 (an org a row) and 扣分明细 (a deduction a row, with 党员 and 姓名).
absl::Status WriteAssessmentWorkbook(const v1::Assessment& assessment, const Store& store, MemberNames names,
                                     const std::string& path);
// 组织生活汇总 (an org and month a row: each kind held and owed), 党费 (an org
// and month a row) and 党员 (an org a row), the roll-ups first.
absl::Status WriteStatisticsWorkbook(const v1::Statistics& stats, const std::string& path);

}  // namespace dangjian::tables

#endif  // DANGJIAN_LIB_TABLES_REPORT_XLSX_H_
