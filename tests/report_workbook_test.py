"""The report workbooks, read back as Excel reads them (openpyxl): the rows of
`check`, `agenda`, `assess` and `stats --format xlsx` against the JSON the same
command prints, a header frozen and filtered on each sheet.

usage: report_workbook_test.py DANGJIAN_COMMAND
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import openpyxl

COMMAND = sys.argv.pop(1) if len(sys.argv) > 1 else os.environ.get("DANGJIAN_COMMAND", "dangjian")
SEVERITY = {"VIOLATION": "违规", "WARNING": "预警", "NOTICE": "提醒"}
SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "examples", "sample-city.json")
with open(SAMPLE, encoding="utf-8") as sample:
    NAMES = {m["id"]: m.get("name", "") for m in json.load(sample)["members"]}


def run(*args):
    done = subprocess.run([COMMAND, *args], capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise AssertionError(f"{args}: exit {done.returncode}: {done.stderr}")
    return done.stdout


def workbook(*args):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "out.xlsx")
        run(*args, "--format", "xlsx", "--out", path)
        return openpyxl.load_workbook(path)


def rows(sheet):
    """The rows under the header, as dicts; empty cells as ""."""
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [{h: ("" if v is None else v) for h, v in zip(header, r)} for r in values[1:]]


class ReportWorkbooks(unittest.TestCase):
    def assertHeaderFrozenAndFiltered(self, sheet):
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}")

    def test_check_ledger_a_row_a_finding(self):
        report = json.loads(run("check", "sample", "--format", "json"))
        book = workbook("check", "sample")
        self.assertEqual(book.sheetnames, ["整改台账"])
        sheet = book["整改台账"]
        self.assertHeaderFrozenAndFiltered(sheet)
        got = rows(sheet)
        findings = report["findings"]
        self.assertEqual(len(got), len(findings))
        self.assertGreater(len(got), 10)
        for n, (row, f) in enumerate(zip(got, findings), 1):
            self.assertEqual(row["序号"], n)
            self.assertEqual(row["组织编码"], f.get("orgId", ""))
            self.assertEqual(row["规则"], f["ruleId"])
            self.assertEqual(row["严重程度"], SEVERITY[f["severity"]])
            self.assertEqual(row["问题"], f["message"])
            self.assertEqual(row["依据"], f.get("citation", ""))
            self.assertEqual(row["期间"], f.get("period", ""))
            self.assertEqual(row["到期日"], f.get("dueOn", ""))
            self.assertEqual(row["党员"], f.get("memberId", ""))
            self.assertEqual(row["姓名"], NAMES.get(f.get("memberId", ""), ""))
            self.assertEqual(row["问题编码"], f["key"])
            for empty in ("整改措施", "责任人", "整改时限", "完成情况"):
                self.assertEqual(row[empty], "")
        # The org path runs from the root down to the org.
        self.assertTrue(any(r["组织"].count(" › ") >= 2 for r in got))
        self.assertTrue(any(r["姓名"] for r in got))

    def test_names_masked_when_asked(self):
        for args, sheet in ((("check", "sample"), "整改台账"), (("agenda", "sample"), "待办"),
                            (("assess", "sample", "--rubric", "branch-standardization"), "扣分明细")):
            got = rows(workbook(*args, "--mask-names")[sheet])
            named = [r for r in got if r["党员"]]
            self.assertTrue(named, args)
            for r in named:
                name = NAMES[r["党员"]]
                self.assertEqual(r["姓名"], name[0] + "*" * (len(name) - 2) + name[-1] if len(name) > 2 else name[0] + "*")

    def test_check_ledger_keeps_scope_and_rules(self):
        report = json.loads(run("check", "sample", "--scope", "c-gaj", "--rules", "life", "--format", "json"))
        got = rows(workbook("check", "sample", "--scope", "c-gaj", "--rules", "life")["整改台账"])
        self.assertEqual([r["问题编码"] for r in got], [f["key"] for f in report["findings"]])
        self.assertTrue(all(r["规则"].startswith("life.") for r in got))

    def test_agenda(self):
        agenda = json.loads(run("agenda", "sample", "--format", "json"))
        sheet = workbook("agenda", "sample")["待办"]
        self.assertHeaderFrozenAndFiltered(sheet)
        got = rows(sheet)
        self.assertEqual(len(got), len(agenda["items"]))
        for row, item in zip(got, agenda["items"]):
            self.assertEqual((row["到期日"], row["组织编码"], row["规则"], row["事项"], row["期间"], row["党员"]),
                             (item["dueOn"], item["orgId"], item["ruleId"], item["message"], item.get("period", ""),
                              item.get("memberId", "")))
            self.assertEqual(row["姓名"], NAMES.get(item.get("memberId", ""), ""))
            self.assertEqual(row["应开展"], item.get("required", 0))
            self.assertEqual(row["已开展"], item.get("done", 0))
            self.assertEqual(row["状态"], SEVERITY[item["severity"]])

    def test_assess_ranking_and_deductions(self):
        args = ("assess", "sample", "--rubric", "branch-standardization")
        assessment = json.loads(run(*args, "--format", "json"))
        book = workbook(*args)
        self.assertEqual(book.sheetnames, ["排名", "扣分明细"])
        ranking, lost = rows(book["排名"]), rows(book["扣分明细"])
        for sheet in book.worksheets:
            self.assertHeaderFrozenAndFiltered(sheet)
        orgs = assessment["orgs"]
        self.assertEqual([(r["组织编码"], r["名次"]) for r in ranking], [(o["orgId"], o.get("rank", 0)) for o in orgs])
        for r, o in zip(ranking, orgs):
            self.assertAlmostEqual(r["得分"], o.get("score", 0))
            self.assertAlmostEqual(r["综合得分"], o.get("composite", 0))
        deductions = [(o["orgId"], i["title"], d.get("ruleId", ""), d.get("message", ""), d.get("points", 0))
                      for o in orgs for c in o.get("categories", []) for i in c.get("items", [])
                      for d in i.get("deductions", [])]
        self.assertTrue(deductions)
        self.assertEqual([(r["组织编码"], r["考核项目"], r["规则"], r["问题"], r["扣分"]) for r in lost], deductions)

    def test_stats(self):
        stats = json.loads(run("stats", "sample", "--format", "json"))
        book = workbook("stats", "sample")
        self.assertEqual(book.sheetnames, ["组织生活汇总", "党费", "党员"])
        life, dues, members = (rows(book[n]) for n in book.sheetnames)
        for sheet in book.worksheets:
            self.assertHeaderFrozenAndFiltered(sheet)
        tables = [stats["total"]] + stats["committees"] + stats["orgs"]
        months = [(t.get("orgId", ""), m) for t in tables for m in t["months"]]
        self.assertEqual(len(life), len(months))
        self.assertEqual(len(dues), len(months))
        self.assertEqual(len(members), len(tables))
        self.assertEqual(life[0]["汇总"], "合计")
        kinds = {"GENERAL_MEETING": "党员大会", "THEME_DAY": "主题党日", "COMMITTEE_MEETING": "委员会会议"}
        for row, d, (org, m) in zip(life, dues, months):
            self.assertEqual((row["组织编码"], row["月份"]), (org, m["month"]))
            for k in m["meetings"]:
                if k["activity"] in kinds:
                    self.assertEqual(row[kinds[k["activity"]] + "开展"], k.get("held", 0))
                    self.assertEqual(row[kinds[k["activity"]] + "应开展"], k.get("owed", 0))
            self.assertEqual(d["应交人数"], m.get("duesMembersOwing", 0))
            self.assertEqual(d["未交人数"], m.get("duesMembersUnpaid", 0))
            self.assertAlmostEqual(d["已交金额(元)"], int(m.get("duesPaidCents", "0")) / 100)
            self.assertAlmostEqual(d["未交金额(元)"], int(m.get("duesUnpaidCents", "0")) / 100)
        for row, t in zip(members, tables):
            self.assertEqual((row["正式党员"], row["预备党员"]), (t.get("fullMembers", 0), t.get("probationaryMembers", 0)))

    def test_xlsx_needs_a_file(self):
        for args in (["check", "sample"], ["agenda", "sample"], ["stats", "sample"],
                     ["assess", "sample", "--rubric", "branch-standardization"]):
            done = subprocess.run([COMMAND, *args, "--format", "xlsx"], capture_output=True, text=True, check=False)
            self.assertEqual(done.returncode, 2, args)
            self.assertIn("--out", done.stderr)


if __name__ == "__main__":
    unittest.main()
