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
#define D_ZH "《关于中国共产党党费收缴、使用和管理的规定》"
#define D_EN "Provisions on Party Dues (2008)"
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
     O_ZH "第八条;" S4_ZH "三(二)1", O_EN " Art. 8; " S4_EN " III(2)1",
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
     S4_ZH "三(二)1", S4_EN " III(2)1",
     "不设委员会的党支部没有指定纪检工作负责人", "A branch without a committee and without a DISCIPLINE_DESIGNEE",
     "未达到设立委员会人数条件的党支部、联合党支部,须有在任的纪检工作负责人。genhe-2020 启用,"
     "national 关闭。",
     "A BRANCH or JOINT_BRANCH below the committee threshold needs a current discipline designee. On "
     "in genhe-2020, off in national.",
     "setup.branch_committee_at"},
    {"setup.party_staff_ratio", WARNING, "U", false,
     O_ZH "第三十条;" S4_ZH "四(二)", O_EN " Art. 30; " S4_EN " IV(2)",
     "专职党务工作人员低于机关工作人员总数的1%", "partyStaffCount below 1% of staffCount",
     "national 1%,genhe-2020 2%,达到比例即不报告。staffCount 或 partyStaffCount 未给出时不判断。",
     "national 1%, genhe-2020 2%; exactly the ratio passes. Not judged when staffCount or "
     "partyStaffCount is absent.",
     "setup.party_staff_min_permille"},
    {"setup.temporary_branch_scope", VIOLATION, "O/A", false,
     B_ZH "第五条", B_EN " Art. 5",
     "临时党支部收缴党费、发展党员或进行选举", "A TEMPORARY_BRANCH that collects dues, admits members or holds an election",
     "临时党支部一般不发展党员、不收缴党费、不选举。报告它举行的换届选举和接收预备党员的表决(每项活动一条),"
     "以及编在它之下的党员的缴费记录(一条,给出笔数)。",
     "A temporary branch does not admit members, collect dues or hold elections. Reported: each election it "
     "holds and each activity with an ADMIT_PROBATIONARY decision, and (once, with the count) dues payments "
     "of members recorded in it.",
     ""},
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
     E_ZH "第三条;" S4_ZH "三(二)8", E_EN " Art. 3; " S4_EN " III(2)8",
     "提前或推迟换届未经批准", "An election held early or late without adjustApproved",
     "已结束的届期:结束日早于到期日超过1个月(提前),或晚于到期日(推迟),而没有经批准的调整。"
     "到期日已计入经批准的调整。",
     "An ended term whose closing election came more than a month before its due date, or after "
     "it, without an approved adjustment covering it. The due date includes approved adjustments.",
     "terms.lengths,terms.early_election_grace_months"},
    {"term.election_quorum", VIOLATION, "A", false,
     E_ZH ";工作实践:到会人数须超过应到会人数的五分之四", E_EN "; practice: more than 4/5 of those entitled present",
     "选举到会人数不超过应到会正式党员的五分之四", "An ELECTION attended by no more than 4/5 of the full members",
     "应到会人数为该支部正式党员人数(预备党员没有表决权);到会人数为出席者中属于该支部的正式党员。"
     "须超过五分之四:10名正式党员到会8名不够,9名才够。",
     "Those entitled are the branch's full members (probationary members do not vote); those present are "
     "the attendees among them. More than 4/5 is needed: of 10, 8 is not enough, 9 is.",
     "life.election_quorum_percent"},
    {"term.probationary_voter", VIOLATION, "A", false,
     E_ZH "第五条", E_EN " Art. 5",
     "预备党员参加了选举表决", "An ELECTION counting a probationary member's vote",
     "选举中一项表决的赞成、反对、弃权票合计多于到会的正式党员人数,说明有预备党员投票。",
     "A decision of an election whose votes for, against and abstaining add up to more than the full "
     "members present: probationary members voted.",
     ""},
    {"life.general_meeting", VIOLATION, "O", false,
     B_ZH "第十一条", B_EN " Art. 11",
     "党支部每季度至少召开1次党员大会", "Branch kinds: a GENERAL_MEETING at least once a quarter",
     "党员大会,一般每季度召开1次。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "The members' general meeting, generally once a quarter. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.committee_meeting", VIOLATION, "O", false,
     B_ZH "第十二条", B_EN " Art. 12",
     "支部委员会每月至少召开1次", "Branches with a committee: a COMMITTEE_MEETING at least once a month",
     "只对应设支部委员会的党支部(达到设立委员会的人数条件)。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "Only branches that must have a committee (the committee threshold). "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.group_meeting", VIOLATION, "O", false,
     B_ZH "第十三条", B_EN " Art. 13",
     "党小组每月至少召开1次党小组会", "A PARTY_GROUP: a GROUP_MEETING at least once a month",
     "党小组会一般每月召开1次。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "Generally once a month. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.party_lecture", VIOLATION, "O", false,
     S4_ZH "三(二)2", S4_EN " III(2)2",
     "党支部每季度至少上1次党课", "Branch kinds: a PARTY_LECTURE at least once a quarter (genhe-2020)",
     "genhe-2020 启用;national 中没有这项义务。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "genhe-2020 only; national holds no such obligation. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.secretary_lecture", VIOLATION, "M", false,
     S4_ZH "三(一)3", S4_EN " III(1)3",
     "党支部书记每年至少讲2次党课", "The branch secretary lectures at least twice a year (genhe-2020)",
     "按 lecturerId 认定;只对整个周期都在任的书记。genhe-2020 启用。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "Matched by lecturerId; owed by a secretary in office for the whole period. genhe-2020 only. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.leader_lecture", VIOLATION, "M", false,
     B_ZH "第十五条;" S4_ZH "三(二)2", B_EN " Art. 15; " S4_EN " III(2)2",
     "党组书记、机关党委书记每年至少讲1次党课", "Leaders lecture at least once a year",
     "national:党组书记和机关党委书记;genhe-2020:每名党组成员。按 lecturerId 认定(可在任何支部讲),只对整个周期都在任的人。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "national: the leading group's secretary and each committee's secretary; genhe-2020: every leading group member. Matched by lecturerId, at any branch; owed by those in office for the whole period. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.theme_day", VIOLATION, "O", false,
     B_ZH "第十六条", B_EN " Art. 16",
     "党支部每月至少开展1次主题党日", "Branch kinds: a THEME_DAY at least once a month",
     "主题党日每月相对固定1天。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "A theme day each month. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.oath_theme_day", WARNING, "O", false,
     S4_ZH "三(二)6", S4_EN " III(2)6",
     "七一前(6月)开展重温入党誓词的主题党日", "A THEME_DAY tagged OATH_RENEWAL in June (genhe-2020)",
     "只计6月、带 OATH_RENEWAL 标记的主题党日;6月30日后判断。genhe-2020 启用。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "Only June theme days tagged OATH_RENEWAL count; judged after 30 June. genhe-2020 only. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.org_life_meeting", VIOLATION, "O", false,
     B_ZH "第十七条", B_EN " Art. 17",
     "党支部每年至少召开1次组织生活会(一般在第四季度)", "Branch kinds: an ORG_LIFE_MEETING at least once a year; a NOTICE when not in Q4",
     "召开了但不在第四季度的,提醒一次。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "Held, but not in Q4: one NOTICE. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.democratic_evaluation", VIOLATION, "O", false,
     B_ZH "第十九条", B_EN " Art. 19",
     "党支部每年开展1次民主评议党员", "Branch kinds: a DEMOCRATIC_EVALUATION at least once a year",
     "民主评议党员一般每年1次。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "Once a year. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.general_branch_meetings", VIOLATION, "O", false,
     S4_ZH "三(一)2", S4_EN " III(1)2",
     "党总支:每年1次党员大会、每季度1次总支委员会、每半年1次督导检查", "A GENERAL_BRANCH: a GENERAL_MEETING a year, a COMMITTEE_MEETING a quarter, an INSPECTION a half-year (genhe-2020)",
     "三项义务共用此规则,各自判断。genhe-2020 启用。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "Three obligations share this rule, each judged on its own. genhe-2020 only. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.cadre_congress", VIOLATION, "O", false,
     O_ZH "第二十六条", O_EN " Art. 26",
     "机关党委每年至少召开1次机关党员大会", "A COMMITTEE: a CADRE_CONGRESS at least once a year",
     "机关党员(干部)大会每年至少1次。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "At least once a year. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.community_service", WARNING, "O", false,
     S4_ZH "三(二)9", S4_EN " III(2)9",
     "在职党员每月进社区", "Branch kinds: COMMUNITY_SERVICE at least once a month (genhe-2020)",
     "genhe-2020 启用。"
     "已结束的每个周期单独判断,一个周期一条;组织在周期内未完整存在(成立晚于周期开始或在周期内撤销)的不欠该周期。"
     "正在进行的周期未完成时提醒(NOTICE),dueOn 为周期最后一天。",
     "genhe-2020 only. "
     "Each period that has ended is judged on its own, one finding a period; an org that did not exist for the "
     "whole period (established after its start, dissolved within it) owes nothing for it. The period still "
     "running raises a NOTICE with dueOn, its last day, while not yet met.",
     "obligations"},
    {"life.record_incomplete", WARNING, "A", false,
     S4_ZH "三(二)2", S4_EN " III(2)2",
     "会议记录要素不全", "A meeting record lacking its parts",
     "会议类活动(党员大会、支委会、党小组会、组织生活会、民主评议、换届选举、机关党员大会)须有地点、主题、"
     "出席人、发言记录;党员大会的出席与缺席须覆盖本支部全体党员;表决须有票数;决议须有落实人。每项活动一条,"
     "missing 列出缺少的要素。",
     "Meetings (general, committee, group, org-life, evaluation, election, cadre congress) need a place, a "
     "topic, attendees and minutes; a general meeting's present and absent must account for every member of "
     "the branch; a decision needs its tally; a resolution its owner. One finding an activity; missing lists "
     "what is lacking.",
     ""},
    {"life.committee_quorum", VIOLATION, "A", false,
     B_ZH "第十二条", B_EN " Art. 12",
     "支委会到会委员不超过半数", "A COMMITTEE_MEETING attended by no more than half the committee",
     "委员会按会议当天在任的委员计。须超过半数:4名委员到会2名不够,3名才够。",
     "The committee as of the meeting day. More than half: of 4, 2 is not enough, 3 is.",
     "life.committee_quorum_percent"},
    {"life.individual_vote", VIOLATION, "A", false,
     "《中国共产党发展党员工作细则》第二十四条", "Recruitment Rules (2014) Art. 24",
     "接收预备党员、转正、延长预备期未逐个表决", "One decision admitting, converting or extending 2+ members at once",
     "接收预备党员、预备党员转正、延长预备期须逐个表决:一项表决只能涉及1名党员。",
     "Admission, conversion and extension of probation are voted one person at a time.",
     ""},
    {"life.leader_dual_life", VIOLATION, "M", false,
     O_ZH ";" S4_ZH "三(一)1、三(二)2", O_EN "; " S4_EN " III(1)1, III(2)2",
     "党员领导干部一个季度未参加所在支部的党员大会和组织生活会", "A leadingCadre member present at none of the branch's general and org-life meetings in a quarter",
     "只判断支部在该季度开过这类会议的季度(支部没开会由 life.general_meeting 报告)。出席或讲课均算参加。",
     "Judged only for quarters in which the branch held such a meeting (a branch that held none is "
     "life.general_meeting's). Attending or lecturing counts.",
     ""},
    {"life.makeup_missing", WARNING, "M", false,
     S4_ZH "三(二)6", S4_EN " III(2)6",
     "请假缺席党员大会或主题党日,30天内未补课", "Absent on approved leave from a GENERAL_MEETING or THEME_DAY, no make-up within 30 days",
     "补课是 makeupFor 指向该活动、本人出席、在缺席后30天内举行的活动。期限未到的不判断。",
     "A make-up is an activity whose makeupFor names the missed one, attended by the member, held within 30 "
     "days. Not judged before the 30 days are over.",
     "life.makeup_days"},
    {"life.member_talk", WARNING, "M", false,
     B_ZH "第十八条", B_EN " Art. 18",
     "党员一年内未参加谈心谈话", "A member in no TALK in a year",
     "按 TALK 活动的 talkMemberIds 认定。只判断整年都在本支部的党员(接收、转入早于年初,未转出);"
     "年度未结束而尚无谈话的,提醒(NOTICE),dueOn 为年末。",
     "Matched by the talkMemberIds of TALK activities. Judged for members of the branch for the whole "
     "year (admitted and transferred in before it began, not transferred out); while the year runs and no "
     "talk was held, a NOTICE due at its end.",
     ""},
    {"member.dues_unpaid_run", VIOLATION, "M", false,
     C_ZH "第九条;" D_ZH "第十二条", C_EN " Art. 9; " D_EN " Art. 12",
     "连续6个月以上未交纳党费", "6 or more consecutive unpaid months, not exempt",
     "缴费来自 dues(每笔)和 duesLedger(按年的已缴月份),两者合并。已结束的月份才判断(as-of 所在月份未满不算);"
     "接收为预备党员之前的月份、转入之前和转出之后的月份、快照中最早的缴费记录之前的月份不算未缴;经批准减免的党员不判断。"
     "一段连续未缴一条,可跨年(10月至次年3月),evidence 列出月份;连续段结束于检查窗口内的报告。",
     "Payments (dues) and the compact ledger (duesLedger) are merged. Only months that have ended count "
     "(not the month of as-of until its last day); months before admission, before a transfer in or after a "
     "transfer out, and before the snapshot's earliest dues record are not unpaid; exempt members are left "
     "out. One finding a run, across year ends (October to March), its months in the evidence; runs that "
     "end within the window are reported.",
     "members.dues_run_months"},
    {"member.dues_arrears", WARNING, "M", false,
     D_ZH "第十二条", D_EN " Art. 12",
     "连续3至5个月未交纳党费", "3 to 5 consecutive unpaid months",
     "计算方法同 member.dues_unpaid_run;达到6个月的只报告那一条。",
     "Counted as member.dues_unpaid_run; a run of 6 or more is that rule's alone.",
     "members.dues_arrears_months,members.dues_run_months"},
    {"member.dues_below_standard", WARNING, "M", false,
     D_ZH "第二条至第六条", D_EN " Art. 2-6",
     "交纳的党费低于按标准计算的数额", "A payment below the standard computed from duesCategory and monthlyIncomeCents",
     "标准由 duesCategory 和 monthlyIncomeCents 按规范的比例和取整计算;只比较 dues 中有金额的缴费,duesLedger 没有金额。"
     "每名党员一条,给出低于标准的笔数和最早的月份。",
     "The standard follows the profile's brackets and rounding. Only payments in dues carry an amount; the "
     "ledger does not. One finding a member, with how many payments fell short and the first month.",
     "dues"},
    {"member.no_org_life_run", VIOLATION, "M", false,
     C_ZH "第九条", C_EN " Art. 9",
     "连续6个月以上未参加组织生活", "6 or more consecutive months present at no activity of the member's branch or group",
     "出席、讲课或补课都算参加。只看支部(或其党小组)举行了活动的月份:支部一个月没有活动,这个月既不算缺席也不打断连续。"
     "接收、转入之前和转出之后的月份、快照中最早的活动记录之前的月份不算。",
     "Attending, lecturing or a make-up count. Only months in which the branch (or the member's group) held "
     "an activity count: a month with none neither counts nor breaks the run. Months before admission or a "
     "transfer in, after a transfer out, and before the snapshot's earliest activity do not count.",
     "members.org_life_run_months"},
    {"member.transfer_overdue", VIOLATION, "M", false,
     S4_ZH "三(二)7", S4_EN " III(2)7",
     "外出6个月以上或工作单位变动3个月以上未转接组织关系",
     "LEFT_LOCALITY for 6+ months, or UNIT_CHANGED to a unit the branch does not cover for 3+ months, without TRANSFERRED_OUT",
     "外出:最近一次 LEFT_LOCALITY 之后没有 RETURNED 或 TRANSFERRED_OUT,已满6个月。单位变动:最近一次 UNIT_CHANGED 之后,"
     "党员现在的单位(unitId)不在支部覆盖的单位中,已满3个月,没有 TRANSFERRED_OUT。",
     "Away: the latest LEFT_LOCALITY followed by no RETURNED or TRANSFERRED_OUT for 6 months. Unit: after the "
     "latest UNIT_CHANGED the member's unitId is not among the branch's units, for 3 months, with no "
     "TRANSFERRED_OUT.",
     "members.left_locality_months,members.unit_changed_months"},
    {"member.probation_overdue", VIOLATION, "M", false,
     C_ZH "第七条", C_EN " Art. 7",
     "预备期满未讨论转正", "Probationary beyond admittedOn + 12 months + extension with no conversion decision",
     "预备期满日 = 接收日 + 12个月 + 延长期(最多12个月),月末取整同任期。满期当天不报告,次日起报告;"
     "有 CONVERT_TO_FULL 或 EXTEND_PROBATION 表决(不论结果)视为已讨论。",
     "The probation ends on admittedOn + 12 months + the extension (at most 12), clamped to month end. On "
     "that day nothing is reported; from the next day it is overdue, unless a CONVERT_TO_FULL or "
     "EXTEND_PROBATION decision names the member.",
     "members.probation_months,members.probation_extension_limit_months"},
    {"member.probation_extension_limit", VIOLATION, "M", false,
     C_ZH "第七条", C_EN " Art. 7",
     "延长预备期超过1年", "An extension of probation over 12 months",
     "probationExtendedMonths 超过12个月;超出部分不计入预备期满日。",
     "probationExtendedMonths beyond 12; the excess does not move the end of probation.",
     "members.probation_extension_limit_months"},
    {"member.probation_due_soon", NOTICE, "M", false,
     C_ZH "第七条", C_EN " Art. 7",
     "预备期将满", "Probation ends within 30 days",
     "预备期满日在今后30天内(含当天),dueOn 为满期日。",
     "The end of probation within the next 30 days, the day itself included; dueOn is that day.",
     "members.probation_notice_days"},
    {"member.talk_required", WARNING, "M", false,
     S4_ZH "三(二)5", S4_EN " III(2)5",
     "六必谈:事件发生后30天内未谈心谈话",
     "JOB_CHANGED, COMMENDED, DISCIPLINED, HARDSHIP, CONFLICT, COMPLAINT or RETIRED without a TALK within 30 days",
     "谈话是 TALK 活动且 talkMemberIds 含该党员,在事件当天至30天内举行(第30天算,第31天不算)。30天未满的不报告。",
     "A TALK whose talkMemberIds name the member, held from the event's day to 30 days after (day 30 counts, "
     "day 31 does not). Not judged before the 30 days are over.",
     "members.talk_days"},
    {"member.lost_contact", WARNING, "M", false,
     "工作实践", "practice",
     "失联6个月以上", "lostContactSince 6 or more months ago",
     "失联满6个月当天起报告。",
     "Reported from the day 6 months have passed.",
     "members.lost_contact_months"},
    {"member.unqualified_unhandled", WARNING, "M", false,
     S4_ZH "三(二)4", S4_EN " III(2)4",
     "评议为不合格党员90天内未作组织处置", "EVALUATED UNQUALIFIED with no HANDLED within 90 days",
     "EVALUATED 事件的 grade 为 UNQUALIFIED,其后90天内没有 HANDLED 事件;90天未满的不报告。",
     "An EVALUATED event graded UNQUALIFIED followed by no HANDLED event within 90 days; not judged before "
     "the 90 days are over.",
     "members.unqualified_handling_days"},
}};

}  // namespace

absl::Span<const RuleInfo> Rules() { return kRules; }

bool RuleMatches(std::string_view id_or_family, std::string_view rule_id) {
  return rule_id == id_or_family ||
         (rule_id.size() > id_or_family.size() && rule_id.substr(0, id_or_family.size()) == id_or_family &&
          rule_id[id_or_family.size()] == '.');
}

const RuleInfo* FindRule(std::string_view id) {
  for (const RuleInfo& rule : kRules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace dangjian
