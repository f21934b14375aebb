#include "lib/report/messages.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>

#include "dangjian/dues.h"

#include "lib/strings.h"
#include "lib/tables/tables.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "dangjian/v1/policy.pb.h"
#include "google/protobuf/descriptor.h"

namespace dangjian::report {
namespace {

struct Message {
  std::string_view key, zh, en;
};

constexpr Message kMessages[] = {
    // The rules' messages, from the rule list.
#define DJ_MESSAGE(enumerator, key, zh, en) {key, zh, en},
#define DJ_OBLIGATION_MESSAGE(key, zh, en) {key, zh, en},
#include "lib/rules/catalogue.inc"

    // What a person reads beside the findings: the lines of a report, an
    // agenda and an assessment, and the command's explanation of a rule.
    {"ui.as_of", "截至 {asOf}", "as of {asOf}"},
    {"ui.profile", "规范 {profile}", "profile {profile}"},
    {"ui.member", "党员 {member}", "member {member}"},
    {"ui.unit", "单位 {unit}", "unit {unit}"},
    {"ui.due", "到期 {dueOn}", "due {dueOn}"},
    {"ui.report.title", "党建合规检查", "Compliance check"},
    {"ui.report.scope", "范围 {scope}", "scope {scope}"},
    {"ui.report.everything", "全部", "everything"},
    {"ui.report.total", "共 {total}", "total {total}"},
    {"ui.report.no_org", "其他", "other"},  // the heading of findings about no org
    {"ui.report.citation", "依据 {citation}", "source {citation}"},
    {"ui.report.no_findings", "未发现问题。", "No findings."},
    {"ui.agenda.title", "待办事项", "Agenda"},
    {"ui.agenda.horizon", "未来{days}天", "next {days} days"},
    {"ui.agenda.overdue", "(已逾期)", "(overdue)"},
    {"ui.agenda.nothing_due", "没有到期事项。", "Nothing due."},
    {"ui.assess.title", "考核 {rubric}", "Assessment {rubric}"},
    {"ui.assess.model", "模型 {model}", "model {model}"},
    {"ui.assess.units", "单位", "unit"},  // the heading of units ranked, as an org kind heads its orgs
    {"ui.assess.columns", "名次  得分  综合  档次", "rank  score  composite  tier"},
    {"ui.assess.bottom", "(排名靠后)", "(bottom)"},
    {"ui.assess.bottom_two_years", "(连续两年排名靠后)", "(bottom two years running)"},
    {"ui.assess.points_lost", "扣分明细", "Points lost"},
    {"ui.assess.unscored", "(未评分)", "(no score given)"},
    {"ui.explain.severity", "严重程度:{severity}", "severity: {severity}"},
    {"ui.explain.subject", "对象:{subject}", "subject: {subject}"},
    {"ui.explain.source", "依据:{citation}", "source: {citation}"},
    {"ui.explain.profiles", "各规范中的设置:", "in each profile:"},
    {"ui.explain.off", "关闭", "off"},
    {"ui.explain.no_obligation", "(本规范没有这项义务,不检查)", "(no obligation: nothing to check)"},
    {"ui.subject.org", "组织", "org"},
    {"ui.subject.member", "党员", "member"},
    {"ui.subject.activity", "活动", "activity"},
    {"ui.subject.unit", "单位", "unit"},
    {"ui.subject.either", "{one}或{other}", "{one} or {other}"},
    // Not yet translated: printed in English in either language, as they always were.
    {"ui.parts.header", "== {source}: part {part} of {parts}, messages {first}–{last} ==",
     "== {source}: part {part} of {parts}, messages {first}–{last} =="},
    {"ui.profiles.extends", "(extends {profile})", "(extends {profile})"},
    {"ui.test.failed", "FAIL {case}: {problems}", "FAIL {case}: {problems}"},
    {"ui.test.summary", "{passed} passed, {failed} failed", "{passed} passed, {failed} failed"},

    // The report pages (--format html).
    {"ui.html.severity", "严重程度", "Severity"},
    {"ui.html.family", "类别", "Family"},
    {"ui.html.rule", "规则", "Rule"},
    {"ui.html.all", "全部", "All"},
    {"ui.html.search", "搜索组织、问题、党员…", "Search orgs, messages, members…"},
    {"ui.html.expand_all", "全部展开", "Expand all"},
    {"ui.html.collapse_all", "全部折叠", "Collapse all"},
    {"ui.html.expand", "展开", "Expand"},
    {"ui.html.collapse", "折叠", "Collapse"},
    {"ui.html.shown", "显示 {shown} / {total} 条", "{shown} of {total} shown"},
    {"ui.html.by_severity", "按严重程度", "By severity"},
    {"ui.html.by_family", "按类别", "By family"},
    {"ui.html.top_rules", "问题最多的规则", "Rules most often broken"},
    {"ui.html.clean_share", "各党委(总支)所属组织无违规占比", "Orgs without a violation, by committee"},
    {"ui.html.ranking", "排名", "Ranking"},
    {"ui.html.none", "没有符合条件的条目。", "Nothing matches."},
    {"ui.html.score_line", "得分 {score} · 第 {rank}/{peers} 名 · {tier}", "score {score} · rank {rank} of {peers} · {tier}"},
    {"ui.html.col.severity", "严重程度", "Severity"},
    {"ui.html.col.message", "问题", "Finding"},
    {"ui.html.col.subject", "对象与期间", "Subject and period"},
    {"ui.html.col.rule", "规则", "Rule"},
    {"ui.html.col.source", "依据", "Source"},
    {"ui.html.col.due", "到期日", "Due"},
    {"ui.html.col.item", "考核项目", "Item"},
    {"ui.html.col.points", "扣分", "Points"},
    {"ui.html.col.rank", "名次", "Rank"},
    {"ui.html.col.org", "组织", "Org"},
    {"ui.html.col.score", "得分", "Score"},
    {"ui.html.col.composite", "综合得分", "Composite"},
    {"ui.html.col.tier", "档次", "Tier"},
    {"ui.html.family.structure", "组织体系", "structure"},
    {"ui.html.family.data", "数据", "data"},
    {"ui.html.family.setup", "组织设置", "setup"},
    {"ui.html.family.term", "换届", "terms"},
    {"ui.html.family.life", "组织生活", "organizational life"},
    {"ui.html.family.member", "党员管理", "members"},
    {"ui.html.family.local", "本地规则", "local rules"},
    {"ui.html.stats.window", "统计期间 {from} 至 {asOf}", "from {from} to {asOf}"},
    {"ui.html.stats.members", "党员", "Members"},
    {"ui.html.stats.members_line", "正式党员 {full} · 预备党员 {probationary} · 失联 {lost}",
     "full {full} · probationary {probationary} · out of contact {lost}"},
    {"ui.html.stats.held_owed", "会议开展/应开展(次)", "Meetings held / owed"},
    {"ui.html.stats.periods", "达标期数/应达标期数", "Periods met / due"},
    {"ui.html.stats.dues", "党费(人次)", "Dues (member-months)"},
    {"ui.html.stats.by_month", "按月明细", "By month"},
    {"ui.html.stats.held", "开展", "held"},
    {"ui.html.stats.owed", "应开展", "owed"},
    {"ui.html.stats.met", "达标", "met"},
    {"ui.html.stats.due", "应达标", "due"},
    {"ui.html.stats.full", "正式党员", "Full members"},
    {"ui.html.stats.probationary", "预备党员", "Probationary"},
    {"ui.html.stats.lost", "失联", "Out of contact"},
    {"ui.html.stats.paid", "已交", "paid"},
    {"ui.html.stats.owing", "应交", "owing"},
    {"ui.html.stats.unpaid", "未交", "unpaid"},
    {"ui.html.stats.paid_yuan", "已交金额(元)", "paid (yuan)"},
    {"ui.html.stats.unpaid_yuan", "未交金额(元)", "unpaid (yuan)"},
    {"ui.html.stats.dues_cell", "已交 {paidYuan} 元,未交 {unpaidYuan} 元", "paid {paidYuan} yuan, unpaid {unpaidYuan} yuan"},
    {"ui.html.stats.col.item", "项目", "Item"},
    {"ui.html.stats.col.count", "开展/应开展(党费:已交/应交人次)", "Held / owed (dues: paid / owing)"},
    {"ui.html.stats.col.detail", "达标期数/应达标期数(党费:金额)", "Periods met / due (dues: amounts)"},

    // The statistics (组织生活汇总, 党费): headings and a month's dues.
    {"ui.stats.title", "组织生活与党费统计", "Organizational life and dues"},
    {"ui.stats.total", "合计", "Total"},
    {"ui.stats.month", "月份", "month"},
    {"ui.stats.dues", "党费", "dues"},
    {"ui.stats.members", "组织 {orgs} 个  正式党员 {full}  预备党员 {probationary}  失联 {lost}",
     "{orgs} orgs  {full} full  {probationary} probationary  {lost} out of contact"},
    {"ui.stats.dues_line", "已交 {paid}/{owing} 人 {paidYuan} 元,未交 {unpaid} 人 {unpaidYuan} 元",
     "paid {paid}/{owing} members {paidYuan} yuan, unpaid {unpaid} members {unpaidYuan} yuan"},
    {"ui.stats.held_owed", "(开展/应开展)", "(held/owed)"},

    // What the header states beside the scope when not every rule was checked.
    {"ui.report.rules", "规则 {rules}", "rules {rules}"},

    // The progress line of a long load, check or check in parts, on a terminal.
    {"ui.progress.loading", "正在读取 {source}({size})… {elapsed}", "loading {source} ({size})… {elapsed}"},
    {"ui.progress.reading", "正在读取 {source}:{read} / {size}({percent}%)… 已用 {elapsed},约剩 {left}",
     "loading {source}: {read} of {size} ({percent}%)… {elapsed} so far, about {left} left"},
    {"ui.progress.indexing", "正在整理 {source} 的数据… {elapsed}", "indexing {source}… {elapsed}"},
    {"ui.progress.checking", "正在检查… {elapsed}", "checking… {elapsed}"},
    {"ui.progress.hierarchy", "正在读取 {source} 的组织层级… {elapsed}", "reading the hierarchy of {source}… {elapsed}"},
    {"ui.progress.part", "第{part}部分,共{parts}部分… 已用 {elapsed},约剩 {left}",
     "part {part} of {parts}… {elapsed} so far, about {left} left"},
    {"ui.progress.split", "正在写出第{part}部分,共{parts}部分… 已用 {elapsed}",
     "writing part {part} of {parts}… {elapsed} so far"},
    // dangjian split, done.
    {"ui.split.done", "{source} 已分为{parts}部分,写入 {dir}", "{source}: {parts} parts written to {dir}"},

    // explain: a profile's parameters in words, the field a profile sets after them.
    {"ui.param.setup.branch_min", "成立党支部须{basis}{bound}", "a branch needs {bound} {basis}"},
    {"ui.param.setup.branch_max", "党支部{basis}一般{bound}", "a branch generally has {bound} {basis}"},
    {"ui.param.setup.general_branch_min", "设立党总支须所辖{basis}{bound}", "a general branch needs {bound} {basis} in its subtree"},
    {"ui.param.setup.committee_min", "设立机关党委须所辖{basis}{bound}", "a committee needs {bound} {basis} in its subtree"},
    {"ui.param.setup.branch_committee_at", "{basis}{bound}的党支部设支部委员会", "a branch of {bound} {basis} has a branch committee"},
    {"ui.param.setup.committee_size_min", "支部委员会至少{value}人", "a branch committee has at least {value} members"},
    {"ui.param.setup.committee_size_usual_max", "支部委员会一般不超过{value}人", "a branch committee usually has at most {value} members"},
    {"ui.param.setup.committee_size_max", "支部委员会最多{value}人", "a branch committee has at most {value} members"},
    {"ui.param.setup.joint_branch_max_units", "联合党支部覆盖的单位一般不超过{value}个", "a joint branch generally covers at most {value} units"},
    {"ui.param.setup.party_staff_min_permille", "专职党务工作人员不少于机关工作人员的{share}",
     "full-time party staff are at least {share} of the organ's staff"},
    {"ui.param.terms.lengths", "任期:{lengths}", "terms: {lengths}"},
    {"ui.param.term_length", "{kind}{duration}", "{kind} {duration}"},
    {"ui.param.years", "{years}年", "{years} years"},
    {"ui.param.months", "{months}个月", "{months} months"},
    {"ui.param.terms.adjustment_limit_months", "届期延期或提前不超过{value}个月", "a term is moved by at most {value} months"},
    {"ui.param.terms.early_election_grace_months", "届满前{value}个月内换届无须批准",
     "an election within {value} months of the due date needs no approval"},
    {"ui.param.terms.reminder_months", "届满前{months}个月提醒", "reminders {months} months before the due date"},
    {"ui.param.life.committee_quorum_percent", "支委会须超过{value}%的委员到会",
     "a committee meeting needs more than {value}% of the committee present"},
    {"ui.param.life.election_quorum_percent", "选举须超过{value}%的正式党员到会",
     "an election needs more than {value}% of the full members present"},
    {"ui.param.life.makeup_days", "缺席者须在{value}天内补课", "the absent make up within {value} days"},
    {"ui.param.members.dues_run_months", "连续{value}个月不交纳党费", "{value} consecutive months without dues"},
    {"ui.param.members.dues_arrears_months", "连续{value}个月未交纳党费即预警", "a warning after {value} consecutive months without dues"},
    {"ui.param.members.org_life_run_months", "连续{value}个月不参加组织生活", "{value} consecutive months absent from organizational life"},
    {"ui.param.members.left_locality_months", "外出满{value}个月须转接组织关系",
     "away {value} months or more: the membership is transferred"},
    {"ui.param.members.unit_changed_months", "调到本支部以外的单位满{value}个月须转接组织关系",
     "moved to a unit outside the branch {value} months or more: the membership is transferred"},
    {"ui.param.members.probation_months", "预备期{value}个月", "probation of {value} months"},
    {"ui.param.members.probation_extension_limit_months", "预备期最多延长{value}个月", "probation extended by at most {value} months"},
    {"ui.param.members.probation_notice_days", "预备期满前{value}天提醒", "a reminder {value} days before probation ends"},
    {"ui.param.members.talk_days", "须在{value}天内谈心谈话", "a talk within {value} days"},
    {"ui.param.members.lost_contact_months", "失联满{value}个月", "out of contact {value} months or more"},
    {"ui.param.members.unqualified_handling_days", "评议为不合格党员后{value}天内作出组织处置",
     "a member graded unqualified is handled within {value} days"},
    {"ui.param.obligation", "{holders}:每{period}{activity}{window}不少于{atLeast}次",
     "{holders}: at least {atLeast} {activity}{window} a {period}"},
    {"ui.param.obligation.personal", "{holders}:{performers}每{period}讲{activity}{window}不少于{atLeast}次",
     "{holders}: each {performers} gives at least {atLeast} {activity}{window} a {period}"},
    {"ui.param.with_committee", "设支部委员会的{kinds}", "{kinds} with a branch committee"},
    {"ui.param.preferred_months", ",一般安排在{months}月", ", preferably in months {months}"},
    {"ui.param.disabled", "(已停用)", " (disabled)"},
    {"ui.param.period.month", "月", "month"},
    {"ui.param.period.quarter", "季度", "quarter"},
    {"ui.param.period.half_year", "半年", "half-year"},
    {"ui.param.period.year", "年", "year"},

    // Errors, in the language asked for: each English phrase of the library and
    // the command, its parameters in braces, and the phrase a reader of Chinese
    // gets. The record and field path before a phrase stays as it is. Earlier
    // entries win: the particular before the general.
    {"ui.error.missing_value", "缺少取值", "missing value"},
    {"ui.error.unknown_option", "未知选项 --{option}", "unknown option --{option}"},
    {"ui.error.not_an_option_of", "--{option} 不是 {verb} 的选项(见 dangjian {verb} --help)",
     "--{option} is not an option of {verb} (see dangjian {verb} --help)"},
    {"ui.error.takes_no_value", "--{option} 不接受取值", "--{option} takes no value"},
    {"ui.error.unknown_verb", "未知命令“{verb}”(见 dangjian help)", "unknown verb \"{verb}\" (see dangjian help)"},
    {"ui.error.not_a_lang", "“{value}”不是 zh 或 en", "\"{value}\" is not zh or en"},
    {"ui.error.not_a_date", "“{value}”不是日期(YYYY-MM-DD)", "\"{value}\" is not a date (YYYY-MM-DD)"},
    {"ui.error.no_profile_or_file", "没有名为“{value}”的内置规范,也没有可读的该文件",
     "no built-in profile or readable file \"{value}\""},
    {"ui.error.not_a_report_format", "“{value}”不是 text、json、html 或 xlsx", "\"{value}\" is not text, json, html or xlsx"},
    {"ui.error.workbook_needs_out", "工作簿须用 --out FILE.xlsx 指定文件", "--out FILE.xlsx is required"},
    {"ui.error.not_a_severity", "“{value}”不是 violation、warning 或 notice", "\"{value}\" is not violation, warning or notice"},
    {"ui.error.not_a_size", "“{value}”不是字节数(1至1T;K、M、G 即 2^10、2^20、2^30)",
     "\"{value}\" is not a size in bytes (1 to 1T; K, M, G for 2^10, 2^20, 2^30)"},
    {"ui.error.parts_need_djs", "只能分批检查 .djs 文件", "checks a .djs file"},
    {"ui.error.parts_formats", "分批检查的报告只能是 text 或 json", "reports as text or json"},
    {"ui.error.give_one_snapshot", "须给出一个 SNAPSHOT(文件、表示标准输入的 -,或 sample)",
     "give one SNAPSHOT (a file, - for stdin, or sample)"},
    {"ui.error.not_an_input_format", "“{value}”不是 json、pb 或 djs", "\"{value}\" is not json, pb or djs"},
    {"ui.error.unknown_snapshot_format", "无法识别的快照格式(请用 .json、.pb 或 .djs 文件,.xlsx 工作簿,或 CSV 表格文件夹)",
     "unknown snapshot format (use .json, .pb or .djs, a workbook .xlsx, or a folder of CSV tables)"},
    {"ui.error.not_days", "“{value}”不是0至3660之间的天数", "\"{value}\" is not a number of days from 0 to 3660"},
    {"ui.error.takes_no_snapshot", "不接受 SNAPSHOT", "takes no SNAPSHOT"},
    {"ui.error.takes_no_arguments", "不接受参数", "takes no arguments"},
    {"ui.error.give_one_rule", "须给出一个 RULE_ID", "give one RULE_ID"},
    {"ui.error.no_rule_see_rules", "没有规则“{rule}”(见 `dangjian rules`)", "no rule \"{rule}\" (see `dangjian rules`)"},
    {"ui.error.takes_options_only", "只接受选项(--category、--income)", "takes options only (--category, --income)"},
    {"ui.error.category_required", "须给出 --category({categories})", "--category is required ({categories})"},
    {"ui.error.not_a_category", "“{value}”不是党费类别", "\"{value}\" is not a dues category"},
    {"ui.error.not_yuan", "“{value}”不是以元为单位的金额(如 3000.01)", "\"{value}\" is not an amount in yuan (3000.01)"},
    {"ui.error.give_cases", "须给出测试用例文件或文件夹", "give case files or folders"},
    {"ui.error.rubric_required", "须给出 --rubric({rubrics},或一个文件)", "--rubric is required ({rubrics}, or a file)"},
    {"ui.error.no_rubric_or_file", "没有名为“{value}”的内置评分表,也没有可读的该文件",
     "no built-in rubric or readable file \"{value}\""},
    {"ui.error.cannot_read_file", "无法读取“{value}”", "cannot read \"{value}\""},
    {"ui.error.cannot_read", "无法读取", "cannot read"},
    {"ui.error.no_org", "没有组织“{org}”", "no org \"{org}\""},
    {"ui.error.cycle", "上级关系成环:{orgs}", "cycle {orgs}"},
    {"ui.error.duplicate_id", "id“{id}”重复(另见 {other})", "duplicate id \"{id}\" (also {other})"},
    {"ui.error.missing", "缺失(必填)", "missing (required)"},
    {"ui.error.unknown_enum", "{type}中没有“{name}”(应为 {names} 之一)", "unknown {type} \"{name}\" (one of {names})"},
    {"ui.error.unknown_field", "{message}中没有这个字段", "unknown field in {message}"},
    {"ui.error.not_an_integer", "“{value}”不是整数", "\"{value}\" is not an integer"},
    {"ui.error.not_a_number", "“{value}”不是数字", "\"{value}\" is not a number"},
    {"ui.error.unsupported_version", "不支持版本 {version}(本库读取版本 1)", "unsupported version {version} (this library reads 1)"},
    {"ui.error.not_a_member_position", "{position} 不是党员列表中的位置", "{position} is not a position in members"},
    {"ui.error.truncated", "数据不完整:声明 {announced} 字节,只剩 {left} 字节", "truncated, {announced} bytes announced, {left} left"},
    {"ui.error.bad_length_prefix", "长度前缀无效", "bad length prefix"},
    {"ui.error.input_over_limit", "输入 {bytes} 字节,超过上限 {limit}", "input of {bytes} bytes, more than the limit of {limit}"},
    {"ui.error.records_over_limit", "记录 {records} 条,超过上限 {limit}", "{records} records, more than the limit of {limit}"},
    {"ui.error.over_record_limit", "记录超过上限 {limit} 条", "more than the limit of {limit} records"},
    {"ui.error.string_over_limit", "字符串超过 {limit} 字节", "a string longer than {limit} bytes"},
    {"ui.error.nested_over_limit", "嵌套超过 {limit} 层", "nested more than {limit} deep"},
    {"ui.error.not_a_binary_snapshot", "不是二进制 protobuf 格式的 dangjian.v1.Snapshot({bytes} 字节)",
     "not a dangjian.v1.Snapshot in binary protobuf ({bytes} bytes)"},
    {"ui.error.no_rule_or_family", "没有规则或规则族“{rule}”", "no rule or family \"{rule}\""},
    {"ui.error.from_after_as_of", "{from} 晚于检查日期 {asOf}", "{from} is after asOf {asOf}"},
    {"ui.error.parts_cover_the_stream", "分批检查覆盖整个数据流(不能指定 scope)", "a check in parts covers the whole stream"},
    {"ui.error.no_builtin_profile", "没有内置规范“{profile}”", "no built-in profile \"{profile}\""},
    {"ui.error.no_rule", "没有规则“{rule}”", "no rule \"{rule}\""},
    {"ui.error.in_another_part", "{record}“{id}”定义在数据流的另一部分;分批检查要求每条记录与其组织在同一部分",
     "{record} \"{id}\" is defined in another part of the stream; a check in parts needs each record in the part that defines its org"},
    {"ui.error.end_of_input_in_string", "字符串未结束,输入就结束了", "unexpected end of input inside a string"},
    {"ui.error.end_of_input", "输入意外结束", "unexpected end of input"},
    {"ui.error.expected_comma_or_brace", "此处应为 ',' 或 '}'", "expected ',' or '}'"},
    {"ui.error.expected_comma_or_bracket", "此处应为 ',' 或 ']'", "expected ',' or ']'"},
    {"ui.error.expected_string", "此处应为字符串", "expected a string"},
    {"ui.error.expected_number", "此处应为数字", "expected a number"},
    {"ui.error.expected_bool", "此处应为 true 或 false", "expected true or false"},
    {"ui.error.expected", "此处应为 {what}", "expected {what}"},
    {"ui.error.invalid_utf8", "字符串中有无效的 UTF-8", "invalid UTF-8 inside a string"},
    {"ui.error.control_character", "字符串中有控制字符", "control character inside a string"},
    {"ui.error.bad_escape", "字符串中有无效的转义", "bad escape in a string"},
    {"ui.error.malformed_number", "数字格式有误", "malformed number"},
    {"ui.error.text_after_end", "文档结束后还有内容", "unexpected text after the end of the document"},
    {"ui.error.field_given_twice", "字段重复给出", "field given twice"},
    // The tables (CSV files, sheets): what a cell, a header or a file is not.
    {"ui.error.not_a_month", "“{value}”不是月份(YYYY-MM)", "\"{value}\" is not a month (YYYY-MM)"},
    {"ui.error.out_of_range", "{value} 超出取值范围", "{value} is out of range"},
    {"ui.error.not_yes_or_no", "“{value}”不是“是”或“否”(是、否、true、false、1、0)",
     "\"{value}\" is not yes or no (是, 否, true, false, 1, 0)"},
    {"ui.error.not_months", "“{value}”不是一年中的月份(如 1;2;3 或 1-12)", "\"{value}\" is not months of a year (1;2;3 or 1-12)"},
    {"ui.error.unknown_column", "未知的列“{header}”(应为 {columns})", "unknown column \"{header}\" ({columns})"},
    {"ui.error.column_twice", "列“{header}”重复(另见第{other}列)", "column \"{header}\" given twice (also column {other})"},
    {"ui.error.no_column", "缺少列 {column}(必填)", "no column {column} (required)"},
    {"ui.error.too_many_cells", "有 {cells} 个单元格,多于表头的 {columns} 个", "{cells} cells, more than the header's {columns}"},
    {"ui.error.value_under_no_header", "没有表头的列中有值", "a value under no header"},
    {"ui.error.no_activity", "{table} 中没有活动“{id}”", "no activity \"{id}\" in {table}"},
    {"ui.error.quote_not_closed", "引号中的单元格直到文件末尾仍未结束", "a quoted cell not closed before the end of the file"},
    {"ui.error.text_after_quote", "右引号之后还有内容", "text after a closing quote"},
    {"ui.error.utf16", "不读取 UTF-16(请将表格另存为“CSV UTF-8”或“CSV”)", "UTF-16 is not read (save the table as CSV UTF-8, or as CSV)"},
    {"ui.error.invalid_utf8_after_bom", "UTF-8 字节顺序标记之后有无效的 UTF-8", "invalid UTF-8 after a UTF-8 byte-order mark"},
    {"ui.error.not_utf8_or_gb18030", "既不是 UTF-8 也不是 GB18030 编码", "neither UTF-8 nor GB18030"},
    {"ui.error.not_a_table", "不是数据表(应为 {tables} 之一)", "not a table ({tables})"},
    {"ui.error.same_table", "与 {other} 是同一张表", "the same table as {other}"},
    {"ui.error.no_tables", "没有数据表({tables})", "no tables ({tables})"},
    {"ui.error.no_header_row", "没有表头行", "no header row"},
    // The workbook (.xlsx): its package, its XML, its cells.
    {"ui.error.not_a_workbook", "不是工作簿(.xlsx):{why}", "not a workbook (.xlsx): {why}"},
    {"ui.error.unpacked_over_limit", "解压后超过上限 {limit} 字节", "unpacked to more than the limit of {limit} bytes"},
    {"ui.error.malformed_xml", "XML 格式有误:{what}", "malformed XML: {what}"},
    {"ui.error.not_a_shared_string", "“{value}”不是工作簿中的共享字符串", "\"{value}\" is not a shared string of the workbook"},
    {"ui.error.formula_error", "公式出错 {value}", "the formula's error {value}"},
    {"ui.error.cannot_write", "无法写入“{value}”", "cannot write \"{value}\""},
    {"ui.error.not_refuse_or_ignore", "“{value}”不是 refuse 或 ignore", "\"{value}\" is not refuse or ignore"},
    {"ui.error.not_an_id", "{value} 不是 id(应为字符串或整数)", "{value} is not an id (a string, or an integer)"},
    {"ui.error.not_an_export_format", "“{value}”不是 csv、json 或 pb", "\"{value}\" is not csv, json or pb"},
    {"ui.error.out_required", "须给出 --out(csv 为文件夹,json 和 pb 为文件)",
     "--out is required (a folder for csv, a file for json and pb)"},
    // After every particular phrase: an enum's value that is none of its
    // names; {type} is the enum's kind, "member status" (lib/tables).
    {"ui.error.not_a_value_of", "“{value}”不是{type}({names})", "\"{value}\" is not a {type} ({names})"},
    // Where in a text the phrase before it was found; and a textproto's place.
    {"ui.error.at_line_column", "(第{line}行第{column}列)", " (line {line}, column {column})"},
    {"ui.error.line_column", "第{line}行第{column}列", "line {line}, column {column}"},
};

// Short English phrases of DataIssue::problem, in Chinese.
constexpr std::pair<std::string_view, std::string_view> kProblems[] = {
    {"org", "组织"},
    {"member", "党员"},
    {"unit", "单位"},
    {"activity", "活动记录"},
    {"negative count", "人数为负"},
    {"negative amount", "金额为负"},
    {"not a plausible year", "年份不合理"},
    {"bits beyond month 12 are set", "设置了第12个月以后的位"},
    {"before establishedOn", "早于成立日期"},
    {"before admittedOn", "早于接收日期"},
    {"before since", "早于任职开始日期"},
    {"before startedOn", "早于届期开始日期"},
    // 六必谈: the events that call for a talk.
    {"JOB_CHANGED", "工作变动"},
    {"COMMENDED", "受到表彰"},
    {"DISCIPLINED", "受到处分"},
    {"HARDSHIP", "遇到困难"},
    {"CONFLICT", "出现矛盾和意见分歧"},
    {"COMPLAINT", "群众有不良反映"},
    {"RETIRED", "退休"},
};

std::string_view Problem(std::string_view en, Lang lang) {
  if (lang == Lang::kEn) return en;
  for (const auto& [k, zh] : kProblems) if (k == en) return zh;
  return en;
}

constexpr std::pair<std::string_view, std::string_view> kRecordParts[] = {
    {"place", "地点"}, {"topic", "主题"}, {"attendees", "出席人员"}, {"minutes", "发言记录"},
    {"roll", "出席和缺席人员未覆盖全体党员"}, {"tally", "表决票数"}, {"owner", "决议落实人"},
};

// The parts of a record that are missing: "地点、主题" / "place,topic", as
// evidence records them too.
void AppendRecordParts(uint32_t bits, Lang lang, std::string& out) {
  const bool en = lang == Lang::kEn;
  bool first = true;
  for (size_t i = 0; i < std::size(kRecordParts); ++i) {
    if (!((bits >> i) & 1)) continue;
    if (!first) out += en ? "," : "、";
    first = false;
    out += en ? kRecordParts[i].first : kRecordParts[i].second;
  }
}

// An obligation's months and tag: "(6月,重温入党誓词)" / " (in June, tagged OATH_RENEWAL)".
std::string WindowText(uint32_t months, std::string_view tag, bool bare, Lang lang) {
  static constexpr std::string_view kMonthsEn[] = {"", "January", "February", "March", "April", "May", "June",
                                                   "July", "August", "September", "October", "November", "December"};
  const bool en = lang == Lang::kEn;
  int lo = 0, hi = 0;
  for (int m = 1; m <= 12; ++m) {
    if ((months >> m) & 1) {
      if (lo == 0) lo = m;
      hi = m;
    }
  }
  std::string span;
  if (lo != 0) {
    span = en ? (lo == hi ? StrCat("in ", kMonthsEn[lo]) : StrCat(kMonthsEn[lo], " to ", kMonthsEn[hi]))
              : (lo == hi ? StrCat(lo, "月") : StrCat(lo, "至", hi, "月"));
  }
  std::string tagged;
  if (!tag.empty()) {
    tagged = en ? StrCat("tagged ", tag) : (tag == "OATH_RENEWAL" ? std::string("重温入党誓词") : StrCat("标记", tag));
  }
  if (bare) return span.empty() ? tagged : span;
  if (span.empty() && tagged.empty()) return "";
  const std::string inner = span.empty() ? tagged : tagged.empty() ? span : StrCat(span, en ? ", " : ",", tagged);
  return en ? StrCat(" (", inner, ")") : StrCat("(", inner, ")");
}

// A month of a year of four digits in English, "2026-03", written at `to`.
void WriteMonth(int year, int month, char* to) {
  WriteFourDigits(year, to);
  to[4] = '-';
  WriteTwoDigits(month, to + 5);
}
constexpr size_t kMonthWidth = 7;

// Whether month number `m` (year * 12 + month - 1) is of a year of four digits.
bool FourDigitYear(int64_t m) { return m >= 12 * 1000 && m < 12 * 10000; }

// A month number in English, "2026-03", after what `out` holds.
void AppendMonth(int64_t number, std::string& out) {
  const int64_t year = number / 12, month = number % 12 + 1;
  if (!FourDigitYear(number)) {
    StrAppend(&out, year, "-", month < 10 ? "0" : "", month);
    return;
  }
  const size_t at = out.size();
  out.resize(at + kMonthWidth);
  WriteMonth(static_cast<int>(year), static_cast<int>(month), &out[at]);
}

// Every month from `first` to `last`, at most 240 of them, "2025-01,2025-02",
// after what `out` holds: the room made once and the months counted on (a
// run of unpaid dues lists each of its months, some dozens).
void AppendMonthList(int64_t first, int64_t last, std::string& out) {
  const int64_t count = std::min<int64_t>(last - first + 1, 240);
  if (count <= 0) return;
  if (!FourDigitYear(first) || !FourDigitYear(first + count - 1)) {
    for (int64_t m = first; m < first + count; ++m) {
      if (m != first) out += ',';
      AppendMonth(m, out);
    }
    return;
  }
  size_t at = out.size();
  out.resize(at + static_cast<size_t>(count) * (kMonthWidth + 1) - 1);
  int year = static_cast<int>(first / 12), month = static_cast<int>(first % 12 + 1);
  for (int64_t k = 0; k < count; ++k) {
    if (k > 0) out[at++] = ',';
    WriteMonth(year, month, &out[at]);
    at += kMonthWidth;
    if (++month > 12) month = 1, ++year;
  }
}

// A period by its first day: "2026年第1季度" / "2026-Q1".
void AppendPeriodText(Day first, PeriodKind kind, Lang lang, std::string& out) {
  if (lang == Lang::kEn) return Period::AppendLabel(kind, first, out);
  const int number = MonthNumber(first);
  const bool four = FourDigitYear(number);
  const int year = four ? number / 12 : YearOf(first), month = four ? number % 12 + 1 : MonthOf(first);
  // Written in place and appended once: a report writes one or two a finding.
  // A year of four digits from the table, any other as std::to_chars writes it.
  char text[32];
  size_t n = four ? 4 : static_cast<size_t>(std::to_chars(text, text + 12, year).ptr - text);
  if (four) WriteFourDigits(year, text);
  const auto put = [&](std::string_view piece) {
    std::memcpy(text + n, piece.data(), piece.size());
    n += piece.size();
  };
  switch (kind) {
    case PeriodKind::kMonth:
      put("年");
      if (month >= 10) text[n++] = '1';
      text[n++] = static_cast<char>('0' + month % 10);
      put("月");
      break;
    case PeriodKind::kQuarter:
      put("年第");
      text[n++] = static_cast<char>('0' + (month - 1) / 3 + 1);
      put("季度");
      break;
    case PeriodKind::kHalfYear: put(month <= 6 ? "年上半年" : "年下半年"); break;
    case PeriodKind::kYear: put("年"); break;
  }
  out.append(text, n);
}

// A month number: "2026年3月" / "2026-03".
void AppendMonthText(int64_t number, Lang lang, std::string& out) {
  if (lang == Lang::kEn) return AppendMonth(number, out);
  StrAppend(&out, number / 12, "年", number % 12 + 1, "月");
}

std::string Percent(int64_t thousandths) {
  std::string s = absl::StrFormat("%d.%03d", thousandths / 1000, thousandths % 1000);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

}  // namespace

std::string_view OrgKindName(OrgKind kind, Lang lang) {
  const bool en = lang == Lang::kEn;
  switch (kind) {
    case v1::Org::WORKING_COMMITTEE: return en ? "working committee" : "机关工委";
    case v1::Org::LEADING_GROUP: return en ? "leading group" : "党组";
    case v1::Org::COMMITTEE: return en ? "committee" : "机关党委";
    case v1::Org::GENERAL_BRANCH: return en ? "general branch" : "党总支";
    case v1::Org::BRANCH: return en ? "branch" : "党支部";
    case v1::Org::JOINT_BRANCH: return en ? "joint branch" : "联合党支部";
    case v1::Org::TEMPORARY_BRANCH: return en ? "temporary branch" : "临时党支部";
    case v1::Org::PARTY_GROUP: return en ? "party group" : "党小组";
    case v1::Org::DISCIPLINE_COMMITTEE: return en ? "discipline committee" : "机关纪委";
    default: return en ? "org" : "组织";
  }
}

std::string_view RoleName(Role role, Lang lang) {
  const bool en = lang == Lang::kEn;
  switch (role) {
    case v1::Position::SECRETARY: return en ? "secretary" : "书记";
    case v1::Position::DEPUTY_SECRETARY: return en ? "deputy secretary" : "副书记";
    case v1::Position::COMMITTEE_MEMBER: return en ? "committee member" : "委员";
    case v1::Position::DISCIPLINE_MEMBER: return en ? "discipline member" : "纪检委员";
    case v1::Position::DISCIPLINE_DESIGNEE: return en ? "discipline designee" : "纪检工作负责人";
    case v1::Position::GROUP_LEADER: return en ? "group leader" : "党小组长";
    case v1::Position::LEADING_GROUP_SECRETARY: return en ? "leading group secretary" : "党组书记";
    case v1::Position::LEADING_GROUP_MEMBER: return en ? "leading group member" : "党组成员";
    default: return en ? "position" : "职务";
  }
}

std::string_view ActivityKindName(v1::Activity::Kind kind, Lang lang) {
  const bool en = lang == Lang::kEn;
  switch (kind) {
    case v1::Activity::GENERAL_MEETING: return en ? "general meetings" : "党员大会";
    case v1::Activity::COMMITTEE_MEETING: return en ? "committee meetings" : "委员会会议";
    case v1::Activity::GROUP_MEETING: return en ? "group meetings" : "党小组会";
    case v1::Activity::PARTY_LECTURE: return en ? "party lectures" : "党课";
    case v1::Activity::ORG_LIFE_MEETING: return en ? "org-life meetings" : "组织生活会";
    case v1::Activity::DEMOCRATIC_EVALUATION: return en ? "democratic evaluations" : "民主评议党员";
    case v1::Activity::THEME_DAY: return en ? "theme days" : "主题党日";
    case v1::Activity::TALK: return en ? "talks" : "谈心谈话";
    case v1::Activity::COMMUNITY_SERVICE: return en ? "community service days" : "进社区活动";
    case v1::Activity::ELECTION: return en ? "elections" : "换届选举";
    case v1::Activity::CADRE_CONGRESS: return en ? "cadre congresses" : "机关党员大会";
    case v1::Activity::INSPECTION: return en ? "inspections" : "督导检查";
    case v1::Activity::DEMOCRATIC_LIFE_MEETING: return en ? "democratic life meetings" : "民主生活会";
    case v1::Activity::WORK_PLAN: return en ? "work plans" : "支部工作计划";
    default: return en ? "activities" : "活动";
  }
}

void AppendForMessage(const check::Param& p, Lang lang, std::string& out) {
  const bool en = lang == Lang::kEn;
  using K = check::ParamKind;
  switch (p.kind) {
    case K::kInt: return StrAppend(&out, p.value);
    case K::kDate: out += FormatDate(static_cast<Day>(p.value)); return;
    case K::kText: out += p.text(); return;
    case K::kProblem: out += Problem(p.text(), lang); return;
    case K::kBasis: out += p.flag ? (en ? "full members" : "正式党员") : (en ? "members" : "党员"); return;
    case K::kAtLeast:
      if (p.flag) return en ? StrAppend(&out, "at least ", p.value) : StrAppend(&out, p.value, "名以上");
      return en ? StrAppend(&out, "more than ", p.value) : StrAppend(&out, "超过", p.value, "名");
    case K::kAtMost:
      if (p.flag) return en ? StrAppend(&out, "at most ", p.value) : StrAppend(&out, "不超过", p.value, "名");
      return en ? StrAppend(&out, "fewer than ", p.value) : StrAppend(&out, "不足", p.value, "名");
    case K::kOrgKind: out += OrgKindName(static_cast<OrgKind>(p.value), lang); return;
    case K::kRole: out += RoleName(static_cast<Role>(p.value), lang); return;
    case K::kPercent: out += Percent(p.value); return;
    case K::kActivity: {
      std::string_view name = ActivityKindName(static_cast<v1::Activity::Kind>(p.value), lang);
      // One of them, in English: "general meeting", "cadre congress".
      if (p.flag && en) name.remove_suffix(name.size() > 4 && name.substr(name.size() - 4) == "sses" ? 2 : 1);
      out += name;
      return;
    }
    case K::kPeriod: return AppendPeriodText(static_cast<Day>(p.value), static_cast<PeriodKind>(p.extra), lang, out);
    case K::kWindow: out += WindowText(static_cast<uint32_t>(p.value), p.text(), p.flag, lang); return;
    case K::kRecordParts: return AppendRecordParts(static_cast<uint32_t>(p.value), lang, out);
    case K::kMonth: return AppendMonthText(p.value, lang, out);
    case K::kMonthRange:
      AppendMonthText(p.value, lang, out);
      if (p.value == p.last_month()) return;
      out += en ? " to " : "至";
      return AppendMonthText(p.last_month(), lang, out);
    case K::kYuan: out += FormatYuan(p.value); return;
  }
}

namespace {

// The name protobuf gives value `value` of an enum (its first, as
// FindValueByNumber gives it), "" for none: each looked up once, not at
// each finding's evidence.
template <const google::protobuf::EnumDescriptor* (*Descriptor)()>
std::string_view EnumName(int64_t value) {
  static const std::vector<std::string_view> names = [] {
    const google::protobuf::EnumDescriptor* d = Descriptor();
    int most = -1;
    for (int i = 0; i < d->value_count(); ++i) most = std::max(most, d->value(i)->number());
    std::vector<std::string_view> by_number(static_cast<size_t>(most + 1));
    for (int i = d->value_count(); i-- > 0;) {  // backwards: of two of a number, the first stays
      if (d->value(i)->number() >= 0) by_number[d->value(i)->number()] = d->value(i)->name();
    }
    return by_number;
  }();
  return value >= 0 && static_cast<uint64_t>(value) < names.size() ? names[value] : std::string_view();
}

}  // namespace

void AppendForEvidence(const check::Param& p, std::string& out) {
  using K = check::ParamKind;
  // Where this value begins in `out`: a list's separators go between its items.
  const size_t start = out.size();
  switch (p.kind) {
    case K::kBasis: out += p.flag ? "FULL_MEMBERS" : "ALL_MEMBERS"; return;
    case K::kAtLeast: return StrAppend(&out, p.flag ? ">=" : ">", p.value);
    case K::kAtMost: return StrAppend(&out, p.flag ? "<=" : "<", p.value);
    case K::kOrgKind: out += EnumName<v1::Org_Kind_descriptor>(p.value); return;
    case K::kRole: out += EnumName<v1::Position_Role_descriptor>(p.value); return;
    case K::kProblem: out += p.text(); return;
    case K::kActivity: out += EnumName<v1::Activity_Kind_descriptor>(p.value); return;
    case K::kWindow:
      for (int m = 1; m <= 12; ++m) {
        if ((p.value >> m) & 1) StrAppend(&out, out.size() == start ? "" : ",", m);
      }
      if (!p.text().empty()) StrAppend(&out, out.size() == start ? "" : ";", p.text());
      return;
    case K::kMonthRange: return AppendMonthList(p.value, p.last_month(), out);
    default: return AppendForMessage(p, Lang::kEn, out);  // a period, a month, a record's parts: as in English
  }
}

std::string Render(std::string_view tmpl, absl::Span<const check::Param> params, Lang lang) {
  std::string out;
  AppendRendered(tmpl, params, lang, out);
  return out;
}

namespace {

// A template split at its parameters: each literal piece, and the name of
// the parameter after it ({name}); the last piece has none after it.
struct Piece {
  std::string_view literal, name;
};
using Pieces = absl::InlinedVector<Piece, 8>;

void Split(std::string_view tmpl, Pieces& out) {
  size_t i = 0;
  while (true) {
    const size_t open = tmpl.find('{', i);
    const size_t close = open == std::string_view::npos ? open : tmpl.find('}', open);
    if (close == std::string_view::npos) {
      out.push_back({tmpl.substr(i), {}});
      return;
    }
    out.push_back({tmpl.substr(i, open - i), tmpl.substr(open + 1, close - open - 1)});
    i = close + 1;
  }
}

// The table's templates split once, by where their text lies; nullptr for a
// template not of the table.
const Pieces* TablePieces(std::string_view tmpl) {
  static const auto* const by_text = [] {
    auto* index = new absl::flat_hash_map<const char*, std::pair<size_t, Pieces>>();
    for (const Message& m : kMessages) {
      for (const std::string_view t : {m.zh, m.en}) {
        auto [at, added] = index->try_emplace(t.data());
        if (!added) continue;
        at->second.first = t.size();
        Split(t, at->second.second);
      }
    }
    return index;
  }();
  const auto found = by_text->find(tmpl.data());
  return found == by_text->end() || found->second.first != tmpl.size() ? nullptr : &found->second.second;
}

}  // namespace

void AppendRendered(std::string_view tmpl, absl::Span<const check::Param> params, Lang lang, std::string& out) {
  out.reserve(out.size() + tmpl.size() + 24 * params.size());  // most values are shorter: the string grown once
  Pieces split;
  const Pieces* pieces = TablePieces(tmpl);
  if (pieces == nullptr) {
    Split(tmpl, split);
    pieces = &split;
  }
  for (const Piece& piece : *pieces) {
    out.append(piece.literal);
    if (&piece == &pieces->back()) break;
    const auto p = std::find_if(params.begin(), params.end(), [&](const check::Param& x) { return x.name() == piece.name; });
    if (p != params.end()) {
      AppendForMessage(*p, lang, out);
    } else {
      StrAppend(&out, "{", piece.name, "}");  // left visible: a test catches it
    }
  }
}

namespace {

// A parameter of a string rendered here: a text as given, or a number.
check::Param Param(std::string_view name, std::string_view text) {
  return check::Param{name, check::ParamKind::kText, 0, false, text};
}
check::Param Param(std::string_view name, int64_t number) {
  return check::Param{name, check::ParamKind::kInt, number, false, {}};
}

// The template of `key` rendered with `params`, as Text renders a "ui." string
// but with parameters of every kind (a count bound, an activity).
std::string Rendered(std::string_view key, Lang lang, absl::Span<const check::Param> params) {
  const std::string_view tmpl = MessageTemplate(key, lang);
  return tmpl.empty() ? std::string(key) : Render(tmpl, params, lang);
}

// `text` read against an English phrase of the table: its parameters, each a
// piece of `text`, or nullopt when it is not that phrase. A parameter never
// spans ": ", which separates a record's path from what is wrong with it.
std::optional<std::vector<check::Param>> Match(std::string_view phrase, std::string_view text) {
  std::vector<check::Param> params;
  size_t p = phrase.find('{'), t = 0;
  const std::string_view first = phrase.substr(0, p);
  if (text.substr(0, first.size()) != first) return std::nullopt;
  t = first.size();
  while (p != std::string_view::npos) {
    const size_t close = phrase.find('}', p);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view name = phrase.substr(p + 1, close - p - 1);
    const size_t next = phrase.find('{', close);
    const std::string_view literal = phrase.substr(close + 1, next == std::string_view::npos ? next : next - close - 1);
    size_t end;
    if (next == std::string_view::npos) {  // the phrase ends with `literal`
      if (text.size() < t + literal.size() || text.substr(text.size() - literal.size()) != literal) return std::nullopt;
      end = text.size() - literal.size();
    } else {
      end = literal.empty() ? std::string_view::npos : text.find(literal, t);
      if (end == std::string_view::npos) return std::nullopt;
    }
    const std::string_view value = text.substr(t, end - t);
    if (value.find(": ") != std::string_view::npos) return std::nullopt;
    params.push_back(Param(name, value));
    t = end + literal.size();
    p = next;
  }
  if (t != text.size()) return std::nullopt;
  return params;
}

// One phrase of an error in `lang`, with the place in a text it may end with;
// nullopt when the table does not know it.
std::optional<std::string> Phrase(std::string_view text, Lang lang) {
  std::string place;
  if (const size_t at = text.rfind(" (line "); at != std::string_view::npos) {
    if (std::optional<std::vector<check::Param>> p = Match(MessageTemplate("ui.error.at_line_column", Lang::kEn), text.substr(at))) {
      place = Render(MessageTemplate("ui.error.at_line_column", lang), *p, lang);
      text = text.substr(0, at);
    }
  }
  for (const Message& m : kMessages) {
    if (m.key.rfind("ui.error.", 0) != 0 || m.key == "ui.error.at_line_column") continue;
    if (std::optional<std::vector<check::Param>> p = Match(m.en, text)) {
      for (check::Param& param : *p) {
        if (param.name() == "type") param = Param(param.name(), tables::EnumKindName(param.text(), lang));
      }
      return StrCat(Render(lang == Lang::kEn ? m.en : m.zh, *p, lang), place);
    }
  }
  return std::nullopt;
}

// "党支部、联合党支部" / "branch, joint branch".
std::string Joined(const std::vector<std::string>& items, Lang lang) {
  return absl::StrJoin(items, lang == Lang::kEn ? ", " : "、");
}

std::string Months(const google::protobuf::RepeatedField<int32_t>& months, Lang lang) {
  std::vector<std::string> items;
  for (int32_t m : months) items.push_back(StrCat(m));
  return Joined(items, lang);
}

}  // namespace

}  // namespace dangjian::report

namespace dangjian {

std::string_view MessageTemplate(std::string_view key, Lang lang) {
  // Every finding rendered looks its template up: the table indexed once.
  static const auto* const by_key = [] {
    auto* index = new absl::flat_hash_map<std::string_view, const report::Message*>();
    for (const report::Message& m : report::kMessages) index->emplace(m.key, &m);  // the first of a key, as before
    return index;
  }();
  const auto found = by_key->find(key);
  if (found == by_key->end()) return {};
  return lang == Lang::kEn ? found->second->en : found->second->zh;
}

std::vector<std::string_view> MessageKeys() {
  std::vector<std::string_view> keys;
  for (const report::Message& m : report::kMessages) keys.push_back(m.key);
  return keys;
}

std::string Text(std::string_view key, Lang lang, std::initializer_list<TextArg> args) {
  const std::string_view tmpl = MessageTemplate(key, lang);
  if (tmpl.empty()) return std::string(key);
  std::vector<check::Param> params;
  params.reserve(args.size());
  for (const TextArg& a : args) {
    params.push_back(a.is_number ? check::Param{a.name, check::ParamKind::kInt, a.number, false, {}}
                                 : check::Param{a.name, check::ParamKind::kText, 0, false, a.text});
  }
  return report::Render(tmpl, params, lang);
}

std::string_view SeverityName(v1::Severity severity, Lang lang) {
  const bool en = lang == Lang::kEn;
  switch (severity) {
    case v1::VIOLATION: return en ? "violation" : "违规";
    case v1::WARNING: return en ? "warning" : "预警";
    case v1::NOTICE: return en ? "notice" : "提醒";
    default: return "";
  }
}


std::string TranslateError(std::string_view message, Lang lang) {
  if (lang == Lang::kEn) return std::string(message);
  std::string out;
  for (size_t at = 0;;) {
    const std::string_view rest = message.substr(at);
    if (std::optional<std::string> phrase = report::Phrase(rest, lang)) return out + *phrase;
    const size_t colon = rest.find(": ");
    const std::string_view segment = rest.substr(0, colon);
    std::optional<std::string> place = report::Phrase(segment, lang);  // "line 3, column 5" of a textproto
    out += place ? *place : std::string(segment);
    if (colon == std::string_view::npos) return out;
    out += ": ";
    at += colon + 2;
  }
}

std::string ParameterText(const v1::Policy& profile, std::string_view path, Lang lang) {
  const std::string key = StrCat("ui.param.", path);
  if (MessageTemplate(key, lang).empty()) return "";
  const google::protobuf::Message* m = &profile;
  const google::protobuf::FieldDescriptor* f = nullptr;
  for (const absl::string_view part : absl::StrSplit(absl::string_view(path.data(), path.size()), '.')) {
    if (f != nullptr) m = &m->GetReflection()->GetMessage(*m, f);
    f = m->GetDescriptor()->FindFieldByName(std::string(part));
    if (f == nullptr) return "";
  }
  if (f->message_type() == v1::CountBound::descriptor()) {
    using K = check::ParamKind;
    const auto& b = static_cast<const v1::CountBound&>(m->GetReflection()->GetMessage(*m, f));
    const bool upper = path == "setup.branch_max";  // the one bound that caps
    const check::Param params[] = {{"basis", K::kBasis, 0, b.basis() != v1::CountBound::ALL_MEMBERS, {}},
                                   {"bound", upper ? K::kAtMost : K::kAtLeast, b.value(), b.inclusive(), {}}};
    return report::Rendered(key, lang, params);
  }
  if (path == "setup.party_staff_min_permille") {
    return Text(key, lang, {{"share", report::Percent(int64_t{profile.setup().party_staff_min_permille()} * 100)}});
  }
  if (path == "terms.lengths") {
    std::vector<std::string> lengths;
    for (const v1::TermLength& t : profile.terms().lengths()) {
      const std::string duration = t.months() % 12 == 0 ? Text("ui.param.years", lang, {{"years", t.months() / 12}})
                                                         : Text("ui.param.months", lang, {{"months", t.months()}});
      lengths.push_back(Text("ui.param.term_length", lang,
                             {{"kind", report::OrgKindName(t.kind(), lang)}, {"duration", duration}}));
    }
    return Text(key, lang, {{"lengths", report::Joined(lengths, lang)}});
  }
  if (path == "terms.reminder_months") return Text(key, lang, {{"months", report::Months(profile.terms().reminder_months(), lang)}});
  if (f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT32 && !f->is_repeated()) {
    return Text(key, lang, {{"value", m->GetReflection()->GetInt32(*m, f)}});
  }
  return "";
}

std::string ObligationText(const v1::Obligation& o, Lang lang) {
  std::vector<std::string> kinds, roles;
  for (int k : o.holders()) kinds.push_back(std::string(report::OrgKindName(static_cast<OrgKind>(k), lang)));
  for (int r : o.performers()) roles.push_back(std::string(report::RoleName(static_cast<Role>(r), lang)));
  std::string holders = report::Joined(kinds, lang);
  if (o.condition() == v1::Obligation::HAS_COMMITTEE) holders = Text("ui.param.with_committee", lang, {{"kinds", holders}});
  std::string_view period;
  switch (o.period()) {
    case v1::Obligation::MONTH: period = "ui.param.period.month"; break;
    case v1::Obligation::QUARTER: period = "ui.param.period.quarter"; break;
    case v1::Obligation::HALF_YEAR: period = "ui.param.period.half_year"; break;
    default: period = "ui.param.period.year"; break;
  }
  uint32_t months = 0;
  for (int32_t m : o.months()) {
    if (m >= 1 && m <= 12) months |= 1u << m;
  }
  using K = check::ParamKind;
  const std::string period_text = Text(period, lang), roles_text = report::Joined(roles, lang);
  const check::Param params[] = {
      report::Param("holders", holders),
      report::Param("performers", roles_text),
      report::Param("period", period_text),
      {"activity", K::kActivity, o.activity(), o.at_least() == 1, {}},  // "1 party lecture", "2 party lectures"
      {"window", K::kWindow, months, false, o.tag()},                  // "(6月,重温入党誓词)"
      report::Param("atLeast", o.at_least()),
  };
  std::string out = report::Rendered(o.performers().empty() ? "ui.param.obligation" : "ui.param.obligation.personal", lang, params);
  if (!o.preferred_months().empty()) {
    out += Text("ui.param.preferred_months", lang, {{"months", report::Months(o.preferred_months(), lang)}});
  }
  if (o.has_enabled() && !o.enabled()) out += Text("ui.param.disabled", lang);
  return out;
}

}  // namespace dangjian
