#include "lib/tables/report_xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <variant>
#include <vector>

#include "lib/report/header.h"
#include "lib/report/messages.h"
#include "lib/status.h"
#include "lib/strings.h"
#include "lib/tables/xlsx.h"

namespace dangjian::tables {
namespace {

// A cell: text, or a number.
using Cell = std::variant<std::string, double>;

struct Sheet {
  std::string name;
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

constexpr double kMinWidth = 6, kMaxWidth = 60;

struct WorkbookDeleter {
  void operator()(lxw_workbook* w) const { lxw_workbook_free(w); }
};

// The sheets as a workbook at `path`; a file it made is removed when it fails.
absl::Status WriteSheets(const std::vector<Sheet>& sheets, const std::string& path) {
  const absl::Status unwritable = absl::NotFoundError(StrCat("cannot write \"", path, "\""));
  std::error_code ec;
  const bool existed = std::filesystem::exists(path, ec);
  // Tried first (to append, so that nothing is lost), so that libxlsxwriter
  // says nothing on stderr about a path it cannot create.
  if (!std::ofstream(path, std::ios::binary | std::ios::app)) return unwritable;
  std::unique_ptr<lxw_workbook, WorkbookDeleter> book(workbook_new(path.c_str()));
  const auto fail = [&](absl::Status status) {
    book.reset();
    if (!existed) std::filesystem::remove(path, ec);
    return status;
  };
  if (book == nullptr) return fail(unwritable);
  lxw_format* bold = workbook_add_format(book.get());
  format_set_bold(bold);
  format_set_bg_color(bold, 0xF2F2F2);
  lxw_format* wrap = workbook_add_format(book.get());
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  for (const Sheet& s : sheets) {
    lxw_worksheet* sheet = workbook_add_worksheet(book.get(), s.name.c_str());
    if (sheet == nullptr) return fail(absl::InternalError(StrCat(s.name, ": not a sheet name")));
    if (s.rows.size() + 1 >= LXW_ROW_MAX) {
      return fail(absl::OutOfRangeError(StrCat(s.name, ": more than ", LXW_ROW_MAX - 1, " rows, more than a sheet holds")));
    }
    std::vector<double> widths;
    for (const std::string& h : s.header) widths.push_back(std::max(kMinWidth, DisplayWidth(h) + 2));
    for (const auto& row : s.rows) {
      for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
        if (const auto* text = std::get_if<std::string>(&row[c])) widths[c] = std::max(widths[c], DisplayWidth(*text) + 1);
      }
    }
    for (size_t c = 0; c < widths.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      worksheet_set_column(sheet, col, col, std::min(widths[c], kMaxWidth), widths[c] > kMaxWidth ? wrap : nullptr);
    }
    for (size_t c = 0; c < s.header.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), s.header[c].c_str(), bold);
    }
    for (size_t r = 0; r < s.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (size_t c = 0; c < s.rows[r].size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        lxw_error e = LXW_NO_ERROR;
        if (const auto* text = std::get_if<std::string>(&s.rows[r][c])) {
          if (!text->empty()) e = worksheet_write_string(sheet, row, col, text->c_str(), nullptr);
        } else {
          e = worksheet_write_number(sheet, row, col, std::get<double>(s.rows[r][c]), nullptr);
        }
        if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
          char cell[LXW_MAX_CELL_NAME_LENGTH];
          lxw_rowcol_to_cell(cell, row, col);
          return fail(absl::InvalidArgumentError(
              StrCat(s.name, "!", cell, " (", s.header[c], "): text of more than 32767 characters, more than a cell holds")));
        }
        if (e != LXW_NO_ERROR) return fail(absl::InternalError(StrCat(s.name, ": ", lxw_strerror(e))));
      }
    }
    worksheet_freeze_panes(sheet, 1, 0);
    if (!s.header.empty()) {
      worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(s.rows.size()), static_cast<lxw_col_t>(s.header.size() - 1));
    }
  }
  const lxw_error closed = workbook_close(book.release());
  if (closed != LXW_NO_ERROR) {
    if (!existed) std::filesystem::remove(path, ec);
    return closed == LXW_ERROR_CREATING_XLSX_FILE || closed == LXW_ERROR_CREATING_TMPFILE ||
                   closed == LXW_ERROR_ZIP_FILE_OPERATION || closed == LXW_ERROR_ZIP_CLOSE
               ? unwritable
               : absl::InternalError(StrCat(path, ": ", lxw_strerror(closed)));
  }
  return absl::OkStatus();
}

std::string PathOf(const Store& store, std::string_view org_id) {
  const OrgIndex o = store.FindOrg(org_id);
  return o == kNone ? std::string(org_id) : report::OrgPath(store, o);
}

double Yuan(int64_t cents) { return static_cast<double>(cents) / 100; }

}  // namespace

absl::Status WriteFindingsWorkbook(const v1::Report& report, const Store& store, Lang lang, MemberNames names,
                                   const std::string& path) {
  Sheet s{"整改台账",
          {"序号", "组织", "组织编码", "规则", "严重程度", "问题", "依据", "期间", "到期日", "党员", "姓名", "问题编码",
           "整改措施", "责任人", "整改时限", "完成情况"},
          {}};
  s.rows.reserve(report.findings_size());
  for (const v1::Finding& f : report.findings()) {
    s.rows.push_back({static_cast<double>(s.rows.size() + 1), PathOf(store, f.org_id()), f.org_id(), f.rule_id(),
                      std::string(SeverityName(f.severity(), lang)), f.message(), f.citation(), f.period(), f.due_on(),
                      f.member_id(), report::MemberName(store, f.member_id(), names), f.key(), "", "", "", ""});
  }
  return WriteSheets({std::move(s)}, path);
}

absl::Status WriteAgendaWorkbook(const v1::Agenda& agenda, const Store& store, Lang lang, MemberNames names,
                                 const std::string& path) {
  Sheet s{"待办", {"到期日", "状态", "组织", "组织编码", "规则", "事项", "期间", "应开展", "已开展", "党员", "姓名"}, {}};
  for (const v1::AgendaItem& i : agenda.items()) {
    s.rows.push_back({i.due_on(), std::string(SeverityName(i.severity(), lang)), PathOf(store, i.org_id()), i.org_id(),
                      i.rule_id(), i.message(), i.period(), static_cast<double>(i.required()),
                      static_cast<double>(i.done()), i.member_id(), report::MemberName(store, i.member_id(), names)});
  }
  return WriteSheets({std::move(s)}, path);
}

absl::Status WriteAssessmentWorkbook(const v1::Assessment& assessment, const Store& store, MemberNames names,
                                     const std::string& path) {
  Sheet ranking{"排名", {"类别", "名次", "同类数", "组织", "组织编码", "得分", "综合得分", "档次", "排名靠后", "连续两年靠后"}, {}};
  Sheet lost{"扣分明细", {"组织", "组织编码", "考核类别", "考核项目", "扣分", "规则", "期间", "问题", "党员", "姓名"}, {}};
  for (const v1::Assessment::Org& o : assessment.orgs()) {
    const std::string where = store.FindOrg(o.org_id()) == kNone ? o.name() : PathOf(store, o.org_id());
    ranking.rows.push_back({o.kind(), static_cast<double>(o.rank()), static_cast<double>(o.peers()), where, o.org_id(),
                            o.score(), o.composite(), o.tier_title().empty() ? o.tier() : o.tier_title(),
                            std::string(o.bottom() ? "是" : ""), std::string(o.bottom_two_years() ? "是" : "")});
    for (const auto& c : o.categories()) {
      for (const auto& item : c.items()) {
        for (const auto& d : item.deductions()) {
          lost.rows.push_back({where, o.org_id(), c.title(), item.title(), d.points(), d.rule_id(), d.period(),
                               d.message(), d.member_id(), report::MemberName(store, d.member_id(), names)});
        }
      }
    }
  }
  return WriteSheets({std::move(ranking), std::move(lost)}, path);
}

absl::Status WriteStatisticsWorkbook(const v1::Statistics& stats, const std::string& path) {
  Sheet life{"组织生活汇总", {"汇总", "组织", "组织编码", "月份"}, {}};
  for (const std::string& kind : stats.activities()) {
    v1::Activity::Kind k = v1::Activity::KIND_UNSPECIFIED;
    v1::Activity::Kind_Parse(kind, &k);
    const std::string name(report::ActivityKindName(k, Lang::kZh));
    life.header.push_back(StrCat(name, "开展"));
    life.header.push_back(StrCat(name, "应开展"));
  }
  Sheet dues{"党费", {"汇总", "组织", "组织编码", "月份", "应交人数", "已交人数", "未交人数", "已交金额(元)", "未交金额(元)"}, {}};
  Sheet members{"党员", {"汇总", "组织", "组织编码", "组织数", "正式党员", "预备党员", "失联党员"}, {}};
  const auto add = [&](const v1::Statistics::OrgStatistics& row, const std::string& level) {
    const std::string name = row.path().empty() ? "全部" : row.path();
    members.rows.push_back({level, name, row.org_id(), static_cast<double>(row.orgs()),
                            static_cast<double>(row.full_members()), static_cast<double>(row.probationary_members()),
                            static_cast<double>(row.lost_contact())});
    for (const v1::Statistics::Month& m : row.months()) {
      std::vector<Cell> cells = {level, name, row.org_id(), m.month()};
      for (const auto& k : m.meetings()) {
        cells.push_back(static_cast<double>(k.held()));
        cells.push_back(static_cast<double>(k.owed()));
      }
      life.rows.push_back(std::move(cells));
      dues.rows.push_back({level, name, row.org_id(), m.month(), static_cast<double>(m.dues_members_owing()),
                           static_cast<double>(m.dues_members_paid()), static_cast<double>(m.dues_members_unpaid()),
                           Yuan(m.dues_paid_cents()), Yuan(m.dues_unpaid_cents())});
    }
  };
  add(stats.total(), "合计");
  for (const auto& row : stats.committees()) add(row, "委员会");
  for (const auto& row : stats.orgs()) add(row, "组织");
  return WriteSheets({std::move(life), std::move(dues), std::move(members)}, path);
}

}  // namespace dangjian::tables
