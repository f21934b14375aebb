#include "lib/report/messages.h"

#include "lib/strings.h"
#include "absl/strings/str_format.h"

namespace dangjian::report {
namespace {

struct Message {
  std::string_view key, zh, en;
};

constexpr Message kMessages[] = {
    {"structure.invalid_nesting", "{kind}不能设在{parentKind}之下", "a {kind} may not sit under a {parentKind}"},
    {"structure.member_org_kind", "党员编在{orgKind}中,而不是党支部", "the member belongs to a {orgKind}, not to a branch"},
    {"data.unknown_reference", "{field} 引用的{problem}“{value}”不存在", "{field} names {problem} \"{value}\", which no record defines"},
    {"data.invalid_value", "{field} 的值“{value}”无效:{problem}", "{field} has an invalid value \"{value}\": {problem}"},
    {"setup.branch_min_full_members", "{basis}{count}名,成立党支部须{basis}{required}",
     "{count} {basis}; a branch needs {required} {basis}"},
    {"setup.branch_max_members", "{basis}{count}名,党支部{basis}一般{allowed}",
     "{count} {basis}; a branch generally has {allowed} {basis}"},
    {"setup.general_branch_min_members", "所辖{basis}{count}名,设立党总支须{basis}{required},且无上级批准",
     "{count} {basis} in its subtree; a general branch needs {required} {basis}, and no approved exception is recorded"},
    {"setup.committee_min_members", "所辖{basis}{count}名,设立机关党委须{basis}{required},且无上级批准",
     "{count} {basis} in its subtree; a committee needs {required} {basis}, and no approved exception is recorded"},
    {"setup.upgrade_suggested", "所辖{basis}{count}名,已达到设立{suggested}的条件({basis}{threshold})",
     "{count} {basis}: enough for a {suggested} ({threshold} {basis})"},
    {"setup.joint_branch_max_units", "联合党支部覆盖{units}个单位,一般不超过{max}个",
     "the joint branch covers {units} units; generally no more than {max}"},
    {"setup.unit_own_branch", "单位 {unit} 有{basis}{count}名({required}即可成立党支部),应单独成立党支部",
     "unit {unit} has {count} {basis} ({required} make a branch): it should have a branch of its own"},
    {"setup.branch_committee_required", "{basis}{count}名({threshold}应设支部委员会),在任委员{committee}名,少于{min}名",
     "{count} {basis} ({threshold} require a branch committee); it has {committee} members, fewer than {min}"},
    {"setup.branch_committee_size", "支部委员会{committee}人,一般由{min}至{usualMax}人组成",
     "the branch committee has {committee} members; it usually has {min} to {usualMax}"},
    {"setup.branch_committee_size.over_max", "支部委员会{committee}人,超过{max}人",
     "the branch committee has {committee} members, more than {max}"},
    {"setup.branch_no_committee_roles", "{basis}{count}名,未达到设立支部委员会的条件({threshold}),只应设书记1人、必要时副书记1人,现有委员{roles}名",
     "{count} {basis}, below the committee threshold ({threshold}): a secretary and at most one deputy, but {roles} hold committee roles"},
    {"setup.secretary_vacant", "{kind}没有在任书记", "the {kind} has no current secretary"},
    {"setup.secretary_not_approved", "{role}的任职未经上级党组织批准", "the {role} has not been approved by the higher organization"},
    {"setup.discipline_committee", "机关党委没有设立机关纪委", "the committee has no discipline committee under it"},
    {"setup.discipline_member", "{kind}没有纪检委员", "the {kind} has no discipline member"},
    {"setup.discipline_designee", "不设委员会的党支部没有指定专人负责纪检工作",
     "the branch has no committee and no one designated for discipline work"},
    {"setup.party_staff_ratio", "单位 {unit} 专职党务工作人员{partyStaff}名,占机关工作人员{staff}名的{ratio},低于{min}",
     "unit {unit} has {partyStaff} full-time party staff of {staff} ({ratio}), below {min}"},
    {"setup.group_leader_vacant", "党小组没有在任党小组长", "the party group has no current group leader"},
    {"term.missing", "{kind}没有在任届期记录", "the {kind} has no current term on record"},
    {"term.expired", "本届任期自{startedOn}起,应于{dueOn}换届,已超期{overdueDays}天",
     "the term begun {startedOn} was due for election on {dueOn}; {overdueDays} days overdue"},
    {"term.due_soon", "本届任期将于{dueOn}届满(还有{daysLeft}天),请做好换届准备",
     "the term is due on {dueOn}, in {daysLeft} days: prepare the election"},
    {"term.adjustment_limit", "{startedOn}起的届期调整{adjustMonths}个月,超过{limit}个月的上限",
     "the term begun {startedOn} is adjusted by {adjustMonths} months, beyond the limit of {limit}"},
    {"term.adjustment_unapproved.early", "{startedOn}起的届期于{endedOn}提前换届(应于{dueOn}),未经批准",
     "the term begun {startedOn} ended on {endedOn}, early for its due date {dueOn}, without approval"},
    {"term.adjustment_unapproved.late", "{startedOn}起的届期于{endedOn}才换届(应于{dueOn}),推迟未经批准",
     "the term begun {startedOn} ended on {endedOn}, after its due date {dueOn}, without approval"},
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
};

std::string_view Problem(std::string_view en, Lang lang) {
  if (lang == Lang::kEn) return en;
  for (const auto& [k, zh] : kProblems) if (k == en) return zh;
  return en;
}

std::string Percent(int64_t thousandths) {
  std::string s = absl::StrFormat("%d.%03d", thousandths / 1000, thousandths % 1000);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

}  // namespace

std::string_view Template(std::string_view key, Lang lang) {
  for (const Message& m : kMessages) {
    if (m.key == key) return lang == Lang::kEn ? m.en : m.zh;
  }
  return {};
}

std::vector<std::string_view> TemplateKeys() {
  std::vector<std::string_view> keys;
  for (const Message& m : kMessages) keys.push_back(m.key);
  return keys;
}

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

std::string_view SeverityName(v1::Severity severity, Lang lang) {
  const bool en = lang == Lang::kEn;
  switch (severity) {
    case v1::VIOLATION: return en ? "violation" : "违规";
    case v1::WARNING: return en ? "warning" : "预警";
    case v1::NOTICE: return en ? "notice" : "提醒";
    default: return "";
  }
}

std::string FormatForMessage(const check::Param& p, Lang lang) {
  const bool en = lang == Lang::kEn;
  using K = check::ParamKind;
  switch (p.kind) {
    case K::kInt: return StrCat(p.value);
    case K::kDate: return FormatDate(static_cast<Day>(p.value));
    case K::kText: return std::string(p.text);
    case K::kProblem: return std::string(Problem(p.text, lang));
    case K::kBasis: return std::string(p.flag ? (en ? "full members" : "正式党员") : (en ? "members" : "党员"));
    case K::kAtLeast:
      return p.flag ? (en ? StrCat("at least ", p.value) : StrCat(p.value, "名以上"))
                    : (en ? StrCat("more than ", p.value) : StrCat("超过", p.value, "名"));
    case K::kAtMost:
      return p.flag ? (en ? StrCat("at most ", p.value) : StrCat("不超过", p.value, "名"))
                    : (en ? StrCat("fewer than ", p.value) : StrCat("不足", p.value, "名"));
    case K::kOrgKind: return std::string(OrgKindName(static_cast<OrgKind>(p.value), lang));
    case K::kRole: return std::string(RoleName(static_cast<Role>(p.value), lang));
    case K::kPercent: return Percent(p.value);
  }
  return "";
}

std::string FormatForEvidence(const check::Param& p) {
  using K = check::ParamKind;
  switch (p.kind) {
    case K::kBasis: return p.flag ? "FULL_MEMBERS" : "ALL_MEMBERS";
    case K::kAtLeast: return StrCat(p.flag ? ">=" : ">", p.value);
    case K::kAtMost: return StrCat(p.flag ? "<=" : "<", p.value);
    case K::kOrgKind: return v1::Org::Kind_Name(static_cast<OrgKind>(p.value));
    case K::kRole: return v1::Position::Role_Name(static_cast<Role>(p.value));
    case K::kProblem: return std::string(p.text);
    default: return FormatForMessage(p, Lang::kEn);
  }
}

std::string Render(std::string_view tmpl, absl::Span<const check::Param> params, Lang lang) {
  std::string out;
  size_t i = 0;
  while (i < tmpl.size()) {
    const size_t open = tmpl.find('{', i);
    if (open == std::string_view::npos) break;
    const size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(tmpl.substr(i, open - i));
    const std::string_view name = tmpl.substr(open + 1, close - open - 1);
    bool found = false;
    for (const check::Param& p : params) {
      if (p.name == name) {
        out += FormatForMessage(p, lang);
        found = true;
        break;
      }
    }
    if (!found) out.append(tmpl.substr(open, close - open + 1));  // left visible: a test catches it
    i = close + 1;
  }
  out.append(tmpl.substr(i));
  return out;
}

}  // namespace dangjian::report
