"""The ledger workbook, read back as Excel reads it (openpyxl): `dangjian
template` and `dangjian export --format xlsx` against the tables as
`dangjian schema` documents them, and against the CSV export of the same
snapshot.

usage: workbook_test.py DANGJIAN_COMMAND
"""
import csv
import os
import re
import subprocess
import sys
import tempfile
import unittest

import openpyxl
from openpyxl.utils import column_index_from_string

COMMAND = sys.argv.pop(1) if len(sys.argv) > 1 else os.environ.get("DANGJIAN_COMMAND", "dangjian")


def run(*args):
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, check=False)


def schema():
    """The tables and enums of docs/schema.md, as `dangjian schema` writes it.

    tables: [(name, zh, [(english, zh, enum heading or "bool" or None, required)])]
    enums: {heading: [Chinese name]}
    """
    text = run("schema").stdout
    tables, enums = [], {}
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line
            continue
        m = re.match(r"^### (\w+)\.csv — (\S+)\.csv$", line)
        if m:
            tables.append((m.group(1), m.group(2), []))
            continue
        m = re.match(r"^### (\S+)$", line)
        if m and "Enums" in section:
            enums[m.group(1)] = []
            current = enums[m.group(1)]
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if "CSV" in section and tables and line.startswith("| `"):
            enum = re.search(r"\[([\w.]+)\]", cells[2])
            kind = enum.group(1) if enum else ("bool" if cells[2] == "是/否" else None)
            tables[-1][2].append((cells[0].strip("`"), cells[1], kind, cells[3].startswith("必填")))
        elif "Enums" in section and enums and line.startswith("| `"):
            current.append(re.sub(r" \(also .*\)$", "", cells[1]))
    return tables, enums


TABLES, ENUMS = schema()


def rows(sheet):
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def choices(sheet):
    """The drop-down lists of a sheet, by column letter."""
    out = {}
    for v in sheet.data_validations.dataValidation:
        assert v.type == "list", v.type
        for rng in str(v.sqref).split():
            first, last = rng.split(":")
            column = re.match(r"[A-Z]+", first).group(0)
            assert first == f"{column}2" and last == f"{column}1048576", rng
            out[column] = v.formula1.strip('"').split(",")
    return out


class Workbook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.template = os.path.join(cls.dir.name, "台账.xlsx")
        cls.sample = os.path.join(cls.dir.name, "sample.xlsx")
        cls.csv = os.path.join(cls.dir.name, "tables")
        for args in (["template", cls.template], ["export", "sample", "--format", "xlsx", "--out", cls.sample],
                     ["export", "sample", "--format", "csv", "--out", cls.csv]):
            done = run(*args)
            assert done.returncode == 0, (args, done.stderr)

    def test_the_schema_was_read(self):
        self.assertGreaterEqual(len(TABLES), 12)
        self.assertIn("正式党员", ENUMS["Member.Status"])

    def test_sheets_and_headers_are_the_tables(self):
        for path in (self.template, self.sample):
            book = openpyxl.load_workbook(path)
            self.assertEqual(book.sheetnames, ["说明"] + [zh for _, zh, _ in TABLES])
            for _, zh, columns in TABLES:
                sheet = book[zh]
                self.assertEqual(rows(sheet)[0], [c[1] for c in columns], zh)
                self.assertEqual(sheet.freeze_panes, "A2", zh)
                self.assertTrue(all(cell.font.b for cell in sheet[1]), zh)
                for i, c in enumerate(columns):
                    letter = openpyxl.utils.get_column_letter(i + 1)
                    self.assertGreaterEqual(sheet.column_dimensions[letter].width, 8, (zh, c[1]))
        template = openpyxl.load_workbook(self.template)
        for _, zh, _ in TABLES:
            self.assertEqual(template[zh].max_row, 1, zh)

    def test_every_enum_column_has_its_drop_down(self):
        for path in (self.template, self.sample):
            book = openpyxl.load_workbook(path)
            for _, zh, columns in TABLES:
                lists = choices(book[zh])
                expected = {}
                for i, (_, header, kind, _) in enumerate(columns):
                    if kind is None:
                        continue
                    letter = openpyxl.utils.get_column_letter(i + 1)
                    expected[letter] = ["是", "否"] if kind == "bool" else ENUMS[kind]
                    self.assertTrue(expected[letter], (zh, header))
                self.assertEqual(lists, expected, zh)
        # Every enum of the tables is offered somewhere.
        offered = {kind for _, _, columns in TABLES for c in columns for kind in [c[2]] if kind and kind != "bool"}
        self.assertIn("attendance", offered)
        self.assertIn("Org.Kind", offered)

    def test_instructions_say_every_column(self):
        sheet = openpyxl.load_workbook(self.template)["说明"]
        table = rows(sheet)
        self.assertEqual(table[0], ["工作表", "列名", "英文列名", "类型", "必填", "说明", "可选值"])
        said = {(r[0], r[1]): r for r in table[1:] if r[1]}
        for _, zh, columns in TABLES:
            for english, header, kind, required in columns:
                r = said[(zh, header)]
                self.assertEqual(r[2], english)
                self.assertEqual(r[4], "是" if required else "否", (zh, header))
                if kind and kind != "bool":
                    self.assertEqual(r[6].split("、"), ENUMS[kind])
        self.assertEqual(len(said), sum(len(c) for _, _, c in TABLES))

    def test_exported_rows_are_the_csv_rows(self):
        book = openpyxl.load_workbook(self.sample)
        filled = 0
        for name, zh, _ in TABLES:
            with open(os.path.join(self.csv, name + ".csv"), encoding="utf-8-sig", newline="") as f:
                expected = list(csv.reader(f))
            got = rows(book[zh])
            width = len(expected[0])
            got = [r + [""] * (width - len(r)) for r in got]
            self.assertEqual(got, expected, zh)
            filled += len(expected) > 1
        self.assertGreaterEqual(filled, 8)  # the sample fills most tables
        # Text, as typed: ids and dates are not numbers.
        for row in book["党员"].iter_rows(min_row=2):
            self.assertTrue(all(c.value is None or isinstance(c.value, str) for c in row))

    def test_an_unwritable_path_is_one_clear_error(self):
        nowhere = os.path.join(self.dir.name, "no such folder", "台账.xlsx")
        for args in (["template", nowhere], ["export", "sample", "--format", "xlsx", "--out", nowhere]):
            done = run(*args)
            self.assertEqual(done.returncode, 2, args)
            self.assertEqual(done.stderr, f'dangjian: cannot write "{nowhere}"\n', args)


if __name__ == "__main__":
    unittest.main()
