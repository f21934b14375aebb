"""The Python binding over the C interface."""
import concurrent.futures
import datetime
import decimal
import inspect
import json
import pathlib
import re
import subprocess
import sys
import textwrap

import pytest

import dangjian
from dangjian.testing import assert_findings, run_case_file, run_cases

ROOT = pathlib.Path(__file__).resolve().parents[3]
AS_OF = dangjian.SAMPLE_AS_OF


@pytest.fixture(scope="module")
def checker():
    return dangjian.Checker(profile="national").load(dangjian.sample())


def branch(full, probationary=0):
    """A snapshot dict: one branch with members."""
    members = [{"id": f"m{i}", "orgId": "b", "status": "FULL" if i < full else "PROBATIONARY"}
               for i in range(full + probationary)]
    return {"orgs": [{"id": "b", "kind": "BRANCH"}], "members": members}


def test_check_the_sample(checker):
    report = checker.check(as_of=AS_OF, lang="en")
    assert report.as_of == AS_OF and report.profile_id == "national"
    assert len(report.findings) == report.summary["total"] > 20
    f = report.of("setup.branch_min_full_members")[0]
    assert f.severity == "VIOLATION"
    assert f.org_id == "b-kgq"
    assert f.evidence == {"basis": "FULL_MEMBERS", "count": "2", "required": ">=3"}
    assert f.message == "2 full members; a branch needs at least 3 full members"
    assert "Art. 4" in f.citation


def test_scope_rules_and_language(checker):
    scoped = checker.check(as_of=AS_OF, scope="c-czj")
    assert {f.org_id for f in scoped.findings} <= {"c-czj", "c-czj-jw"} | {f"b-czj-{i}" for i in range(1, 6)} | {""}
    only = checker.check(as_of=AS_OF, rules=["term"])
    assert only.findings and all(f.rule_id.startswith("term.") for f in only.findings)
    zh = checker.check(as_of=AS_OF, rules=["setup.branch_min_full_members"])
    assert zh.findings[0].message == "正式党员2名,成立党支部须正式党员3名以上"
    assert "党建合规检查" in checker.check_text(as_of=AS_OF)


def test_load_a_dict_bytes_a_path(tmp_path):
    c = dangjian.Checker()
    assert c.load(branch(2)).check(as_of="2026-01-01").of("setup.branch_min_full_members")
    data = json.dumps(branch(3)).encode()
    assert not c.load(data).check(as_of="2026-01-01").of("setup.branch_min_full_members")
    path = tmp_path / "s.json"
    path.write_bytes(json.dumps(branch(1)).encode())
    assert c.load(path).check(as_of="2026-01-01").of("setup.branch_min_full_members")[0].evidence["count"] == "1"
    assert c.load(str(path)).check(as_of="2026-01-01").findings


def test_load_a_folder_of_csv_tables(tmp_path):
    (tmp_path / "orgs.csv").write_text("组织编码,组织类别\nb,党支部\n", encoding="utf-8-sig")
    # GBK, as Excel on a Chinese Windows saves it.
    (tmp_path / "党员.csv").write_bytes("党员编号,所在党支部,党员状态\nm1,b,正式党员\nm2,b,预备党员\n".encode("gbk"))
    c = dangjian.Checker().load(tmp_path)
    assert c.check(as_of="2026-01-01").of("setup.branch_min_full_members")[0].evidence["count"] == "1"
    (tmp_path / "党员.csv").write_bytes("党员编号,所在党支部,党员状态\nm1,b,正式党员x\n".encode("gbk"))
    with pytest.raises(dangjian.Error) as e:
        c.load(str(tmp_path))
    assert '党员.csv:2:3: 党员状态 (status): "正式党员x" is not a member status' in str(e.value)
    assert c.check(as_of="2026-01-01").of("setup.branch_min_full_members")  # the snapshot before is kept


def test_load_a_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime
    book = openpyxl.Workbook()
    orgs = book.active
    orgs.title = "组织"
    orgs.append(["组织编码", "组织类别", "成立日期"])
    orgs.append(["b", "党支部", datetime.date(2024, 3, 1)])  # a date, kept as a serial number
    members = book.create_sheet("members")
    members.append(["id", "org_id", "status", "leading_cadre", "monthly_income_yuan"])
    members.append([1001, "b", "FULL", True, 3000.01])  # numbers and a boolean, as cells hold them
    members.append([1002, "b", "预备党员", False, None])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    c = dangjian.Checker().load(path)
    assert c.check(as_of="2026-01-01").of("setup.branch_min_full_members")[0].evidence["count"] == "1"
    members["C2"] = "正式党员x"
    book.save(path)
    with pytest.raises(dangjian.Error) as e:
        c.load(str(path))
    assert 'members!C2: status (党员状态): "正式党员x" is not a member status' in str(e.value)
    assert c.check(as_of="2026-01-01").of("setup.branch_min_full_members")  # the snapshot before is kept


def test_platform_json_numeric_ids_and_unknown_fields():
    exported = {"orgs": [{"id": 12, "kind": "BRANCH", "created_by": "admin"}],
                "members": [{"id": 9007199254740993, "orgId": 12, "status": "FULL", "mobile": "138"}]}
    c = dangjian.Checker()
    with pytest.raises(dangjian.Error) as e:
        c.load(exported)
    assert "orgs[0].created_by: unknown field in Org" in str(e.value)
    finding = c.load(exported, ignore_unknown_fields=True).check(as_of="2026-01-01").of("setup.branch_min_full_members")[0]
    assert finding.org_id == "12" and finding.evidence["count"] == "1"


def test_load_a_protobuf_message(tmp_path):
    pytest.importorskip("google.protobuf")
    subprocess.run(["protoc", f"--proto_path={ROOT / 'proto'}", f"--python_out={tmp_path}",
                    "dangjian/v1/snapshot.proto"], check=True)
    sys.path.insert(0, str(tmp_path))
    try:
        from dangjian.v1 import snapshot_pb2  # noqa: the generated module, in tmp_path
    except ImportError:
        # The package name `dangjian` is this binding's; load the generated file by path.
        import importlib.util
        spec = importlib.util.spec_from_file_location("snapshot_pb2", tmp_path / "dangjian" / "v1" / "snapshot_pb2.py")
        snapshot_pb2 = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(snapshot_pb2)
    finally:
        sys.path.remove(str(tmp_path))
    s = snapshot_pb2.Snapshot()
    o = s.orgs.add(id="b", kind=snapshot_pb2.Org.BRANCH)
    s.members.add(id="m1", org_id=o.id, status=snapshot_pb2.Member.FULL)
    report = dangjian.Checker().load(s).check(as_of="2026-01-01")
    assert report.of("setup.branch_min_full_members")[0].evidence["count"] == "1"


def test_errors_name_the_record_and_keep_the_previous_snapshot():
    c = dangjian.Checker().load(branch(2))
    with pytest.raises(dangjian.Error) as e:
        c.load({"orgs": [{"id": "b", "kind": "BRANCHH"}]})
    assert e.value.code == 2 and e.value.name == "BAD_INPUT"
    assert e.value.message.startswith('orgs[0].kind: unknown Org.Kind "BRANCHH"')
    with pytest.raises(dangjian.Error):
        c.load(b"{\"orgs\": [")
    assert c.check(as_of="2026-01-01").of("setup.branch_min_full_members")  # still the first snapshot
    with pytest.raises(dangjian.Error) as e:
        c.check(as_of="2026-02-30")
    assert e.value.code == 1
    with pytest.raises(dangjian.Error) as e:
        c.check(as_of="2026-01-01", scope="nowhere")
    assert e.value.code == 3
    with pytest.raises(dangjian.Error):
        dangjian.Checker(profile="nowhere")
    with pytest.raises(dangjian.Error):
        dangjian.Checker().check()  # nothing loaded
    with pytest.raises(dangjian.Error):
        dangjian.Checker().load(12)


def test_profiles_inline_and_from_files(tmp_path):
    text = 'id: "mine" extends: "national" rules { id: "setup.branch_min_full_members" severity: NOTICE }'
    report = dangjian.Checker(profile=text).load(branch(1)).check(as_of="2026-01-01")
    assert report.profile_id == "mine"
    assert report.of("setup.branch_min_full_members")[0].severity == "NOTICE"
    path = tmp_path / "mine.textproto"
    path.write_text(text)
    assert dangjian.Checker(profile=path).profile["id"] == "mine"
    assert dangjian.Checker(profile=str(path)).profile["setup"]["branchMin"]["value"] == 3
    assert [p.id for p in dangjian.profiles()] == ["national", "genhe-2020"]


def _assess_json(checker, rubric):
    """The Assessment message's JSON, straight from the C interface."""
    import ctypes
    from dangjian import _native as n
    options = n.AssessOptions(ctypes.sizeof(n.AssessOptions), AS_OF.encode(), None, None, None, 0, None, 0, n.FORMAT_JSON)
    return dangjian._buffer_call(n.lib.dj_assess, checker._snapshot, checker._profile.pointer, rubric.encode(), 0,
                                 ctypes.byref(options))


def test_agenda(checker):
    agenda = checker.agenda(as_of=AS_OF, days=45)
    assert agenda.items and agenda.days == 45
    assert [i.due_on for i in agenda.items] == sorted(i.due_on for i in agenda.items)
    soon = [i for i in agenda.items if i.rule_id == "member.probation_due_soon"]
    assert soon and soon[0].due_on == "2026-12-15" and soon[0].member_id


def test_dues_examples():
    D = decimal.Decimal
    assert dangjian.dues("EMPLOYED", "3000.00") == D("15.00")
    assert dangjian.dues("EMPLOYED", "3000.01") == D("30.00")
    assert dangjian.dues("EMPLOYED", D("12000")) == D("240.00")
    assert dangjian.dues("RETIRED", "5000.01") == D("50.00")
    assert dangjian.dues("student") == D("0.20")
    dimes = 'id: "d" extends: "national" dues { rounding: UP_TO_TEN_CENTS }'
    assert dangjian.dues("EMPLOYED", "3000.01", profile=dimes) == D("30.10")
    with pytest.raises(dangjian.Error):
        dangjian.dues("EMPLOYED")
    with pytest.raises(dangjian.Error):
        dangjian.dues("KING", "1")
    with pytest.raises(dangjian.Error):
        dangjian.dues("EMPLOYED", "1.001")


def test_rules_and_version():
    catalogue = {r.id: r for r in dangjian.rules(lang="en")}
    assert catalogue["member.dues_unpaid_run"].severity == "VIOLATION"
    assert catalogue["structure.invalid_nesting"].always_on
    assert "Constitution" in catalogue["member.dues_unpaid_run"].citation
    assert dangjian.version() == "0.3.0"


def test_many_threads_one_checker(checker):
    first = checker.check(as_of=AS_OF)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        reports = list(pool.map(lambda _: checker.check(as_of=AS_OF), range(64)))
    assert all(r == first for r in reports)


def test_assess_ranks_and_traces(checker):
    a = checker.assess("branch-standardization", as_of=AS_OF)
    assert isinstance(a, dangjian.Assessment) and a.rubric_id == "branch-standardization" and a.as_of == AS_OF
    branches = [o for o in a.orgs if o.kind == "BRANCH"]
    assert all(isinstance(o, dangjian.AssessedOrg) for o in branches)
    assert [o.rank for o in branches] == sorted(o.rank for o in branches)
    worst = branches[-1]
    assert all(isinstance(c, dangjian.CategoryScore) and all(isinstance(i, dangjian.ItemScore) for i in c.items)
               for c in worst.categories)
    lost = [d for d in worst.deductions() if d.points]
    assert lost and all(isinstance(d, dangjian.Deduction) and d.rule_id and d.message for d in lost)
    # What the tree says, the message's JSON said: the same orgs, ranks and points lost.
    raw = json.loads(_assess_json(checker, "branch-standardization"))
    assert [(o["orgId"], o.get("rank", 0)) for o in raw["orgs"]] == [(o.org_id, o.rank) for o in a.orgs]
    assert sum(d.get("points", 0) for o in raw["orgs"] for c in o.get("categories", []) for i in c.get("items", [])
               for d in i.get("deductions", [])) == pytest.approx(sum(d.points for o in a.orgs for d in o.deductions()))
    organs = checker.assess("organ-assessment", as_of=AS_OF,
                            manual=ROOT / "data/examples/assessment/organ-manual-2026.json",
                            previous=ROOT / "data/examples/assessment/organ-assessment-2025.json")
    flagged = [o.org_id for o in organs.orgs if o.bottom_two_years]
    assert flagged == ["c-gaj"]
    assert organs.of("c-gaj").components and all(isinstance(c, dangjian.ComponentScore) for c in organs.of("c-gaj").components)
    assert organs.of("nowhere") is None
    with pytest.raises(dangjian.Error) as e:
        checker.assess("no-such-rubric")
    assert e.value.code == 3


def test_assert_findings():
    report = dangjian.Checker().load(branch(2)).check(as_of="2026-01-01")
    assert_findings(report, present=[{"rule_id": "setup.branch_min_full_members", "org_id": "b"}],
                    absent=[{"rule_id": "term.expired"}])
    with pytest.raises(AssertionError, match="missing rule_id=term.expired"):
        assert_findings(report, present=[{"rule_id": "term.expired"}])
    with pytest.raises(AssertionError, match="extra"):
        assert_findings(report, present=[{"rule_id": "setup.branch_min_full_members"}], exact=True)


def test_the_shipped_policy_cases():
    assert run_cases(ROOT / "tests" / "cases") > 0


def test_a_failing_case_says_what_is_missing(tmp_path):
    case = tmp_path / "c.textproto"
    case.write_text('cases { name: "wrong" as_of: "2026-01-01" snapshot { orgs { id: "b" kind: BRANCH } } '
                    'present { rule_id: "term.expired" org_id: "b" } }')
    results = run_case_file(case)
    assert results["failed"] == 1
    assert results["results"][0]["problems"] == ["missing term.expired org=b"]
    with pytest.raises(AssertionError, match="wrong: missing term.expired org=b"):
        run_cases(case)


def test_the_example_script():
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "python" / "check_sample.py")], check=True,
                         capture_output=True, text=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "bindings" / "python")}).stdout
    assert "setup.branch_min_full_members" in out and out.rstrip().endswith("findings")


def test_engine_keeps_findings_current():
    engine = dangjian.Engine(branch(2), as_of="2026-11-30", lang="en")
    before = {f.rule_id for f in engine.findings()}
    assert "setup.branch_min_full_members" in before
    delta = engine.apply({"memberAdded": {"id": "m9", "orgId": "b", "status": "FULL"}})
    assert [f.rule_id for f in delta.resolved] == ["setup.branch_min_full_members"]
    assert "setup.branch_min_full_members" not in {f.rule_id for f in engine.findings()}
    # The same findings as a fresh check of the changed snapshot.
    changed = branch(3)
    fresh = dangjian.Checker().load(changed).check(as_of="2026-11-30", lang="en")
    assert sorted(f.rule_id for f in engine.findings()) == sorted(f.rule_id for f in fresh.findings)


def test_engine_rejects_and_keeps_its_state():
    engine = dangjian.Engine(branch(3), as_of="2026-11-30")
    before = engine.findings()
    with pytest.raises(dangjian.Error) as e:
        engine.apply({"memberRemoved": "nobody"})
    assert e.value.name == "BAD_INPUT" and 'memberRemoved: no member "nobody"' in e.value.message
    assert engine.findings() == before


def test_finding_keys_are_the_same_in_a_check_and_an_engine(checker):
    report = checker.check(as_of=AS_OF)
    keys = [f.key for f in report.findings]
    assert len(set(keys)) == len(keys)
    assert "setup.branch_min_full_members/org:b-kgq" in keys
    engine = dangjian.Engine(dangjian.sample(), as_of=AS_OF)
    assert sorted(f.key for f in engine.findings()) == sorted(keys)
    delta = engine.apply({"memberAdded": {"id": "m9001", "orgId": "b-kgq", "status": "FULL"}})
    assert [f.key for f in delta.resolved] == ["setup.branch_min_full_members/org:b-kgq"]


def test_engine_records_a_members_event():
    engine = dangjian.Engine(branch(3), as_of="2026-11-30")
    # Graded 不合格 on March 31st: to be handled within 90 days, by June 29th.
    graded = {"memberEventRecorded": {"memberId": "m0", "kind": "EVALUATED", "on": "2026-03-31",
                                      "grade": "UNQUALIFIED"}}
    delta = engine.apply(graded)
    assert [(f.rule_id, f.member_id) for f in delta.added] == [("member.unqualified_unhandled", "m0")]
    assert engine.apply(graded) == dangjian.Delta(added=[], resolved=[])  # given again: a repeat
    delta = engine.apply({"memberEventRecorded": {"memberId": "m0", "kind": "HANDLED", "on": "2026-06-29"}})
    assert [f.rule_id for f in delta.resolved] == ["member.unqualified_unhandled"]
    with pytest.raises(dangjian.Error) as e:
        engine.apply({"memberEventRecorded": {"memberId": "m0", "kind": "HANDLED"}})
    assert e.value.message == "memberEventRecorded.on: missing (required)"
    changed = branch(3)
    changed["events"] = [graded["memberEventRecorded"], {"memberId": "m0", "kind": "HANDLED", "on": "2026-06-29"}]
    fresh = dangjian.Checker().load(changed).check(as_of="2026-11-30")
    assert sorted(f.key for f in engine.findings()) == sorted(f.key for f in fresh.findings)


def test_engine_batch_is_all_or_none():
    engine = dangjian.Engine(branch(1), as_of=AS_OF)
    before = engine.findings()
    add = [{"memberAdded": {"id": f"m{9 + i}", "orgId": "b", "status": "FULL"}} for i in range(2)]
    with pytest.raises(dangjian.Error) as e:
        engine.apply_batch(add + [{"memberRemoved": "nobody"}])
    assert e.value.name == "BAD_INPUT" and e.value.message == 'events[2].memberRemoved: no member "nobody"'
    assert engine.findings() == before
    delta = engine.apply_batch(add)
    assert [f.rule_id for f in delta.resolved] == ["setup.branch_min_full_members"]
    assert {f.key for f in delta.added} == {"life.member_talk/org:b/member:m9/period:2026",
                                            "life.member_talk/org:b/member:m10/period:2026"}
    changed = branch(1)
    changed["members"] += [e["memberAdded"] for e in add]
    fresh = dangjian.Checker().load(changed).check(as_of=AS_OF)
    assert sorted(f.key for f in engine.findings()) == sorted(f.key for f in fresh.findings)
    assert engine.apply_batch([]) == dangjian.Delta(added=[], resolved=[])


def test_engine_exports_its_snapshot_as_it_is_now():
    engine = dangjian.Engine(branch(1), as_of=AS_OF)
    engine.apply_batch([{"memberAdded": {"id": "m9", "orgId": "b", "status": "FULL"}},
                        {"statusChanged": {"memberId": "m0", "status": "PROBATIONARY"}}])
    changed = json.loads(engine.export())
    assert [(m["id"], m["status"]) for m in changed["members"]] == [("m0", "PROBATIONARY"), ("m9", "FULL")]
    for format in ("json", "binary", "delimited"):
        again = dangjian.Engine(engine.export(format), as_of=AS_OF, format=format)
        assert again.findings() == engine.findings()
        assert again.export() == engine.export()
    with pytest.raises(dangjian.Error) as e:
        engine.export("csv")
    assert e.value.name == "INVALID_ARGUMENT"


def test_engine_advances_its_date():
    snapshot = branch(3)
    engine = dangjian.Engine(snapshot, as_of="2026-06-30", from_="2026-01-01")
    checker = dangjian.Checker().load(snapshot)
    with pytest.raises(dangjian.Error) as e:
        engine.advance("2026-06-29")
    assert e.value.name == "INVALID_ARGUMENT"
    delta = engine.advance(datetime.date(2026, 10, 1))
    assert "2026-Q3" in {f.period for f in delta.added}
    fresh = checker.check(as_of="2026-10-01", from_="2026-01-01")
    assert sorted(f.key for f in engine.findings()) == sorted(f.key for f in fresh.findings)
    assert engine.findings() == fresh.findings


def test_engine_agenda_and_assessment_without_a_load():
    engine = dangjian.Engine(dangjian.sample(), as_of=AS_OF)
    engine.apply({"memberAdded": {"id": "m9001", "orgId": "b-kgq", "status": "FULL"}})
    engine.advance("2026-12-15")
    snapshot = dangjian.sample()
    checker = dangjian.Checker()
    data = json.loads(snapshot)
    data["members"].append({"id": "m9001", "orgId": "b-kgq", "status": "FULL"})
    checker.load(data)
    assert engine.agenda() == checker.agenda(as_of="2026-12-15")
    assert engine.agenda(rules="term", days=90) == checker.agenda(as_of="2026-12-15", rules="term", days=90)
    assert engine.assess("organ-assessment") == checker.assess("organ-assessment", as_of="2026-12-15")


# Two messages of a delimited stream: the working committee; a branch "b1"
# under it with one full member.
TWO_MESSAGES = bytes([
    0x08, 0x1a, 0x06, 0x0a, 0x02, ord("w"), ord("c"), 0x18, 0x01,
    0x18, 0x1a, 0x0a, 0x0a, 0x02, ord("b"), ord("1"), 0x18, 0x05, 0x22, 0x02, ord("w"), ord("c"),
    0x22, 0x0a, 0x0a, 0x02, ord("m"), ord("1"), 0x1a, 0x02, ord("b"), ord("1"), 0x30, 0x01])


def test_check_in_parts(tmp_path):
    path = tmp_path / "two.djs"
    path.write_bytes(TWO_MESSAGES)
    checker = dangjian.Checker()
    seen = []
    checker.check_in_parts(path, lambda part, parts, report: seen.append((part, parts, report)),
                           part_bytes=1, as_of="2026-06-30")
    assert [(part, parts) for part, parts, _ in seen] == [(0, 2), (1, 2)]
    assert [f.org_id for f in seen[1][2].of("setup.branch_min_full_members")] == ["b1"]
    assert not seen[0][2].of("setup.branch_min_full_members")

    with pytest.raises(dangjian.Error) as stopped:
        checker.check_in_parts(path, lambda *_: False, part_bytes=1)
    assert stopped.value.name == "STOPPED"
    with pytest.raises(ZeroDivisionError):
        checker.check_in_parts(path, lambda *_: 1 / 0, part_bytes=1)
    with pytest.raises(dangjian.Error) as absent:
        checker.check_in_parts(tmp_path / "absent.djs", lambda *_: None)
    assert absent.value.name == "NOT_FOUND"


def test_dates_of_every_kind(checker, tmp_path):
    """A date is a datetime.date, a datetime.datetime or a string, wherever a date goes."""
    as_text = checker.check(as_of=AS_OF, from_="2026-01-01")
    for day in (datetime.date(2026, 11, 30), datetime.datetime(2026, 11, 30, 17, 45)):
        assert checker.check(as_of=day, from_=datetime.date(2026, 1, 1)) == as_text
        assert checker.check_text(as_of=day) == checker.check_text(as_of=AS_OF)
        assert checker.agenda(as_of=day) == checker.agenda(as_of=AS_OF)
        assert checker.assess("organ-assessment", as_of=day) == checker.assess("organ-assessment", as_of=AS_OF)
        engine = dangjian.Engine(branch(2), as_of=day, from_=datetime.date(2026, 1, 1))
        assert engine.findings() == dangjian.Engine(branch(2), as_of=AS_OF).findings()
    path = tmp_path / "two.djs"
    path.write_bytes(TWO_MESSAGES)
    seen = []
    checker.check_in_parts(path, lambda part, parts, report: seen.append(report.as_of), part_bytes=1,
                           as_of=datetime.date(2026, 6, 30))
    assert seen == ["2026-06-30", "2026-06-30"]
    with pytest.raises(dangjian.Error) as e:
        checker.check(as_of=20261130)
    assert e.value.code == 1 and "as_of" in e.value.message


def test_rules_a_string_or_a_list(checker):
    """One rule or family as a string, never split into its letters; a string of several; a list."""
    term = checker.check(as_of=AS_OF, rules="term")
    assert term.findings and all(f.rule_id.startswith("term.") for f in term.findings)
    assert term.rules == ["term"]
    both = checker.check(as_of=AS_OF, rules="term, setup")
    assert both.findings == checker.check(as_of=AS_OF, rules=["term", "setup"]).findings
    assert {f.rule_id.split(".")[0] for f in both.findings} == {"term", "setup"}
    assert both.rules == ["term", "setup"]
    assert checker.check(as_of=AS_OF, rules=("setup.branch_min_full_members",)).of("setup.branch_min_full_members")
    assert checker.check(as_of=AS_OF).rules == []
    life = checker.agenda(as_of=AS_OF, rules="life")
    assert life.items and all(i.rule_id.startswith("life.") for i in life.items) and life.rules == ["life"]
    with pytest.raises(dangjian.Error) as e:
        checker.check(as_of=AS_OF, rules="nope")
    assert 'no rule or family "nope"' in e.value.message


def test_agenda_reaches_the_end_of_the_month(checker):
    """By default 30 days and on to the end of the month they end in: as of 30
    November, the theme days due on 31 December are there."""
    agenda = checker.agenda(as_of=AS_OF)
    assert agenda.days == 31
    assert any(i.due_on == "2026-12-31" for i in agenda.items)
    assert not any(i.due_on == "2026-12-31" for i in checker.agenda(as_of=AS_OF, days=30).items)
    assert checker.agenda(as_of="2026-11-01").days == 60  # 1 December, and the rest of December


def test_results_serialise(checker):
    """Every result becomes a dict of its fields and JSON, nested results too."""
    report = checker.check(as_of=AS_OF, scope="c-gaj", rules="setup")
    data = json.loads(report.to_json())
    assert data == report.to_dict()
    assert data["scope"] == "c-gaj" and data["rules"] == ["setup"]
    assert [dangjian.Finding(**f) for f in data["findings"]] == report.findings
    assert json.loads(report.to_json(indent=2)) == data
    assert "党" in report.to_json()  # the messages as written, not escaped
    agenda = checker.agenda(as_of=AS_OF)
    assert [dangjian.AgendaItem(**i) for i in json.loads(agenda.to_json())["items"]] == agenda.items
    assessment = checker.assess("organ-assessment", as_of=AS_OF)
    a = json.loads(assessment.to_json())
    assert a["orgs"][0]["org_id"] == assessment.orgs[0].org_id
    assert a["orgs"][0]["categories"][0]["items"][0]["title"] == assessment.orgs[0].categories[0].items[0].title
    delta = dangjian.Engine(branch(2), as_of=AS_OF).apply({"memberAdded": {"id": "m9", "orgId": "b", "status": "FULL"}})
    assert json.loads(delta.to_json())["resolved"][0]["rule_id"] == "setup.branch_min_full_members"
    assert json.loads(dangjian.rules()[0].to_json())["id"] == dangjian.rules()[0].id
    assert json.loads(dangjian.profiles()[0].to_json()) == {"id": "national", "title": dangjian.profiles()[0].title,
                                                            "extends": ""}


def _examples(obj):
    """The code examples of an object's docstring: its blocks indented beyond its text."""
    doc = obj.__doc__ or ""
    # The text of a docstring stands at the indentation of the body it documents.
    base = 0 if inspect.ismodule(obj) else len(inspect.getsource(obj)) - len(inspect.getsource(obj).lstrip()) + 4
    blocks, block = [], []
    for line in doc.splitlines()[1:] + [None]:
        if line is not None and (line.startswith(" " * (base + 4)) or (block and not line.strip())):
            block.append(line)
            continue
        if any(b.strip() for b in block):
            blocks.append(textwrap.dedent("\n".join(block)))
        block = []
    return blocks


def _public(module):
    """The module and everything public in it that it defines."""
    yield module.__name__, module
    for name in getattr(module, "__all__", dir(module)):
        value = getattr(module, name)
        if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
            continue
        yield f"{module.__name__}.{name}", value
        for member, attribute in vars(value).items() if inspect.isclass(value) else ():
            if not member.startswith("_") and inspect.isfunction(attribute):
                yield f"{module.__name__}.{name}.{member}", attribute


def _run(code, name):
    """Runs an example as a newcomer would paste it, from the repository's top,
    and the tests it defines."""
    namespace = {"__name__": name}
    exec(compile(code, name, "exec"), namespace)
    for test in [v for k, v in namespace.items() if k.startswith("test_") and callable(v)]:
        test()


def test_every_docstring_example_runs(monkeypatch, capsys):
    import dangjian.testing
    monkeypatch.chdir(ROOT)
    ran = []
    for module in (dangjian, dangjian.testing):
        for name, obj in _public(module):
            for code in _examples(obj):
                _run(code, name)
                ran.append(name)
    assert {"dangjian", "dangjian.Engine", "dangjian.testing"} <= set(ran)
    assert "setup.branch_min_full_members" in capsys.readouterr().out


def test_the_readme_examples_run(tmp_path, monkeypatch):
    """The README's Python, its profile of a city's own and its case file."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(\w*)\n(.*?)```", readme, re.S)
    monkeypatch.chdir(ROOT)
    python = [code for lang, code in blocks if lang == "python"]
    assert python
    for code in python:
        _run(code, "README")
    textprotos = [code for lang, code in blocks if lang == "" and "extends:" in code and "local_rules" in code]
    assert len(textprotos) == 1
    profile = dangjian.Checker(profile=textprotos[0]).profile
    assert profile["id"] == "my-city" and profile["localRules"][0]["id"] == "local.ethics_lecture"
    cases = [code for lang, code in blocks if lang == "" and code.lstrip().startswith("cases {")]
    assert len(cases) == 1
    (tmp_path / "case.textproto").write_text(cases[0], encoding="utf-8")
    assert run_cases(tmp_path / "case.textproto") == 1


def test_pages_for_a_person(checker):
    page = checker.check_html(as_of=AS_OF)
    assert page.startswith("<!doctype html>") and "</html>" in page
    names = {m["id"]: m["name"] for m in json.loads(dangjian.sample())["members"]}
    keys = [f.member_id for f in checker.check(as_of=AS_OF).findings if f.member_id]
    assert keys and f"{names[keys[0]]} [{keys[0]}]" in page
    stats = checker.stats_html(as_of=AS_OF, from_="2026-10-01", lang="en")
    assert stats.startswith("<!doctype html>") and 'lang="en"' in stats
    with pytest.raises(dangjian.Error):
        checker.stats_html(as_of=AS_OF, scope="nowhere")


def test_stats_held_owed_and_dues(checker):
    """The organizational-life and dues tables: the module's function and the
    Checker's give the same; the rolled-up committee sums its orgs."""
    s = checker.stats(as_of=AS_OF, from_="2026-10-01")
    assert s["from"] == "2026-10-01" and [m["month"] for m in s["total"]["months"]] == ["2026-10", "2026-11"]
    theme = s["activities"].index("THEME_DAY")
    committee = s["committees"][0]
    inside = [o for o in s["orgs"] if o["path"].startswith(committee["path"])]
    for k, month in enumerate(committee["months"]):
        assert month["meetings"][theme].get("owed", 0) == sum(
            o["months"][k]["meetings"][theme].get("owed", 0) for o in inside)
        assert month.get("dues_paid_cents", 0) == sum(o["months"][k].get("dues_paid_cents", 0) for o in inside)
    assert isinstance(committee["months"][0].get("dues_paid_cents", 0), int)
    assert dangjian.stats(dangjian.sample(), as_of=AS_OF, from_="2026-10-01") == s
    with pytest.raises(dangjian.Error):
        checker.stats(as_of=AS_OF, scope="nowhere")
