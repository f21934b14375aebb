"""The Python binding over the C interface."""
import concurrent.futures
import decimal
import json
import pathlib
import subprocess
import sys

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
    branches = [o for o in a["orgs"] if o["kind"] == "BRANCH"]
    assert [o["rank"] for o in branches] == sorted(o["rank"] for o in branches)
    worst = branches[-1]
    lost = [d for c in worst["categories"] for i in c["items"] for d in i.get("deductions", []) if d.get("points")]
    assert lost and all(d["ruleId"] and d["message"] for d in lost)
    organs = checker.assess("organ-assessment", as_of=AS_OF,
                            manual=ROOT / "data/examples/assessment/organ-manual-2026.json",
                            previous=ROOT / "data/examples/assessment/organ-assessment-2025.json")
    flagged = [o["orgId"] for o in organs["orgs"] if o.get("bottomTwoYears")]
    assert flagged == ["c-gaj"]
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
