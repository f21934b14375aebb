// The tables: one line a column. The meanings are what docs/schema.md says of
// each field; the proto comments say the same beside the fields.
#include "lib/tables/tables.h"

#include "absl/strings/ascii.h"
#include "dangjian/v1/snapshot.pb.h"

namespace dangjian::tables {
namespace {

using T = Type;

constexpr Column kUnits[] = {
    {"id", "单位编码", T::kId, kRequired, "unique among units"},
    {"name", "单位名称", T::kText, kOptional, ""},
    {"staff_count", "机关工作人员数", T::kInt, kOptional, "机关工作人员总数: the unit's staff"},
    {"party_staff_count", "专职党务工作人员数", T::kInt, kOptional, "专职党务工作人员: full-time party-affairs staff"},
};

constexpr Column kOrgs[] = {
    {"id", "组织编码", T::kId, kRequired, "unique among orgs"},
    {"name", "组织名称", T::kText, kOptional, ""},
    {"kind", "组织类别", T::kEnum, kRequired, "党支部, 党总支…"},
    {"parent_id", "上级组织", T::kId, kOptional, "the org it is under; empty for a root"},
    {"unit_ids", "所在单位", T::kIds, kOptional, "the units it covers (a joint branch covers several)"},
    {"established_on", "成立日期", T::kDate, kOptional, ""},
    {"approved_exception", "经上级批准", T::kBool, kOptional,
     "set up below the usual threshold with the higher organization's approval (经上级党组织批准)"},
    {"dissolved_on", "撤销日期", T::kDate, kOptional, "for a temporary branch, or any dissolved org"},
};

constexpr Column kMembers[] = {
    {"id", "党员编号", T::kId, kRequired, "unique among members"},
    {"name", "姓名", T::kText, kOptional,
     "personal data: never read by a rule nor copied into findings; shown by the HTML and Excel reports"},
    {"org_id", "所在党支部", T::kId, kRequired, "the branch (any branch kind) the member belongs to"},
    {"group_id", "所在党小组", T::kId, kOptional, "the party group within that branch, if any"},
    {"unit_id", "工作单位", T::kId, kOptional, "the work unit"},
    {"status", "党员状态", T::kEnum, kRequired, "正式党员 or 预备党员"},
    {"admitted_on", "入党日期", T::kDate, kOptional, "接收为预备党员: the branch meeting's approval"},
    {"full_on", "转正日期", T::kDate, kOptional, "转为正式党员"},
    {"probation_extended_months", "延长预备期月数", T::kInt, kOptional, "延长预备期"},
    {"leading_cadre", "党员领导干部", T::kBool, kOptional, "党员领导干部 (双重组织生活)"},
    {"dues_category", "党费类别", T::kEnum, kOptional, "how the monthly dues are set"},
    {"monthly_income_cents", "月收入(元)", T::kYuan, kOptional,
     "the dues base: after-tax fixed monthly wage (or pension)", "monthly_income_yuan"},
    {"dues_exempt_approved", "党费减免已批准", T::kBool, kOptional, "reduction or exemption approved by the higher committee"},
    {"lost_contact_since", "失联日期", T::kDate, kOptional, "失联: out of contact since"},
    {"home_org_id", "组织关系所在组织", T::kId, kOptional,
     "in a temporary branch: the org that keeps the member's relation (组织关系) and collects the dues"},
};

constexpr Column kPositions[] = {
    {"org_id", "组织编码", T::kId, kRequired, "where the position is held"},
    {"member_id", "党员编号", T::kId, kRequired, "who holds it"},
    {"role", "职务", T::kEnum, kRequired, "书记, 副书记, 委员…"},
    {"since", "任职日期", T::kDate, kOptional, ""},
    {"until", "离任日期", T::kDate, kOptional, "empty: current"},
    {"approved", "已批准或备案", T::kBool, kOptional,
     "approved by (secretary, deputy) or filed with (members) the higher organization"},
};

constexpr Column kTerms[] = {
    {"org_id", "组织编码", T::kId, kRequired, "the org whose term it is"},
    {"number", "届次", T::kInt, kOptional, "届次"},
    {"started_on", "届期开始日期", T::kDate, kRequired, "the election that opened it"},
    {"ended_on", "届期结束日期", T::kDate, kOptional, "the election that closed it; empty: current"},
    {"adjust_months", "延期或提前月数", T::kInt, kOptional,
     "approved change of the due date: positive extends (延期), negative advances (提前)"},
    {"adjust_approved", "延期或提前已批准", T::kBool, kOptional, ""},
};

constexpr Column kActivities[] = {
    {"id", "活动编号", T::kId, kRequired, "unique among activities"},
    {"org_id", "组织编码", T::kId, kRequired, "who held it (a branch, group, committee, general branch or leading group)"},
    {"kind", "活动类型", T::kEnum, kRequired, "党员大会, 支委会, 党课…"},
    {"held_on", "活动日期", T::kDate, kRequired, ""},
    {"place", "地点", T::kText, kOptional, ""},
    {"topic", "主题", T::kText, kOptional, ""},
    {"tags", "标记", T::kTexts, kOptional, "e.g. OATH_RENEWAL 重温入党誓词"},
    {"lecturer_id", "授课人", T::kId, kOptional, "the member who gave a lecture"},
    {"minutes", "发言记录", T::kText, kOptional, "发言内容"},
    {"makeup_for", "补课对象活动", T::kId, kOptional, "补课: the id of the activity this one makes up for"},
};
// Members by position in the snapshot's members, counted from 0 across the
// whole snapshot: the compact form of a large binary export. Tables name
// members by id.
constexpr std::string_view kPositionMeaning =
    "the member by position in the snapshot's members, counted from 0 across every message of a delimited stream";
constexpr OtherField kActivityOthers[] = {
    {"attendee_ids", "出席人员", "出席: who attended", "the attendance table: 出席 (ATTENDED)"},
    {"absentees", "缺席人员", "缺席: who was absent, and why (Absentee below)",
     "the attendance table: 请假, 无故缺席, 缺席 (LEAVE_APPROVED, UNEXCUSED, ABSENT)"},
    {"observer_ids", "列席人员", "列席: who observed without a vote", "the attendance table: 列席 (OBSERVER)"},
    {"decisions", "表决情况", "the votes taken (Decision)", "the decisions table"},
    {"resolutions", "决议及分工", "the resolutions and who carries each out (Resolution)", "the resolutions table"},
    {"talk_member_ids", "谈话对象", "for a TALK: who was talked with", "the attendance table: 谈话对象 (TALKED_WITH)"},
    {"attendee_indexes", "出席人员位置", kPositionMeaning, "the attendance table, by id"},
    {"talk_member_indexes", "谈话对象位置", kPositionMeaning, "the attendance table, by id"},
};
constexpr OtherField kByPosition[] = {
    {"member_index", "党员位置", kPositionMeaning, "member_id"},
};
constexpr OtherField kAbsentee[] = {
    {"member_id", "党员编号", "the member", "member_id"},
    {"reason", "缺席原因", "请假 (LEAVE_APPROVED) or 无故缺席 (UNEXCUSED); empty: not said", "attendance"},
    {"member_index", "党员位置", kPositionMeaning, "member_id"},
};
constexpr OtherField kSnapshot[] = {
    {"schema_version", "结构版本", "1 (or not given)", "the tables are version 1"},
};

constexpr Column kAttendance[] = {
    {"activity_id", "活动编号", T::kId, kRequired, "the activity"},
    {"member_id", "党员编号", T::kId, kRequired, "the member"},
    {"attendance", "出勤情况", T::kEnum, kOptional,
     "出席 (empty too), 请假, 无故缺席, 缺席, 列席, or 谈话对象 (for a talk: who was talked with)"},
};

constexpr Column kDecisions[] = {
    {"activity_id", "活动编号", T::kId, kRequired, "the meeting that voted"},
    {"kind", "表决事项", T::kEnum, kOptional, "接收预备党员, 预备党员转正…"},
    {"subject_member_ids", "涉及党员", T::kIds, kOptional, "the members it was about"},
    {"votes_for", "赞成票", T::kInt, kOptional, ""},
    {"votes_against", "反对票", T::kInt, kOptional, ""},
    {"votes_abstain", "弃权票", T::kInt, kOptional, ""},
    {"seats", "应选名额", T::kInt, kOptional, "for an election: the seats to fill"},
    {"candidate_member_ids", "候选人", T::kIds, kOptional, "for an election: every candidate (winners among them)"},
    {"candidate_votes", "候选人得票", T::kInts, kOptional, "for an election: each candidate's votes for, in the candidates' order"},
};

constexpr Column kResolutions[] = {
    {"activity_id", "活动编号", T::kId, kRequired, "the meeting that resolved"},
    {"text", "决议内容", T::kText, kOptional, ""},
    {"owner_id", "落实人", T::kId, kOptional, "the member who carries it out"},
};

constexpr Column kDues[] = {
    {"member_id", "党员编号", T::kId, kRequired, "who paid"},
    {"month", "月份", T::kMonth, kRequired, "the month paid for"},
    {"amount_cents", "金额(元)", T::kYuan, kOptional, "", "amount_yuan"},
    {"paid_on", "交纳日期", T::kDate, kOptional, ""},
};

constexpr Column kLedger[] = {
    {"member_id", "党员编号", T::kId, kRequired, "whose dues"},
    {"year", "年度", T::kInt, kRequired, ""},
    {"paid_months", "已交月份", T::kMonths, kOptional, "the months of the year paid"},
};

constexpr Column kEvents[] = {
    {"member_id", "党员编号", T::kId, kRequired, "whom it happened to"},
    {"kind", "事项", T::kEnum, kRequired, "外出, 转出组织关系, 受到表彰…"},
    {"on", "日期", T::kDate, kRequired, ""},
    {"grade", "评议等次", T::kEnum, kOptional, "for 民主评议定等: 优秀, 合格, 基本合格, 不合格"},
    {"detail", "说明", T::kText, kOptional, ""},
};

constexpr Table kTables[] = {
    {"units", "单位", "dangjian.v1.Unit", "单位: a government organ or department", kUnits},
    {"orgs", "组织", "dangjian.v1.Org", "a party organization", kOrgs},
    {"members", "党员", "dangjian.v1.Member", "党员: a party member", kMembers},
    {"positions", "职务", "dangjian.v1.Position", "职务: a position held in an org", kPositions},
    {"terms", "届期", "dangjian.v1.Term", "届期: a term of an org's committee", kTerms},
    {"activities", "活动", "dangjian.v1.Activity", "a record of organizational life: a meeting, a lecture, a talk",
     kActivities, {}, kActivityOthers},
    {"attendance", "出勤", "", "who attended an activity, who was absent and why, who observed, who was talked with",
     kAttendance, "attendance"},
    {"decisions", "表决", "dangjian.v1.Activity.Decision", "a vote taken at a meeting (表决情况)", kDecisions,
     "decisions"},
    {"resolutions", "决议", "dangjian.v1.Activity.Resolution", "a resolution and who carries it out (决议及分工)",
     kResolutions, "resolutions"},
    {"dues", "党费", "dangjian.v1.DuesPayment", "one dues payment", kDues, {}, kByPosition},
    {"dues_ledger", "党费台账", "dangjian.v1.DuesLedger",
     "dues as a year's months paid: the compact form, instead of or beside payments", kLedger, {}, kByPosition},
    {"events", "党员事项", "dangjian.v1.MemberEvent", "what happened to a member", kEvents},
};

constexpr EnumValue kOrgKinds[] = {
    {"WORKING_COMMITTEE", "机关工委", 1},     {"LEADING_GROUP", "党组", 2},
    {"COMMITTEE", "机关党委|基层党委|党委", 3}, {"GENERAL_BRANCH", "党总支", 4},
    {"BRANCH", "党支部", 5},                  {"JOINT_BRANCH", "联合党支部", 6},
    {"TEMPORARY_BRANCH", "临时党支部", 7},    {"PARTY_GROUP", "党小组", 8},
    {"DISCIPLINE_COMMITTEE", "机关纪委|纪委", 9},
};
constexpr EnumValue kStatuses[] = {{"FULL", "正式党员", 1}, {"PROBATIONARY", "预备党员", 2}};
constexpr EnumValue kDuesCategories[] = {
    {"EMPLOYED", "在职", 1},        {"RETIRED", "离退休|退休", 2},          {"STUDENT", "学生", 3},
    {"UNEMPLOYED", "失业|下岗失业", 4}, {"LOW_INCOME", "生活困难|低收入", 5}, {"FARMER", "农民", 6},
    {"OTHER_FLAT", "其他定额", 7},
};
constexpr EnumValue kRoles[] = {
    {"SECRETARY", "书记", 1},          {"DEPUTY_SECRETARY", "副书记", 2},
    {"COMMITTEE_MEMBER", "委员", 3},   {"DISCIPLINE_MEMBER", "纪检委员", 4},
    {"DISCIPLINE_DESIGNEE", "纪检工作负责人", 5}, {"GROUP_LEADER", "党小组长", 6},
    {"LEADING_GROUP_SECRETARY", "党组书记", 7},  {"LEADING_GROUP_MEMBER", "党组成员", 8},
};
constexpr EnumValue kActivityKinds[] = {
    {"GENERAL_MEETING", "党员大会", 1},
    {"COMMITTEE_MEETING", "支委会|支部委员会会议|总支委员会|党委会", 2},
    {"GROUP_MEETING", "党小组会", 3},
    {"PARTY_LECTURE", "党课", 4},
    {"ORG_LIFE_MEETING", "组织生活会", 5},
    {"DEMOCRATIC_EVALUATION", "民主评议党员|民主评议", 6},
    {"THEME_DAY", "主题党日", 7},
    {"TALK", "谈心谈话", 8},
    {"COMMUNITY_SERVICE", "在职党员进社区|进社区", 9},
    {"ELECTION", "换届选举|选举", 10},
    {"CADRE_CONGRESS", "机关党员大会|机关党员干部大会", 11},
    {"INSPECTION", "督导检查", 12},
    {"DEMOCRATIC_LIFE_MEETING", "民主生活会", 13},
    {"WORK_PLAN", "支部工作计划|工作计划", 14},
};
constexpr EnumValue kAttendances[] = {
    {"ATTENDED", "出席", static_cast<int>(Attendance::kAttended)},
    {"LEAVE_APPROVED", "请假", static_cast<int>(Attendance::kLeaveApproved)},
    {"UNEXCUSED", "无故缺席", static_cast<int>(Attendance::kUnexcused)},
    {"ABSENT", "缺席", static_cast<int>(Attendance::kAbsent)},
    {"OBSERVER", "列席", static_cast<int>(Attendance::kObserver)},
    {"TALKED_WITH", "谈话对象", static_cast<int>(Attendance::kTalkedWith)},
};
constexpr EnumValue kAbsenteeReasons[] = {{"LEAVE_APPROVED", "请假", 1}, {"UNEXCUSED", "无故缺席", 2}};
constexpr EnumValue kDecisionKinds[] = {
    {"ADMIT_PROBATIONARY", "接收预备党员", 1}, {"CONVERT_TO_FULL", "预备党员转正|转正", 2},
    {"EXTEND_PROBATION", "延长预备期", 3},    {"REMOVE_MEMBER", "除名", 4},
    {"ELECT", "选举", 5},                     {"OTHER", "其他", 6},
};
constexpr EnumValue kEventKinds[] = {
    {"UNIT_CHANGED", "单位变动|调动单位", 1},
    {"LEFT_LOCALITY", "外出", 2},
    {"RETURNED", "返回", 3},
    {"TRANSFERRED_OUT", "转出组织关系|转出", 4},
    {"TRANSFERRED_IN", "转入组织关系|转入", 5},
    {"JOB_CHANGED", "工作变动", 6},
    {"COMMENDED", "受到表彰", 7},
    {"DISCIPLINED", "受到处分", 8},
    {"HARDSHIP", "遇到困难", 9},
    {"CONFLICT", "出现矛盾和意见分歧|矛盾分歧", 10},
    {"COMPLAINT", "群众有不良反映|不良反映", 11},
    {"RETIRED", "退休", 12},
    {"EVALUATED", "民主评议定等", 13},
    {"HANDLED", "组织处置", 14},
};
constexpr EnumValue kGrades[] = {
    {"EXCELLENT", "优秀", 1}, {"QUALIFIED", "合格", 2}, {"BASICALLY_QUALIFIED", "基本合格", 3}, {"UNQUALIFIED", "不合格", 4},
};

constexpr Enum kEnums[] = {
    {"dangjian.v1.Org.Kind", "org kind", "组织类别", kOrgKinds},
    {"dangjian.v1.Member.Status", "member status", "党员状态", kStatuses},
    {"dangjian.v1.Member.DuesCategory", "dues category", "党费类别", kDuesCategories},
    {"dangjian.v1.Position.Role", "role", "职务", kRoles},
    {"dangjian.v1.Activity.Kind", "activity kind", "活动类型", kActivityKinds},
    {"attendance", "attendance", "出勤情况", kAttendances},
    {"dangjian.v1.Activity.Absentee.Reason", "absence reason", "缺席原因", kAbsenteeReasons},
    {"dangjian.v1.Activity.Decision.Kind", "decision kind", "表决事项", kDecisionKinds},
    {"dangjian.v1.MemberEvent.Kind", "member event kind", "党员事项", kEventKinds},
    {"dangjian.v1.MemberEvent.Grade", "grade", "评议等次", kGrades},
};

// An English header as written: any case, a space or a dash for _.
bool SameEnglish(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto fold = [](char c) { return c == ' ' || c == '-' ? '_' : absl::ascii_tolower(static_cast<unsigned char>(c)); };
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

}  // namespace

const google::protobuf::Descriptor* Table::Descriptor() const {
  if (message.empty()) return nullptr;
  v1::Snapshot::descriptor();  // the generated pool holds the schema once its file is linked
  return google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(std::string(message));
}

const Column* Table::FindColumn(std::string_view header) const {
  for (const Column& c : columns) {
    if (c.zh == header || SameEnglish(c.English(), header)) return &c;
  }
  return nullptr;
}

absl::Span<const Table> All() { return kTables; }

const Table* Find(std::string_view name) {
  for (const Table& t : kTables) {
    if (t.name == name || t.zh == name) return &t;
  }
  return nullptr;
}

const EnumValue* Enum::Find(std::string_view text) const {
  // A value's English name as written, as tables mostly have it, is told
  // before the names are compared letter by letter.
  for (const EnumValue& v : values) {
    if (v.name == text) return &v;
  }
  for (const EnumValue& v : values) {
    if (SameEnglish(v.name, text)) return &v;
    for (std::string_view names = v.zh;;) {
      const size_t bar = names.find('|');
      if (names.substr(0, bar) == text) return &v;
      if (bar == std::string_view::npos) break;
      names.remove_prefix(bar + 1);
    }
  }
  return nullptr;
}

const Enum* EnumOf(const Table& table, const Column& column) {
  if (column.type != Type::kEnum) return nullptr;
  std::string_view type = "attendance";
  if (const google::protobuf::Descriptor* d = table.Descriptor()) {
    const google::protobuf::FieldDescriptor* f = d->FindFieldByName(std::string(column.field));
    if (f == nullptr || f->enum_type() == nullptr) return nullptr;
    type = f->enum_type()->full_name();
  }
  for (const Enum& e : kEnums) {
    if (e.type == type) return &e;
  }
  return nullptr;
}

absl::Span<const Enum> Enums() { return kEnums; }
absl::Span<const OtherField> AbsenteeFields() { return kAbsentee; }
absl::Span<const OtherField> SnapshotFields() { return kSnapshot; }

std::string_view EnumKindName(std::string_view en, Lang lang) {
  for (const Enum& e : kEnums) {
    if (e.en == en) return lang == Lang::kEn ? e.en : e.zh;
  }
  return en;
}

}  // namespace dangjian::tables
