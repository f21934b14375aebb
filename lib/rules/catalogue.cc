// The catalogue. Order matches rules::RuleId; catalogue_test checks it.
#include <array>

#include "dangjian/rules.h"
#include "lib/rules/rule_id.h"

namespace dangjian {
namespace {

using v1::NOTICE;
using v1::VIOLATION;
using v1::WARNING;

// Short names of the sources (RULES.md).
#define B_ZH "《中国共产党支部工作条例(试行)》"
#define B_EN "Branch Work Regulations (2018)"
#define O_ZH "《中国共产党党和国家机关基层组织工作条例》"
#define O_EN "Regulations on Basic-Level Organizations in Party and State Organs (2019)"
#define E_ZH "《中国共产党基层组织选举工作条例》"
#define E_EN "Regulations on Elections in Basic-Level Organizations (2020)"
#define C_ZH "《中国共产党章程》"
#define C_EN "Party Constitution"
#define S4_ZH "《关于进一步加强和改进机关党的建设的实施意见》(2020)"
#define S4_EN "Municipal Implementing Opinions on Party Building in Organs (2020)"

constexpr std::array<RuleInfo, rules::kRuleCount> kRules = {{
    // ---- structure and data ------------------------------------------------
    {"structure.invalid_nesting", VIOLATION, "O", true,
     O_ZH "第五条至第九条;" B_ZH "第五条", O_EN " Art. 5-9; " B_EN " Art. 5",
     "组织类型不能设在上级组织的类型之下", "An org's kind may not sit under its parent's kind",
     "允许的隶属关系:机关工委之下可设除党小组、机关纪委以外的各类组织;机关党委之下设党总支、"
     "党支部、联合党支部、临时党支部和机关纪委;党总支之下设三类党支部;党支部之下设党小组。"
     "党组不设下级组织。根组织可以是任何类型。",
     "Valid nesting: under a working committee any kind but a party group or a discipline "
     "committee; under a committee the general branch, the three branch kinds and the discipline "
     "committee; under a general branch the three branch kinds; under a branch kind the party "
     "group. A leading group has no children. A root may be of any kind.",
     ""},
    {"structure.member_org_kind", VIOLATION, "M", true,
     C_ZH "第八条", C_EN " Art. 8",
     "党员所在组织不是党支部", "A member's org is not a branch",
     "每个党员必须编入党的一个支部:党员的 orgId 须指向党支部、联合党支部或临时党支部。",
     "Every member belongs to a branch: a member's orgId must name a BRANCH, JOINT_BRANCH or "
     "TEMPORARY_BRANCH.",
     ""},
    {"data.unknown_reference", WARNING, "A/M", true,
     "dangjian.v1 数据规范", "dangjian.v1 schema",
     "记录引用了不存在的编号", "A record names an id that no record defines",
     "引用不存在的编号不会使加载失败:记录被保留,并在此报告,以便平台修正数据。"
     "上级组织(parentId)不存在则是加载错误。",
     "A reference to an undefined id does not fail the load: the record is kept and reported "
     "here so that the platform can mend its data. An unknown parentId, by contrast, fails the "
     "load.",
     ""},
    {"data.invalid_value", WARNING, "O/M/U", true,
     "dangjian.v1 数据规范", "dangjian.v1 schema",
     "数值超出合理范围", "A value out of range",
     "负数的人数或金额、结束早于开始的日期、第12个月以后的缴费位等。格式错误的日期是加载错误。",
     "Negative counts or amounts, an end before its start, ledger bits beyond month 12. A "
     "malformed date, by contrast, fails the load.",
     ""},
    // ---- setup -------------------------------------------------------------
    {"setup.branch_min_full_members", VIOLATION, "O", false,
     B_ZH "第四条;" O_ZH "第七条", B_EN " Art. 4; " O_EN " Art. 7",
     "党支部正式党员不足3人", "A BRANCH with fewer than 3 full members",
     "只检查党支部(BRANCH);不足3人的应成立联合党支部。national 按正式党员计,3人以上(含3人);"
     "genhe-2020 按正式党员计,须超过3人。已撤销或尚未成立的组织不检查。",
     "Checks BRANCH only; below the threshold a joint branch is the form. national counts full "
     "members, 3 or more (3 passes); genhe-2020 counts full members, more than 3 (3 fails). "
     "Dissolved and not yet established orgs are left out.",
     "setup.branch_min"},
    {"setup.branch_max_members", WARNING, "O", false,
     B_ZH "第四条", B_EN " Art. 4",
     "党支部党员超过50人", "A BRANCH with more than 50 members",
     "national:党员(含预备党员)一般不超过50人,51人起提示;genhe-2020:正式党员须不足50人。",
     "national: members, probationary included, generally no more than 50 (51 is reported); "
     "genhe-2020: full members fewer than 50.",
     "setup.branch_max"},
    {"setup.general_branch_min_members", VIOLATION, "O", false,
     O_ZH "第六条", O_EN " Art. 6",
     "党总支所辖党员不足50人且未经批准", "A GENERAL_BRANCH whose subtree has fewer than 50 members, not approved",
     "按党总支整个下级范围计。national:党员(含预备党员)50人以上;genhe-2020:正式党员超过50人。"
     "经上级党组织批准(approvedException)的不报告。",
     "Counts the whole subtree. national: members, probationary included, 50 or more; "
     "genhe-2020: full members, more than 50. An approvedException is not reported.",
     "setup.general_branch_min"},
    {"setup.committee_min_members", VIOLATION, "O", false,
     O_ZH "第五条", O_EN " Art. 5",
     "机关党委所辖党员不足100人且未经批准", "A COMMITTEE whose subtree has fewer than 100 members, not approved",
     "按机关党委整个下级范围计。national:党员(含预备党员)100人以上;genhe-2020:正式党员超过100人。"
     "经上级党组织批准(approvedException)的不报告。",
     "Counts the whole subtree. national: members, probationary included, 100 or more; "
     "genhe-2020: full members, more than 100. An approvedException is not reported.",
     "setup.committee_min"},
    {"setup.upgrade_suggested", NOTICE, "O", false,
     O_ZH "第五条、第六条", O_EN " Art. 5-6",
     "党员人数已达到上一级组织形式的条件", "A branch or general branch reaching the next form's threshold",
     "党支部达到党总支的人数条件,或党总支达到机关党委的人数条件时提醒。national 中100人时两条"
     "都达到,取较大的形式(机关党委)。",
     "A branch reaching the general branch's threshold, or a general branch reaching the "
     "committee's. In national, 100 reaches both; the larger form (committee) is suggested.",
     "setup.general_branch_min,setup.committee_min"},
    {"setup.joint_branch_max_units", WARNING, "O", false,
     B_ZH "第五条", B_EN " Art. 5",
     "联合党支部覆盖单位超过5个", "A JOINT_BRANCH covering more than 5 units",
     "按 unitIds 中存在的单位计;覆盖5个不报告,6个报告。",
     "Counts the known units in unitIds; 5 passes, 6 is reported.",
     "setup.joint_branch_max_units"},
    {"setup.unit_own_branch", WARNING, "U", false,
     B_ZH "第四条", B_EN " Art. 4",
     "只由联合党支部覆盖的单位,自身已有3名以上正式党员", "A unit served only by a joint branch that has 3+ full members of its own",
     "单位只出现在联合党支部的 unitIds 中(没有党支部、党总支或机关党委覆盖它),而这些联合党支部中"
     "属于该单位的党员已达到成立党支部的人数条件时,提示单独成立党支部。",
     "A unit that only joint branches cover (no branch, general branch or committee lists it), "
     "whose own members in those joint branches reach the branch threshold, should have a branch "
     "of its own.",
     "setup.branch_min"},
    {"setup.branch_committee_required", VIOLATION, "O", false,
     O_ZH "第七条", O_EN " Art. 7",
     "正式党员7人以上的党支部,支部委员会不足3人", "A branch with 7+ full members and a committee smaller than 3",
     "党支部和联合党支部。委员会指在任的书记、副书记、委员和纪检委员(去重后的人数)。"
     "national:正式党员7人以上;genhe-2020:党员超过7人。",
     "BRANCH and JOINT_BRANCH. The committee is the distinct members holding a current "
     "secretary, deputy, committee member or discipline member position. national: 7 or more "
     "full members; genhe-2020: more than 7 members.",
     "setup.branch_committee_at,setup.committee_size_min"},
    {"setup.branch_committee_size", WARNING, "O", false,
     B_ZH "第六章", B_EN " ch. 6",
     "支部委员会人数不在3至5人之间(超过7人为违规)", "A branch committee outside 3-5 (over 7 a violation)",
     "只检查应设委员会的党支部。6至7人为预警,超过7人为违规;不足3人由 "
     "setup.branch_committee_required 报告。",
     "Only branches that must have a committee. 6 or 7 is a warning, more than 7 a violation; "
     "fewer than 3 is setup.branch_committee_required's.",
     "setup.committee_size_min,setup.committee_size_usual_max,setup.committee_size_max"},
    {"setup.branch_no_committee_roles", WARNING, "O", false,
     O_ZH "第七条", O_EN " Art. 7",
     "不设委员会的党支部设了书记、副书记以外的委员", "A branch below the committee threshold holding more than a secretary and one deputy",
     "未达到设立委员会条件的党支部,只设书记1人,必要时设副书记1人;设委员、纪检委员,或多于1名"
     "书记或副书记的报告。",
     "Below the committee threshold a branch has one secretary and, if needed, one deputy; "
     "committee members, discipline members, or more than one of either is reported.",
     "setup.branch_committee_at"},
    {"setup.secretary_vacant", VIOLATION, "O", false,
     O_ZH "第八条;" S4_ZH, O_EN " Art. 8; " S4_EN,
     "有党员或下级组织的组织没有在任书记", "An org with members or children and no current secretary",
     "党小组(看党小组长)和党组(看党组书记)除外。任职以 since/until 判断是否在任:until 当天仍在任。",
     "Party groups (see the group leader) and leading groups are left out. A position is current "
     "from since through until, both days included.",
     ""},
    {"setup.secretary_not_approved", WARNING, "O", false,
     O_ZH "第八条", O_EN " Art. 8",
     "书记、副书记未经上级党组织批准", "A secretary or deputy not approved by the higher organization",
     "在任的书记、副书记 approved 为 false 时报告,memberId 指明其人。",
     "A current secretary or deputy whose approved is false; memberId names them.",
     ""},
    {"setup.discipline_committee", VIOLATION, "O", false,
     O_ZH "第九条", O_EN " Art. 9",
     "机关党委未设机关纪委", "A COMMITTEE without a DISCIPLINE_COMMITTEE child",
     "机关党委之下须有一个未撤销的机关纪委。",
     "A committee needs a discipline committee among its children, not dissolved.",
     ""},
    {"setup.discipline_member", VIOLATION, "O", false,
     O_ZH "第九条", O_EN " Art. 9",
     "党总支或设委员会的党支部没有纪检委员", "A GENERAL_BRANCH, or a branch with a committee, without a DISCIPLINE_MEMBER",
     "设委员会的党支部指达到设立委员会人数条件的党支部、联合党支部;未达到条件的党支部由 "
     "setup.discipline_designee 检查。",
     "A branch with a committee: a BRANCH or JOINT_BRANCH that reaches the committee threshold. "
     "Branches below it are setup.discipline_designee's.",
     "setup.branch_committee_at"},
    {"setup.discipline_designee", WARNING, "O", false,
     S4_ZH "二(三)1", S4_EN " II(3)1",
     "不设委员会的党支部没有指定纪检工作负责人", "A branch without a committee and without a DISCIPLINE_DESIGNEE",
     "未达到设立委员会人数条件的党支部、联合党支部,须有在任的纪检工作负责人。genhe-2020 启用,"
     "national 关闭。",
     "A BRANCH or JOINT_BRANCH below the committee threshold needs a current discipline designee. On "
     "in genhe-2020, off in national.",
     "setup.branch_committee_at"},
    {"setup.party_staff_ratio", WARNING, "U", false,
     O_ZH "第三十条;" S4_ZH "三(二)", O_EN " Art. 30; " S4_EN " III(2)",
     "专职党务工作人员低于机关工作人员总数的1%", "partyStaffCount below 1% of staffCount",
     "national 1%,genhe-2020 2%,达到比例即不报告。staffCount 或 partyStaffCount 未给出时不判断。",
     "national 1%, genhe-2020 2%; exactly the ratio passes. Not judged when staffCount or "
     "partyStaffCount is absent.",
     "setup.party_staff_min_permille"},
    {"setup.group_leader_vacant", WARNING, "O", false,
     B_ZH "第十三条", B_EN " Art. 13",
     "党小组没有党小组长", "A PARTY_GROUP without a GROUP_LEADER",
     "党小组须有一名在任党小组长。",
     "A party group needs a current group leader.",
     ""},
    // ---- term --------------------------------------------------------------
    {"term.missing", WARNING, "O", false,
     O_ZH "第八条", O_EN " Art. 8",
     "没有在任届期记录", "A committee, general branch or branch with no term record",
     "有任期长度的组织类型(机关党委、党总支、党支部、联合党支部)须有一条未结束的届期。",
     "Every org of a kind with a term length (committee, general branch, branch, joint branch) "
     "needs a term that has not ended.",
     "terms.lengths"},
    {"term.expired", VIOLATION, "O", false,
     O_ZH "第五条至第七条;" E_ZH "第三条", O_EN " Art. 5-7; " E_EN " Art. 3",
     "任期届满未换届", "Current term past its due date",
     "到期日 = 开始日 + 任期(机关党委5年,其他3年)+ 经批准的调整(最多±12个月)。月份相加时目标月"
     "没有该日则取月末(2021-08-31 加6个月为 2022-02-28)。到期当天不报告,次日起报告。",
     "Due date = start + term length (committee 5 years, others 3) + the approved adjustment "
     "(at most 12 months either way). Adding months clamps to the month's end. On the due date "
     "itself nothing is reported; from the next day the term is expired.",
     "terms.lengths,terms.adjustment_limit_months"},
    {"term.due_soon", NOTICE, "O", false,
     "工作实践", "practice",
     "任期即将届满", "Term due within 6 months (and again within 3)",
     "到期日在提醒窗口内(默认6个月、3个月)时提醒,dueOn 为到期日;window 为所在的最小窗口。",
     "Reported when the due date falls within a reminder window (6 and 3 months by default); "
     "dueOn is the due date and window the smallest window it falls in.",
     "terms.lengths,terms.reminder_months"},
    {"term.adjustment_limit", VIOLATION, "O", false,
     E_ZH "第三条", E_EN " Art. 3",
     "换届延期或提前超过1年", "adjustMonths beyond 12 months either way",
     "延期或提前一般不超过1年。超出部分即使经批准也不计入到期日。",
     "An election may be advanced or extended by no more than a year. The part beyond the limit "
     "does not move the due date, approved or not.",
     "terms.adjustment_limit_months"},
    {"term.adjustment_unapproved", VIOLATION, "O", false,
     E_ZH "第三条;" S4_ZH "三(一)8", E_EN " Art. 3; " S4_EN " III(1)8",
     "提前或推迟换届未经批准", "An election held early or late without adjustApproved",
     "已结束的届期:结束日早于到期日超过1个月(提前),或晚于到期日(推迟),而没有经批准的调整。"
     "到期日已计入经批准的调整。",
     "An ended term whose closing election came more than a month before its due date, or after "
     "it, without an approved adjustment covering it. The due date includes approved adjustments.",
     "terms.lengths,terms.early_election_grace_months"},
}};

}  // namespace

absl::Span<const RuleInfo> Rules() { return kRules; }

const RuleInfo* FindRule(std::string_view id) {
  for (const RuleInfo& rule : kRules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace dangjian
