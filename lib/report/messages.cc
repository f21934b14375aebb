#include "lib/report/messages.h"

#include "dangjian/dues.h"

#include "lib/strings.h"
#include "absl/strings/str_format.h"

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

std::string RecordParts(uint32_t bits, Lang lang, bool evidence) {
  std::string out;
  for (size_t i = 0; i < std::size(kRecordParts); ++i) {
    if (!((bits >> i) & 1)) continue;
    if (!out.empty()) out += evidence || lang == Lang::kEn ? "," : "、";
    out += evidence || lang == Lang::kEn ? kRecordParts[i].first : kRecordParts[i].second;
  }
  return out;
}

std::string PeriodText(Day first, PeriodKind kind, Lang lang) {
  const Period p = Period::Containing(kind, first);
  if (lang == Lang::kEn) return p.Label();
  const int year = YearOf(first), month = MonthOf(first);
  switch (kind) {
    case PeriodKind::kMonth: return StrCat(year, "年", month, "月");
    case PeriodKind::kQuarter: return StrCat(year, "年第", (month - 1) / 3 + 1, "季度");
    case PeriodKind::kHalfYear: return StrCat(year, "年", month <= 6 ? "上半年" : "下半年");
    case PeriodKind::kYear: return StrCat(year, "年");
  }
  return p.Label();
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

// A month number (year * 12 + month - 1): "2026年3月" / "2026-03".
std::string MonthText(int64_t number, Lang lang) {
  const int64_t year = number / 12, month = number % 12 + 1;
  if (lang == Lang::kEn) return StrCat(year, "-", month < 10 ? "0" : "", month);
  return StrCat(year, "年", month, "月");
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
    default: return en ? "activities" : "活动";
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
    case K::kActivity: {
      std::string name(ActivityKindName(static_cast<v1::Activity::Kind>(p.value), lang));
      if (p.flag && lang == Lang::kEn) name.erase(name.size() - (name.size() > 4 && name.compare(name.size() - 4, 4, "sses") == 0 ? 2 : 1));
      return name;
    }
    case K::kPeriod: return PeriodText(static_cast<Day>(p.value), static_cast<PeriodKind>(p.extra), lang);
    case K::kWindow: return WindowText(static_cast<uint32_t>(p.value), p.text, p.flag, lang);
    case K::kRecordParts: return RecordParts(static_cast<uint32_t>(p.value), lang, false);
    case K::kMonth: return MonthText(p.value, lang);
    case K::kMonthRange:
      return p.value == p.value2 ? MonthText(p.value, lang)
                                 : StrCat(MonthText(p.value, lang), en ? " to " : "至", MonthText(p.value2, lang));
    case K::kYuan: return FormatYuan(p.value);
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
    case K::kActivity: return v1::Activity::Kind_Name(static_cast<v1::Activity::Kind>(p.value));
    case K::kPeriod: return Period::Containing(static_cast<PeriodKind>(p.extra), static_cast<Day>(p.value)).Label();
    case K::kWindow: {
      std::string out;
      for (int m = 1; m <= 12; ++m) {
        if ((p.value >> m) & 1) StrAppend(&out, out.empty() ? "" : ",", m);
      }
      if (!p.text.empty()) StrAppend(&out, out.empty() ? "" : ";", p.text);
      return out;
    }
    case K::kRecordParts: return RecordParts(static_cast<uint32_t>(p.value), Lang::kEn, true);
    case K::kMonth: return MonthText(p.value, Lang::kEn);
    case K::kMonthRange: {
      std::string out;
      for (int64_t m = p.value; m <= p.value2 && m - p.value < 240; ++m) StrAppend(&out, out.empty() ? "" : ",", MonthText(m, Lang::kEn));
      return out;
    }
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

namespace dangjian {

std::string_view MessageTemplate(std::string_view key, Lang lang) {
  for (const report::Message& m : report::kMessages) {
    if (m.key == key) return lang == Lang::kEn ? m.en : m.zh;
  }
  return {};
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

}  // namespace dangjian
