// The report pages (--format html): one self-contained file each, with no
// network — its stylesheet and script (page_style.css, page_script.js) compiled in, its
// data embedded as JSON and drawn by the script: the summary and its charts
// first, then the org tree, each org's rows made only when it is opened, so
// that a report of a whole province opens as fast as a branch's.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/dues.h"
#include "dangjian/report.h"
#include "dangjian/rules.h"
#include "dangjian/stats.h"
#include "lib/embedded.h"
#include "lib/report/header.h"
#include "lib/report/messages.h"
#include "lib/strings.h"

namespace dangjian {
namespace {

using report::Arg;
using report::Text;

std::string_view PagePart(std::string_view stem) {
  for (size_t i = 0; i < embedded::kPageCount; ++i) {
    if (embedded::kPage[i].stem == stem) return embedded::kPage[i].content;
  }
  return {};
}

// `text` as a JSON string, safe inside <script>: no "</script>", no "<!--".
void AppendJson(std::string* out, std::string_view text) {
  out->push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '<': out->append("\\u003c"); break;
      case '>': out->append("\\u003e"); break;
      case '&': out->append("\\u0026"); break;
      default:
        if (c < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
          out->append(static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029");  // line separators
          i += 2;
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

std::string Json(std::string_view text) {
  std::string out;
  AppendJson(&out, text);
  return out;
}

std::string Html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

int SeverityIndex(v1::Severity s) {
  switch (s) {
    case v1::VIOLATION: return 1;
    case v1::WARNING: return 2;
    case v1::NOTICE: return 3;
    default: return 0;
  }
}

// What a page shows: its orgs (the scope's, in hierarchy order), rules and
// rows, turned into the JSON the script reads.
class Page {
 public:
  Page(const Store& store, std::string_view scope, Lang lang) : store_(store), lang_(lang) {
    const OrgIndex root = scope.empty() ? kNone : store.FindOrg(scope);
    begin_ = root == kNone ? 0 : store.Rank(root);
    end_ = root == kNone ? static_cast<int32_t>(store.orgs().size()) : store.SubtreeEnd(root);
    for (int32_t k = begin_; k < end_; ++k) {
      const OrgIndex o = store.OrgAt(k);
      const auto& orgs = store.orgs();
      const bool top = o == root || orgs.parent[o] == kNone;
      // The scope's root is named with the orgs above it, so that every path reads from the top.
      const std::string name = top ? report::OrgPath(store, o) : (orgs.name[o].empty() ? std::string(orgs.id[o]) : orgs.name[o]);
      StrAppend(&orgs_json_, orgs_json_.empty() ? "" : ",", "[", Json(orgs.id[o]), ",", Json(name), ",",
                Json(report::OrgKindName(orgs.kind[o], lang)), ",", top ? -1 : store.Rank(orgs.parent[o]) - begin_);
      extras_.emplace_back();
      const OrgKind kind = orgs.kind[o];
      if (kind == v1::Org::WORKING_COMMITTEE || kind == v1::Org::COMMITTEE || kind == v1::Org::GENERAL_BRANCH) {
        StrAppend(&committees_, committees_.empty() ? "" : ",", k - begin_);
      }
      orgs_json_ += "\x01";  // where the org's extra goes, filled in by Render
    }
  }

  // The index of org `id` on the page, or -1 (a row about no org: "other").
  int Org(std::string_view id) {
    const OrgIndex o = id.empty() ? kNone : store_.FindOrg(id);
    const int32_t rank = o == kNone ? kNone : store_.Rank(o);
    if (rank != kNone && rank >= begin_ && rank < end_) return rank - begin_;
    other_ = true;
    return end_ - begin_;
  }
  // `title`: for what is not a rule of the catalogue (a kind of meeting on the statistics page).
  int Rule(std::string_view id, std::string_view citation = {}, std::string_view title = {}) {
    auto [it, added] = rules_.emplace(std::string(id), static_cast<int>(rule_ids_.size()));
    if (added) {
      const RuleInfo* info = FindRule(id);
      if (title.empty()) title = info == nullptr ? id : lang_ == Lang::kEn ? info->title_en : info->title_zh;
      StrAppend(&rules_json_, rules_json_.empty() ? "" : ",", "[", Json(id), ",", Json(title), ",", Json(citation), "]");
      rule_ids_.emplace_back(id);
    }
    return it->second;
  }
  // A row: its org, severity (0: none), rule, and the texts shown between them.
  void Row(int org, int severity, int rule, std::initializer_list<std::string_view> cells) {
    StrAppend(&rows_, rows_.empty() ? "" : ",", "[", org, ",", severity, ",", rule);
    for (std::string_view c : cells) StrAppend(&rows_, ",", Json(c));
    rows_ += "]";
  }
  void Extra(int org, std::string text) {
    if (org >= 0 && org < static_cast<int>(extras_.size())) extras_[org] = std::move(text);
  }
  void Ranking(std::string json) { ranking_ = std::move(json); }
  // More of the page's data: `"name":json` members added to it.
  void Data(std::string members) { more_ = std::move(members); }

  // The page. `columns`: the headers of the row cells after the severity;
  // `widths` each column's, severity first, for columns that do not move.
  std::string Render(std::string_view kind, std::string_view title, std::string_view meta,
                     const std::vector<std::string>& columns, const std::vector<std::string>& widths, bool severities,
                     bool cite) const {
    std::string orgs;
    size_t k = 0;
    for (char c : orgs_json_) {
      if (c != '\x01') {
        orgs += c;
        continue;
      }
      if (!extras_[k].empty()) StrAppend(&orgs, ",", Json(extras_[k]));
      orgs += "]";
      ++k;
    }
    if (other_) {
      StrAppend(&orgs, orgs.empty() ? "" : ",", "[\"\",", Json(Text("ui.report.no_org", lang_)), ",\"\",-1]");
    }
    std::string data = StrCat("{\"kind\":", Json(kind), ",\"severities\":", severities ? "true" : "false",
                              ",\"cite\":", cite ? "true" : "false", ",\"showEmpty\":false,\"orgs\":[", orgs,
                              "],\"committees\":[", committees_, "],\"rules\":[", rules_json_, "],\"rows\":[", rows_,
                              "],\"columns\":[");
    std::vector<std::string> heads;
    if (severities) heads.push_back(Text("ui.html.col.severity", lang_));
    heads.insert(heads.end(), columns.begin(), columns.end());
    heads.push_back(Text("ui.html.col.rule", lang_));
    if (cite) heads.push_back(Text("ui.html.col.source", lang_));
    for (size_t i = 0; i < heads.size(); ++i) StrAppend(&data, i ? "," : "", Json(heads[i]));
    data += "],\"widths\":[";
    for (size_t i = 0; i < widths.size(); ++i) StrAppend(&data, i ? "," : "", Json(widths[i]));
    StrAppend(&data, "]", ranking_.empty() ? "" : StrCat(",\"ranking\":", ranking_), more_.empty() ? "" : ",", more_,
              ",\"labels\":", Labels(), "}");

    return StrCat("<!doctype html>\n<html lang=\"", lang_ == Lang::kEn ? "en" : "zh-CN",
                  "\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
                  Html(title), "</title>\n<style>\n", PagePart("page_style"), "</style></head><body>\n<header><h1>",
                  Html(title), "</h1><p class=\"meta\">", Html(meta), "</p></header>\n<section id=\"summary\"></section>\n",
                  "<section id=\"filters\"><label>", Html(Text("ui.html.severity", lang_)),
                  " <select id=\"f-sev\"></select></label><label>", Html(Text("ui.html.family", lang_)),
                  " <select id=\"f-family\"></select></label><label>", Html(Text("ui.html.rule", lang_)),
                  " <select id=\"f-rule\"></select></label><input id=\"f-text\" type=\"search\" placeholder=\"",
                  Html(Text("ui.html.search", lang_)), "\"><button id=\"expand\" type=\"button\">",
                  Html(Text("ui.html.expand_all", lang_)), "</button><button id=\"collapse\" type=\"button\">",
                  Html(Text("ui.html.collapse_all", lang_)), "</button><span id=\"shown\"></span></section>\n",
                  "<section id=\"tree\"></section>\n<script type=\"application/json\" id=\"data\">", data,
                  "</script>\n<script>\n", PagePart("page_script"), "</script>\n</body></html>\n");
  }

 private:
  std::string Labels() const {
    std::string out = "{\"severities\":[\"\"";
    for (v1::Severity s : {v1::VIOLATION, v1::WARNING, v1::NOTICE}) StrAppend(&out, ",", Json(SeverityName(s, lang_)));
    out += "],\"families\":{";
    const char* kFamilies[] = {"structure", "data", "setup", "term", "life", "member", "local"};
    for (size_t i = 0; i < std::size(kFamilies); ++i) {
      StrAppend(&out, i ? "," : "", Json(kFamilies[i]), ":", Json(Text(StrCat("ui.html.family.", kFamilies[i]), lang_)));
    }
    out += "}";
    StrAppend(&out, ",\"none\":", Json(Text(rows_.empty() ? "ui.report.no_findings" : "ui.html.none", lang_)));
    const std::pair<const char*, const char*> kStrings[] = {
        {"all", "ui.html.all"}, {"expand", "ui.html.expand"}, {"collapse", "ui.html.collapse"},
        {"bySeverity", "ui.html.by_severity"}, {"byFamily", "ui.html.by_family"}, {"topRules", "ui.html.top_rules"},
        {"cleanShare", "ui.html.clean_share"}, {"ranking", "ui.html.ranking"}, {"members", "ui.html.stats.members"},
        {"heldOwed", "ui.html.stats.held_owed"}, {"periods", "ui.html.stats.periods"}, {"dues", "ui.html.stats.dues"},
        {"byMonth", "ui.html.stats.by_month"}, {"month", "ui.stats.month"}, {"held", "ui.html.stats.held"},
        {"owed", "ui.html.stats.owed"}, {"met", "ui.html.stats.met"}, {"due", "ui.html.stats.due"},
        {"full", "ui.html.stats.full"}, {"probationary", "ui.html.stats.probationary"}, {"lost", "ui.html.stats.lost"},
        {"paid", "ui.html.stats.paid"}, {"owing", "ui.html.stats.owing"}, {"unpaid", "ui.html.stats.unpaid"},
        {"paidYuan", "ui.html.stats.paid_yuan"}, {"unpaidYuan", "ui.html.stats.unpaid_yuan"}};
    for (const auto& [name, key] : kStrings) StrAppend(&out, ",", Json(name), ":", Json(Text(key, lang_)));
    StrAppend(&out, ",\"shown\":", Json(Text("ui.html.shown", lang_, {Arg("shown", "{shown}"), Arg("total", "{total}")})),
              ",\"total\":", Json(Text("ui.report.total", lang_, {Arg("total", "{total}")})), ",\"rankingColumns\":[");
    const char* kRanking[] = {"ui.html.col.rank", "ui.html.col.org", "ui.html.col.score", "ui.html.col.composite",
                              "ui.html.col.tier"};
    for (size_t i = 0; i < std::size(kRanking); ++i) StrAppend(&out, i ? "," : "", Json(Text(kRanking[i], lang_)));
    return out + "]}";
  }

  const Store& store_;
  Lang lang_;
  int32_t begin_ = 0, end_ = 0;  // the scope's ranks (Store::Rank)
  std::string orgs_json_, committees_, rules_json_, rows_, ranking_, more_;
  std::vector<std::string> extras_;
  std::map<std::string, int> rules_;
  std::vector<std::string> rule_ids_;
  bool other_ = false;
};

std::string Meta(const Store& store, std::string_view as_of, std::string_view profile, std::string_view scope,
                 const google::protobuf::RepeatedPtrField<std::string>& rules, Lang lang) {
  std::string meta = StrCat(Text("ui.as_of", lang, {Arg("asOf", as_of)}), " · ",
                            Text("ui.profile", lang, {Arg("profile", profile)}), " · ",
                            report::ScopeLabel(store, scope, lang));
  if (!rules.empty()) StrAppend(&meta, " · ", report::RulesLabel(rules, lang));
  return meta;
}

// An org's figures over the whole window: each kind of meeting's
// [held, owed, periods met, periods due], and the dues.
struct WindowSum {
  std::vector<std::array<int, 4>> meetings;
  int paid = 0, owing = 0, unpaid = 0;
  int64_t paid_cents = 0, unpaid_cents = 0;
};

WindowSum SumWindow(const v1::Statistics::OrgStatistics& row, int kinds) {
  WindowSum sum;
  sum.meetings.assign(kinds, {0, 0, 0, 0});
  for (const v1::Statistics::Month& m : row.months()) {
    for (int k = 0; k < kinds && k < m.meetings_size(); ++k) {
      const v1::Statistics::Meetings& x = m.meetings(k);
      sum.meetings[k][0] += x.held(), sum.meetings[k][1] += x.owed();
      sum.meetings[k][2] += x.periods_met(), sum.meetings[k][3] += x.periods_due();
    }
    sum.paid += m.dues_members_paid(), sum.owing += m.dues_members_owing(), sum.unpaid += m.dues_members_unpaid();
    sum.paid_cents += m.dues_paid_cents(), sum.unpaid_cents += m.dues_unpaid_cents();
  }
  return sum;
}

// An org's (or the scope's) statistics as the page's script reads them:
// [[full, probationary, lost], [[held, owed, met, due] a kind], [paid, owing, unpaid, paidYuan, unpaidYuan],
//  [[month, [[held, owed, met, due] a kind], paid, owing, unpaid, paidYuan, unpaidYuan] a month]].
std::string StatsJson(const v1::Statistics::OrgStatistics& row, int kinds) {
  const WindowSum sum = SumWindow(row, kinds);
  std::string out = StrCat("[[", row.full_members(), ",", row.probationary_members(), ",", row.lost_contact(), "],[");
  for (int k = 0; k < kinds; ++k) {
    const auto& x = sum.meetings[k];
    StrAppend(&out, k ? "," : "", "[", x[0], ",", x[1], ",", x[2], ",", x[3], "]");
  }
  StrAppend(&out, "],[", sum.paid, ",", sum.owing, ",", sum.unpaid, ",", Json(FormatYuan(sum.paid_cents)), ",",
            Json(FormatYuan(sum.unpaid_cents)), "],[");
  for (int i = 0; i < row.months_size(); ++i) {
    const v1::Statistics::Month& m = row.months(i);
    StrAppend(&out, i ? "," : "", "[", Json(m.month()), ",[");
    for (int k = 0; k < kinds && k < m.meetings_size(); ++k) {
      const v1::Statistics::Meetings& x = m.meetings(k);
      StrAppend(&out, k ? "," : "", "[", x.held(), ",", x.owed(), ",", x.periods_met(), ",", x.periods_due(), "]");
    }
    StrAppend(&out, "],", m.dues_members_paid(), ",", m.dues_members_owing(), ",", m.dues_members_unpaid(), ",",
              Json(FormatYuan(m.dues_paid_cents())), ",", Json(FormatYuan(m.dues_unpaid_cents())), "]");
  }
  return out + "]]";
}

}  // namespace

std::string RenderHtml(const v1::Report& report, const Store& store, Lang lang, MemberNames names) {
  Page page(store, report.scope(), lang);
  for (const v1::Finding& f : report.findings()) {
    std::string subject;
    if (!f.member_id().empty()) {
      subject = Text("ui.member", lang, {Arg("member", report::MemberLabel(store, f.member_id(), names))});
    }
    if (!f.unit_id().empty()) StrAppend(&subject, subject.empty() ? "" : " ", Text("ui.unit", lang, {Arg("unit", f.unit_id())}));
    if (!f.period().empty()) StrAppend(&subject, subject.empty() ? "" : " ", f.period());
    if (!f.due_on().empty()) StrAppend(&subject, subject.empty() ? "" : " ", Text("ui.due", lang, {Arg("dueOn", f.due_on())}));
    page.Row(page.Org(f.org_id()), SeverityIndex(f.severity()), page.Rule(f.rule_id(), f.citation()), {f.message(), subject});
  }
  // The totals in the header too, so that a printed 通报 states them whatever the script drew.
  std::string meta = StrCat(Meta(store, report.as_of(), report.profile_id(), report.scope(), report.rules(), lang), " · ",
                            Text("ui.report.total", lang, {Arg("total", report.summary().total())}));
  for (v1::Severity s : {v1::VIOLATION, v1::WARNING, v1::NOTICE}) {
    const auto it = report.summary().by_severity().find(v1::Severity_Name(s));
    StrAppend(&meta, " · ", SeverityName(s, lang), " ", it == report.summary().by_severity().end() ? 0 : it->second);
  }
  return page.Render("check", Text("ui.report.title", lang), meta,
                     {Text("ui.html.col.message", lang), Text("ui.html.col.subject", lang)},
                     {"5.5em", "44%", "16%", "16%", "auto"}, true, true);
}

std::string RenderAgendaHtml(const v1::Agenda& agenda, const Store& store, Lang lang, MemberNames names) {
  Page page(store, agenda.scope(), lang);
  for (const v1::AgendaItem& item : agenda.items()) {
    std::string subject = item.period();
    if (!item.member_id().empty()) {
      StrAppend(&subject, subject.empty() ? "" : " ",
                Text("ui.member", lang, {Arg("member", report::MemberLabel(store, item.member_id(), names))}));
    }
    page.Row(page.Org(item.org_id()), SeverityIndex(item.severity()), page.Rule(item.rule_id()),
             {item.due_on(), item.message(), subject});
  }
  return page.Render("agenda", Text("ui.agenda.title", lang),
                     StrCat(Meta(store, agenda.as_of(), agenda.profile_id(), agenda.scope(), agenda.rules(), lang), " · ",
                            Text("ui.agenda.horizon", lang, {Arg("days", agenda.days())})),
                     {Text("ui.html.col.due", lang), Text("ui.html.col.message", lang), Text("ui.html.col.subject", lang)},
                     {"5.5em", "7.5em", "48%", "16%", "auto"}, true, false);
}

std::string RenderAssessmentHtml(const v1::Assessment& assessment, const Store& store, Lang lang) {
  Page page(store, assessment.scope(), lang);
  std::string ranking = "[";
  bool first = true;
  for (const v1::Assessment::Org& o : assessment.orgs()) {
    const int org = store.FindOrg(o.org_id()) == kNone ? -1 : page.Org(o.org_id());
    const std::string tier = o.tier_title().empty() ? o.tier() : o.tier_title();
    page.Extra(org, Text("ui.html.score_line", lang, {Arg("score", absl::StrFormat("%.1f", o.score())), Arg("rank", o.rank()),
                                                      Arg("peers", o.peers()), Arg("tier", tier)}));
    StrAppend(&ranking, first ? "" : ",", "[", org, ",", o.rank(), ",", o.peers(), ",", Json(absl::StrFormat("%.1f", o.score())),
              ",", Json(absl::StrFormat("%.1f", o.composite())), ",", Json(tier), ",", o.bottom() ? 1 : 0, ",", Json(o.name()),
              "]");
    first = false;
    for (const auto& c : o.categories()) {
      for (const auto& item : c.items()) {
        for (const auto& d : item.deductions()) {
          page.Row(org < 0 ? page.Org("") : org, 0, page.Rule(d.rule_id()),
                   {StrCat(c.title(), " › ", item.title()), d.message(), absl::StrFormat("%g", d.points())});
        }
      }
    }
  }
  page.Ranking(ranking + "]");
  return page.Render("assess", Text("ui.assess.title", lang, {Arg("rubric", assessment.rubric_id())}),
                     StrCat(Text("ui.as_of", lang, {Arg("asOf", assessment.as_of())}), " · ",
                            Text("ui.profile", lang, {Arg("profile", assessment.profile_id())}), " · ",
                            report::ScopeLabel(store, assessment.scope(), lang), " · ",
                            Text("ui.assess.model", lang, {Arg("model", assessment.model())})),
                     {Text("ui.html.col.item", lang), Text("ui.html.col.message", lang), Text("ui.html.col.points", lang)},
                     {"24%", "44%", "5em", "auto"}, false, false);
}

std::string RenderStatisticsHtml(const v1::Statistics& stats, const Store& store, Lang lang) {
  Page page(store, stats.scope(), lang);
  const int kinds = stats.activities_size();
  std::vector<std::string> names;
  for (const std::string& kind : stats.activities()) {
    v1::Activity::Kind k = v1::Activity::KIND_UNSPECIFIED;
    v1::Activity::Kind_Parse(kind, &k);
    names.emplace_back(report::ActivityKindName(k, lang));
  }
  // A row an org and kind of meeting, and one for its dues: what the tree
  // counts, filters and folds; each org's months are drawn when asked for.
  // A committee's figures (its members line, its months) are its subtree's:
  // those of its own, where it holds meetings too, do not replace them.
  std::string figures;
  std::vector<bool> rolled_up(store.orgs().size() + 1, false);
  const auto add = [&](const v1::Statistics::OrgStatistics& row) {
    const int org = page.Org(row.org_id());
    if (rolled_up[org]) return org;
    rolled_up[org] = true;
    StrAppend(&figures, figures.empty() ? "" : ",", Json(std::to_string(org)), ":", StatsJson(row, kinds));
    page.Extra(org, Text("ui.html.stats.members_line", lang, {Arg("full", row.full_members()),
                                                             Arg("probationary", row.probationary_members()),
                                                             Arg("lost", row.lost_contact())}));
    return org;
  };
  for (const v1::Statistics::OrgStatistics& row : stats.committees()) add(row);
  for (const v1::Statistics::OrgStatistics& row : stats.orgs()) {
    const int org = add(row);
    const WindowSum sum = SumWindow(row, kinds);
    for (int k = 0; k < kinds; ++k) {
      page.Row(org, 0, page.Rule(stats.activities(k), {}, names[k]),
               {names[k], StrCat(sum.meetings[k][0], " / ", sum.meetings[k][1]),
                StrCat(sum.meetings[k][2], " / ", sum.meetings[k][3])});
    }
    page.Row(org, 0, page.Rule("DUES", {}, Text("ui.stats.dues", lang)),
             {Text("ui.stats.dues", lang), StrCat(sum.paid, " / ", sum.owing),
              Text("ui.html.stats.dues_cell", lang, {Arg("paidYuan", FormatYuan(sum.paid_cents)),
                                                     Arg("unpaidYuan", FormatYuan(sum.unpaid_cents))})});
  }
  std::string kind_names;
  for (const std::string& n : names) StrAppend(&kind_names, kind_names.empty() ? "" : ",", Json(n));
  page.Data(StrCat("\"families\":false,\"kinds\":[", kind_names, "],\"total\":", StatsJson(stats.total(), kinds),
                   ",\"figures\":{", figures, "}"));
  return page.Render("stats", Text("ui.stats.title", lang),
                     StrCat(Text("ui.as_of", lang, {Arg("asOf", stats.as_of())}), " · ",
                            Text("ui.html.stats.window", lang, {Arg("from", stats.from()), Arg("asOf", stats.as_of())}),
                            " · ", Text("ui.profile", lang, {Arg("profile", stats.profile_id())}), " · ",
                            report::ScopeLabel(store, stats.scope(), lang)),
                     {Text("ui.html.stats.col.item", lang), Text("ui.html.stats.col.count", lang),
                      Text("ui.html.stats.col.detail", lang)},
                     {"20%", "20%", "auto", "20%"}, false, false);
}

}  // namespace dangjian
