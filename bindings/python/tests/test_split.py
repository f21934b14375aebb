"""Parts that stand alone: an export split, each part checked on its own."""
import pytest

import dangjian
from test_dangjian import TWO_MESSAGES


def test_each_part_alone_as_in_parts(tmp_path):
    path = tmp_path / "two.djs"
    path.write_bytes(TWO_MESSAGES)
    checker = dangjian.Checker()
    in_parts = []
    checker.check_in_parts(path, lambda part, parts, report: in_parts.append((part, parts, report)),
                           part_bytes=1, as_of="2026-06-30")
    assert dangjian.split(path, tmp_path / "parts", part_bytes=1) == 2
    assert dangjian.split_parts(tmp_path / "parts") == 2
    alone = []
    for k in (1, 0):
        checker.check_split_parts(tmp_path / "parts", [k], lambda part, parts, report: alone.append((part, parts, report)),
                                  as_of="2026-06-30")
    assert sorted(alone, key=lambda seen: seen[0]) == in_parts
    assert [f.org_id for f in alone[0][2].of("setup.branch_min_full_members")] == ["b1"]

    with pytest.raises(dangjian.Error) as past:
        checker.check_split_parts(tmp_path / "parts", [0, 2], lambda *_: None)
    assert past.value.name == "INVALID_ARGUMENT" and "has 2 parts" in past.value.message
    with pytest.raises(dangjian.Error) as stopped:
        checker.check_split_parts(tmp_path / "parts", [0, 1], lambda *_: False)
    assert stopped.value.name == "STOPPED"
    with pytest.raises(dangjian.Error) as absent:
        dangjian.split_parts(tmp_path)
    assert absent.value.name == "NOT_FOUND"
    with pytest.raises(ValueError):
        checker.check_split_parts(tmp_path / "parts", [-1], lambda *_: None)


def test_statistics_of_the_parts_are_the_whole_exports(tmp_path):
    path = tmp_path / "two.djs"
    path.write_bytes(TWO_MESSAGES)
    assert dangjian.split(path, tmp_path / "parts", part_bytes=1) == 2
    checker = dangjian.Checker()
    whole = dangjian.Checker().load(path).stats(as_of="2026-06-30")
    assert whole["total"]["full_members"] > 0
    assert checker.stats_split_parts(tmp_path / "parts", [0, 1], as_of="2026-06-30") == whole
    # Each part on its own, then the two added up as a cluster's client adds them.
    binary = [checker._stats_split_parts(tmp_path / "parts", [k], "2026-06-30", None, [], 2) for k in (1, 0)]
    assert checker._stats_split_parts(tmp_path / "parts", [], "2026-06-30", None, binary, 1) == \
        checker._stats_split_parts(tmp_path / "parts", [0, 1], "2026-06-30", None, [], 1)

    with pytest.raises(dangjian.Error) as other_day:
        checker._stats_split_parts(tmp_path / "parts", [1], "2026-05-31", None, binary[1:], 1)
    assert other_day.value.name == "BAD_INPUT" and "statistics gathered 0" in other_day.value.message
    with pytest.raises(dangjian.Error) as not_binary:
        checker._stats_split_parts(tmp_path / "parts", [], "2026-06-30", None, [b"{}x"], 1)
    assert not_binary.value.name == "BAD_INPUT" and "not a Statistics message" in not_binary.value.message
