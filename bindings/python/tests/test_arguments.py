"""Arguments the C interface cannot take as Python gives them: refused with
dangjian.Error, never passed on cut short or wrapped around."""
import ctypes
import decimal
import gc

import pytest

import dangjian
from dangjian import _native

AS_OF = dangjian.SAMPLE_AS_OF


@pytest.fixture(scope="module")
def checker():
    return dangjian.Checker(profile="national").load(dangjian.sample())


@pytest.mark.parametrize("call", [
    lambda c: c.check(as_of=AS_OF, scope="c-gaj\0b-kgq"),
    lambda c: c.check(as_of=AS_OF, rules="term\0setup"),
    lambda c: c.check(as_of=AS_OF, lang="en\0"),
    lambda c: c.check(as_of="2026-11-30\0junk"),
    lambda c: c.agenda(as_of=AS_OF, scope="\0"),
    lambda c: c.assess("organ-assessment\0", as_of=AS_OF),
    lambda c: dangjian.Checker(profile="national\0genhe-2020"),
])
def test_a_nul_inside_a_string_is_refused(checker, call):
    with pytest.raises(dangjian.Error) as e:
        call(checker)
    assert e.value.code == 1 and "NUL" in e.value.message


def test_a_scope_with_a_nul_is_not_checked_as_its_prefix(checker):
    # "c-gaj\0x" once checked c-gaj: the error names the argument instead.
    with pytest.raises(dangjian.Error, match="scope"):
        checker.check(as_of=AS_OF, scope="c-gaj\0x")
    assert checker.check(as_of=AS_OF, scope="c-gaj").findings


@pytest.mark.parametrize("days", [2**32 + 5, 2**31, -1, -5, 1.5, "30", True])
def test_agenda_days_that_a_c_int_cannot_hold_are_refused(checker, days):
    with pytest.raises(dangjian.Error, match="days") as e:
        checker.agenda(as_of=AS_OF, days=days)
    assert e.value.code == 1


def test_agenda_days_at_the_edges(checker):
    assert checker.agenda(as_of=AS_OF, days=0).days == 0
    assert checker.agenda(as_of=AS_OF, days=3660).days == 3660
    with pytest.raises(dangjian.Error) as e:  # the library's own bound
        checker.agenda(as_of=AS_OF, days=3661)
    assert e.value.code == 1


@pytest.mark.parametrize("income", ["abc", "", "NaN", "Infinity", "-1", "1e9999999999"])
def test_dues_income_that_is_not_an_amount(income):
    with pytest.raises(dangjian.Error, match="income") as e:
        dangjian.dues("EMPLOYED", income)
    assert e.value.code == 1


def test_dues_income_at_the_edges():
    assert dangjian.dues("EMPLOYED", "0") == decimal.Decimal("0.00")
    assert dangjian.dues("EMPLOYED", 3000) == decimal.Decimal("15.00")
    assert dangjian.dues("EMPLOYED", "3000.01") == decimal.Decimal("30.00")


def test_a_path_that_cannot_be_read_raises_the_os_error():
    with pytest.raises(FileNotFoundError):
        dangjian.Checker().load("/nonexistent/snapshot.json")


def test_a_checker_let_go_clears_its_handles(monkeypatch):
    destroyed = []
    real_snapshot, real_profile = _native.lib.dj_snapshot_destroy, _native.lib.dj_profile_destroy
    checker = dangjian.Checker().load(dangjian.sample())
    profile = checker._profile
    monkeypatch.setattr(_native.lib, "dj_snapshot_destroy", lambda p: (destroyed.append("snapshot"), real_snapshot(p)))
    monkeypatch.setattr(_native.lib, "dj_profile_destroy", lambda p: (destroyed.append("profile"), real_profile(p)))
    checker.__del__()
    assert not checker._snapshot
    checker.__del__()  # a second time destroys nothing twice
    profile.__del__()
    assert not profile.pointer
    profile.__del__()
    assert destroyed == ["snapshot", "profile"]
    del checker, profile
    gc.collect()
    assert destroyed == ["snapshot", "profile"]


def test_the_rules_of_a_profile_list_its_own():
    profile = ('id: "my-city" extends: "national"\n'
               'rules { id: "term.expired" severity: NOTICE }\n'
               'local_rules { id: "local.ethics_lecture" severity: WARNING title_zh: "廉政党课" }\n'
               'obligations { id: "ethics" rule_id: "local.ethics_lecture" activity: PARTY_LECTURE '
               'holders: [BRANCH] at_least: 1 period: HALF_YEAR }')
    listed = {r.id: r for r in dangjian.rules(profile=profile)}
    catalogue = {r.id: r for r in dangjian.rules()}
    assert set(listed) == set(catalogue) | {"local.ethics_lecture"}
    assert listed["local.ethics_lecture"].local and listed["local.ethics_lecture"].enabled
    assert listed["term.expired"].severity == "NOTICE" and catalogue["term.expired"].severity != "NOTICE"
    assert listed["setup.discipline_designee"].enabled is False  # off in national
    assert catalogue["term.expired"].enabled is None
    assert not any(r.local for r in catalogue.values())
    genhe = {r.id: r for r in dangjian.rules(profile="genhe-2020")}
    assert genhe["setup.discipline_designee"].enabled is True


def test_an_assessment_states_its_scope(checker):
    assert checker.assess("organ-assessment", as_of=AS_OF, scope="c-gaj").scope == "c-gaj"
    assert checker.assess("organ-assessment", as_of=AS_OF).scope == ""
