#!/usr/bin/env python3
"""Writes sample-city.json: the bundled sample of `dangjian demo`.

A plausible municipal organ system: one 市直机关工委 over 22 units, with
机关党委, 党总支, 党支部, 联合党支部, a 临时党支部, 党小组, 机关纪委 and 党组,
about 1,500 members, their positions and terms. It is meant to be checked as
of 2026-11-30, and it holds at least one instance of every setup, term,
structure and data rule; each planted fault is marked `# fault:` below.

Deterministic: the same script writes the same file. Run it from anywhere:
    python3 data/examples/make_sample.py
"""
import json
import os
import random

rng = random.Random(20261130)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国晓东海燕雪梅志宏文博宇浩然子涵欣怡思远俊峰立新春生"

snapshot = {"schemaVersion": 1, "units": [], "orgs": [], "members": [], "positions": [], "terms": []}
member_seq = [0]


def name():
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def date(y, m, d):
    return f"{y:04d}-{m:02d}-{d:02d}"


def unit(uid, uname, staff, party_staff):
    snapshot["units"].append({"id": uid, "name": uname, "staffCount": staff, "partyStaffCount": party_staff})


def org(oid, kind, oname, parent=None, units=(), **extra):
    record = {"id": oid, "name": oname, "kind": kind}
    if parent:
        record["parentId"] = parent
    if units:
        record["unitIds"] = list(units)
    record.update(extra)
    snapshot["orgs"].append(record)
    return oid


def members(org_id, unit_id, full, probationary=0, **extra):
    """Adds members; returns their ids, full members first."""
    ids = []
    for k in range(full + probationary):
        member_seq[0] += 1
        mid = f"m{member_seq[0]:04d}"
        is_full = k < full
        year = rng.randint(1990, 2022) if is_full else rng.choice([2025, 2026])
        admitted = date(year, rng.randint(1, 12), rng.randint(1, 28))
        record = {"id": mid, "name": name(), "orgId": org_id, "status": "FULL" if is_full else "PROBATIONARY",
                  "admittedOn": admitted, "duesCategory": "EMPLOYED",
                  "monthlyIncomeCents": rng.randrange(380000, 1350000, 100)}
        if unit_id:
            record["unitId"] = unit_id
        if is_full:
            record["fullOn"] = date(year + 1, int(admitted[5:7]), int(admitted[8:10]))
        record.update(extra)
        snapshot["members"].append(record)
        ids.append(mid)
    return ids


def position(org_id, member_id, role, since="2024-03-01", approved=True, until=None):
    record = {"orgId": org_id, "memberId": member_id, "role": role, "since": since, "approved": approved}
    if until:
        record["until"] = until
    snapshot["positions"].append(record)


def terms(org_id, started, years=3, **current):
    """The current term begun on `started`, and the one before it, closed on time."""
    y, m, d = (int(x) for x in started.split("-"))
    snapshot["terms"].append({"orgId": org_id, "number": 1, "startedOn": date(y - years, m, d), "endedOn": started})
    record = {"orgId": org_id, "number": 2, "startedOn": started}
    record.update(current)
    snapshot["terms"].append(record)


def committee(org_id, people, roles=("SECRETARY", "DEPUTY_SECRETARY", "DISCIPLINE_MEMBER", "COMMITTEE_MEMBER",
                                     "COMMITTEE_MEMBER")):
    for member_id, role in zip(people, roles):
        position(org_id, member_id, role)


def branch(oid, oname, parent, unit_id, full, probationary=0, started="2024-06-18", groups=0, **extra):
    """A well-kept branch: a committee when it has 7+ full members, else a
    secretary and a designated discipline officer; party groups in big ones."""
    org(oid, "BRANCH", oname, parent, [unit_id] if unit_id else (), establishedOn="2010-03-01", **extra)
    people = members(oid, unit_id, full, probationary)
    if full >= 7:
        committee(oid, people[:5 if full >= 20 else 3])
    else:
        position(oid, people[0], "SECRETARY")
        position(oid, people[1 % len(people)], "DISCIPLINE_DESIGNEE")
    for g in range(groups):
        gid = org(f"{oid}-g{g + 1}", "PARTY_GROUP", f"{oname}第{g + 1}党小组", oid)
        position(gid, people[5 + g], "GROUP_LEADER")
        for p in snapshot["members"]:
            if p["orgId"] == oid and p["id"] in people[5 + g::groups]:
                p["groupId"] = gid
    terms(oid, started)
    return people


# ---- the working committee and the units ------------------------------------
UNITS = [
    # id, name, staff, party staff, members (approx.), form
    ("u-gaj", "市公安局", 620, 9, None, "committee"),
    ("u-jyj", "市教育局", 180, 3, None, "committee"),
    ("u-czj", "市财政局", 150, 2, None, "committee"),
    ("u-fgw", "市发展和改革委员会", 140, 2, None, "general"),
    ("u-wjw", "市卫生健康委员会", 160, 1, None, "general"),  # fault: setup.party_staff_ratio (0.63% < 1%)
    ("u-rsj", "市人力资源和社会保障局", 120, 2, None, "general"),
    ("u-zjj", "市住房和城乡建设局", 110, 2, None, "general"),
    ("u-mzj", "市民政局", 80, 1, None, "branch"),
    ("u-sfj", "市司法局", 75, 1, None, "branch"),
    ("u-zrj", "市自然资源局", 90, 1, None, "branch"),
    ("u-hbj", "市生态环境局", 70, 1, None, "branch"),
    ("u-jtj", "市交通运输局", 85, 1, None, "branch"),
    ("u-slj", "市水务局", 60, 1, None, "branch"),
    ("u-nyj", "市农业农村局", 95, 1, None, "branch"),
    ("u-swj", "市商务局", 55, 1, None, "branch"),
    ("u-wlj", "市文化和旅游局", 65, 1, None, "branch"),
    ("u-sjj", "市审计局", 50, 1, None, "branch"),
    ("u-scj", "市市场监督管理局", 100, 1, None, "branch"),
    ("u-swu", "市税务局", 260, 4, None, "committee"),
    ("u-yjj", "市应急管理局", 90, 1, None, "general"),
    ("u-cgj", "市城市管理局", 110, 2, None, "general"),
    ("u-tjj", "市统计局", 30, 1, None, "joint"),
    ("u-dag", "市档案馆", 12, 1, None, "joint"),
    ("u-dzb", "市地方志办公室", 8, 1, None, "joint"),
    ("u-jgj", "市机关事务管理局", 40, 1, None, "joint"),
]
for uid, uname, staff, party_staff, _, _ in UNITS:
    unit(uid, uname, staff, party_staff)
unit("u-kgq", "市科学技术协会", 15, 1)
unit("u-gsl", "市工商业联合会", 14, 1)

wc = org("wc", "WORKING_COMMITTEE", "中共某市市直机关工作委员会", establishedOn="1998-06-01")
org("wc-office", "BRANCH", "市直机关工委机关党支部", wc, ["u-jgj"], establishedOn="1998-06-01")
office = members("wc-office", "u-jgj", 9, 1)
committee("wc-office", office[:3])
terms("wc-office", "2024-09-10")
position(wc, office[0], "SECRETARY")
position(wc, office[1], "DEPUTY_SECRETARY")

# ---- 市公安局: a committee with its discipline committee, general branches and branches
org("c-gaj", "COMMITTEE", "市公安局机关党委", wc, ["u-gaj"], establishedOn="2001-07-01")
org("c-gaj-jw", "DISCIPLINE_COMMITTEE", "市公安局机关纪委", "c-gaj")
terms("c-gaj", "2022-07-06", years=5)
org("gb-gaj-1", "GENERAL_BRANCH", "市公安局第一党总支", "c-gaj", ["u-gaj"], establishedOn="2008-01-01")
terms("gb-gaj-1", "2024-07-20")
first = []
for k, (full, prob) in enumerate([(24, 1), (19, 2), (15, 0)]):
    first += branch(f"b-gaj-1{k + 1}", f"市公安局第一党总支第{k + 1}党支部", "gb-gaj-1", "u-gaj", full, prob,
                    started="2024-07-20", groups=2 if full > 18 else 0)
position("gb-gaj-1", first[0], "SECRETARY")
position("gb-gaj-1", first[1], "DEPUTY_SECRETARY")
position("gb-gaj-1", first[2], "DISCIPLINE_MEMBER")
org("gb-gaj-2", "GENERAL_BRANCH", "市公安局第二党总支", "c-gaj", ["u-gaj"], establishedOn="2008-01-01")
terms("gb-gaj-2", "2024-07-20")
second = []
for k, (full, prob) in enumerate([(21, 0), (17, 1), (16, 0), (12, 0), (19, 1)]):
    second += branch(f"b-gaj-2{k + 1}", f"市公安局第二党总支第{k + 1}党支部", "gb-gaj-2", "u-gaj", full, prob,
                     started="2024-07-20", groups=2 if full > 18 else 0)
position("gb-gaj-2", second[0], "SECRETARY")
# fault: setup.discipline_member — 第二党总支 has no 纪检委员
# fault: setup.branch_max_members and setup.upgrade_suggested — 56 members in one branch
big = branch("b-gaj-xz", "市公安局刑侦支队党支部", "c-gaj", "u-gaj", 53, 3, started="2024-11-12", groups=4)
branch("b-gaj-jg", "市公安局交警支队党支部", "c-gaj", "u-gaj", 33, 2, started="2025-03-14", groups=2)
branch("b-gaj-zh", "市公安局指挥中心党支部", "c-gaj", "u-gaj", 28, 1, started="2024-10-09", groups=2)
position("c-gaj", big[0], "SECRETARY")
position("c-gaj", first[3], "DEPUTY_SECRETARY")
# fault: structure.invalid_nesting — a party group placed directly under the committee
org("c-gaj-pg", "PARTY_GROUP", "市公安局机关党委直属党小组", "c-gaj")
position("c-gaj-pg", big[6], "GROUP_LEADER")
# fault: setup.group_leader_vacant — a party group whose leader left
org("b-gaj-jg-g3", "PARTY_GROUP", "市公安局交警支队党支部第3党小组", "b-gaj-jg")

# ---- 市教育局: a committee without a discipline committee
org("c-jyj", "COMMITTEE", "市教育局机关党委", wc, ["u-jyj"], establishedOn="2003-05-01")
terms("c-jyj", "2023-01-10", years=5)
# fault: setup.discipline_committee — no 机关纪委 under 市教育局机关党委
edu = []
for k, (full, prob) in enumerate([(22, 1), (18, 0), (16, 2), (14, 0), (12, 1), (17, 0), (15, 1), (13, 0)]):
    edu += branch(f"b-jyj-{k + 1}", f"市教育局机关第{k + 1}党支部", "c-jyj", "u-jyj", full, prob,
                  started="2025-01-08", groups=2 if full > 18 else 0)
position("c-jyj", edu[0], "SECRETARY")
# fault: setup.branch_committee_required — 12 full members, a committee of 2
org("b-jyj-jys", "BRANCH", "市教育局教研室党支部", "c-jyj", ["u-jyj"], establishedOn="2012-09-01")
jys = members("b-jyj-jys", "u-jyj", 12)
position("b-jyj-jys", jys[0], "SECRETARY")
position("b-jyj-jys", jys[1], "DEPUTY_SECRETARY")
terms("b-jyj-jys", "2025-04-22")

# ---- 市财政局: a committee below 100 members, with no approved exception
org("c-czj", "COMMITTEE", "市财政局机关党委", wc, ["u-czj"], establishedOn="2004-04-01")
org("c-czj-jw", "DISCIPLINE_COMMITTEE", "市财政局机关纪委", "c-czj")
terms("c-czj", "2021-12-20", years=5)  # due 2026-12-20: term.due_soon
fin = []
for k, (full, prob) in enumerate([(23, 1), (19, 1), (17, 0), (13, 0), (9, 0)]):
    fin += branch(f"b-czj-{k + 1}", f"市财政局第{k + 1}党支部", "c-czj", "u-czj", full, prob,
                  started="2024-12-03", groups=2 if full > 18 else 0)
position("c-czj", fin[0], "SECRETARY")
# fault: setup.committee_min_members — 83 members under 市财政局机关党委
# fault: setup.branch_committee_size (over 7) — the 5th branch's committee of 8 is set below
for k, m in enumerate(fin[-9:-1]):
    if k >= 3:
        position("b-czj-5", m, "COMMITTEE_MEMBER")
position("b-czj-5", fin[-9 + 3], "DEPUTY_SECRETARY")

# ---- 市税务局: a committee in good order
org("c-swu", "COMMITTEE", "市税务局机关党委", wc, ["u-swu"], establishedOn="2018-07-20")
org("c-swu-jw", "DISCIPLINE_COMMITTEE", "市税务局机关纪委", "c-swu")
terms("c-swu", "2023-06-28", years=5)
tax = []
for k, (full, prob) in enumerate([(26, 1), (24, 2), (22, 0), (21, 1), (19, 0), (18, 1)]):
    tax += branch(f"b-swu-{k + 1}", f"市税务局机关第{k + 1}党支部", "c-swu", "u-swu", full, prob,
                  started="2025-06-12", groups=2 if full > 18 else 0)
position("c-swu", tax[0], "SECRETARY")
position("c-swu", tax[1], "DEPUTY_SECRETARY")

# ---- general branches directly under the working committee
GENERAL = [
    ("u-fgw", "gb-fgw", "市发展和改革委员会机关党总支", [(22, 2), (19, 1), (16, 0), (14, 1)], "2024-08-26", {}),
    # fault: setup.general_branch_min_members — 42 members, no approved exception
    ("u-wjw", "gb-wjw", "市卫生健康委员会机关党总支", [(16, 1), (14, 0), (11, 0)], "2025-02-17", {}),
    # below 50, but with the higher organization's approval: not reported
    ("u-rsj", "gb-rsj", "市人力资源和社会保障局机关党总支", [(18, 0), (15, 1), (10, 0)], "2024-04-11",
     {"approvedException": True}),
    ("u-zjj", "gb-zjj", "市住房和城乡建设局机关党总支", [(21, 1), (18, 1), (15, 0), (13, 0)], "2024-07-03", {}),
    ("u-yjj", "gb-yjj", "市应急管理局机关党总支", [(24, 1), (20, 0), (17, 1)], "2025-03-25", {}),
    ("u-cgj", "gb-cgj", "市城市管理局机关党总支", [(23, 2), (21, 0), (18, 1)], "2024-09-16", {}),
]
for uid, gid, gname, branches, started, extra in GENERAL:
    org(gid, "GENERAL_BRANCH", gname, wc, [uid], establishedOn="2009-10-01", **extra)
    people = []
    for k, (full, prob) in enumerate(branches):
        people += branch(f"{gid}-{k + 1}", f"{gname[:-3]}第{k + 1}党支部", gid, uid, full, prob, started=started,
                         groups=2 if full > 18 else 0)
    position(gid, people[0], "SECRETARY")
    position(gid, people[1], "DEPUTY_SECRETARY")
    position(gid, people[2], "DISCIPLINE_MEMBER")
    terms(gid, started)

# ---- single branches under the working committee
SINGLE = [
    ("u-mzj", "b-mzj", "市民政局机关党支部", 36, 1, "2024-03-19"),
    ("u-sfj", "b-sfj", "市司法局机关党支部", 33, 0, "2025-06-30"),
    ("u-zrj", "b-zrj", "市自然资源局机关党支部", 40, 2, "2024-10-25"),
    ("u-hbj", "b-hbj", "市生态环境局机关党支部", 31, 1, "2023-05-10"),  # fault: term.expired (due 2026-05-10)
    ("u-jtj", "b-jtj", "市交通运输局机关党支部", 38, 0, "2024-01-20"),  # due 2027-01-20: term.due_soon (3 months)
    ("u-slj", "b-slj", "市水务局机关党支部", 28, 1, "2024-04-15"),      # due 2027-04-15: term.due_soon (6 months)
    ("u-nyj", "b-nyj", "市农业农村局机关党支部", 43, 2, "2025-09-09"),
    ("u-swj", "b-swj", "市商务局机关党支部", 27, 0, "2024-12-12"),
    ("u-wlj", "b-wlj", "市文化和旅游局机关党支部", 30, 1, "2025-05-06"),
    ("u-sjj", "b-sjj", "市审计局机关党支部", 25, 0, "2025-08-18"),
    ("u-scj", "b-scj", "市市场监督管理局机关党支部", 47, 2, "2024-06-27"),
]
single_people = {}
for uid, bid, bname, full, prob, started in SINGLE:
    single_people[bid] = branch(bid, bname, wc, uid, full, prob, started=started, groups=2 if full > 25 else 0)

# fault: setup.secretary_vacant — 市司法局's secretary left in September
for p in snapshot["positions"]:
    if p["orgId"] == "b-sfj" and p["role"] == "SECRETARY":
        p["until"] = "2026-09-30"
# fault: setup.secretary_not_approved — 市审计局's secretary not yet approved
for p in snapshot["positions"]:
    if p["orgId"] == "b-sjj" and p["role"] == "SECRETARY":
        p["approved"] = False
# fault: setup.branch_committee_size (usual 3-5) — 市市场监督管理局's committee of 6
position("b-scj", single_people["b-scj"][7], "COMMITTEE_MEMBER")
# fault: term.adjustment_limit — an 18-month extension
for t in snapshot["terms"]:
    if t["orgId"] == "b-nyj" and "endedOn" not in t:
        t.update({"adjustMonths": 18, "adjustApproved": True})
# fault: term.adjustment_unapproved — 市商务局 elected five months early without approval
for t in snapshot["terms"]:
    if t["orgId"] == "b-swj" and "endedOn" in t:
        t["startedOn"] = "2022-05-12"  # due 2025-05-12, closed 2024-12-12

# ---- small organs: small branches and joint branches
# fault: setup.branch_min_full_members — 2 full members and 1 probationary
org("b-kgq", "BRANCH", "市科学技术协会机关党支部", wc, ["u-kgq"], establishedOn="2016-05-01")
kgq = members("b-kgq", "u-kgq", 2, 1)
position("b-kgq", kgq[0], "SECRETARY")
position("b-kgq", kgq[1], "DISCIPLINE_DESIGNEE")
terms("b-kgq", "2024-05-08")
# fault: setup.branch_no_committee_roles and setup.discipline_designee (genhe-2020) — 5 full
# members, a secretary, a deputy and a committee member, no designated discipline officer
org("b-gsl", "BRANCH", "市工商业联合会机关党支部", wc, ["u-gsl"], establishedOn="2015-03-01")
gsl = members("b-gsl", "u-gsl", 5)
position("b-gsl", gsl[0], "SECRETARY")
position("b-gsl", gsl[1], "DEPUTY_SECRETARY")
position("b-gsl", gsl[2], "COMMITTEE_MEMBER")
terms("b-gsl", "2025-07-15")

# fault: setup.joint_branch_max_units — a joint branch over 6 units;
# fault: setup.unit_own_branch — 市统计局 has 4 full members of its own in it
JOINT_UNITS = ["u-tjj", "u-dag", "u-dzb", "u-jgj", "u-kgq", "u-gsl"]
org("jb-1", "JOINT_BRANCH", "市统计局等单位联合党支部", wc, JOINT_UNITS, establishedOn="2019-11-01")
joint = members("jb-1", "u-tjj", 4) + members("jb-1", "u-dag", 1) + members("jb-1", "u-dzb", 1, 1)
position("jb-1", joint[0], "SECRETARY")
position("jb-1", joint[4], "DEPUTY_SECRETARY")
position("jb-1", joint[6], "DISCIPLINE_DESIGNEE")
terms("jb-1", "2024-11-20")
# fault: term.missing — a joint branch with no term on record
org("jb-2", "JOINT_BRANCH", "市档案馆等单位第二联合党支部", wc, ["u-dag", "u-dzb"], establishedOn="2023-03-01")
jb2 = members("jb-2", "u-dag", 1) + members("jb-2", "u-dzb", 1, 1)
position("jb-2", jb2[0], "SECRETARY")
position("jb-2", jb2[1], "DISCIPLINE_DESIGNEE")

# a temporary branch for the city's rural revitalization task force (no members of its own:
# 组织关系不转接), and a dissolved one that nothing reports
org("tb-xczx", "TEMPORARY_BRANCH", "乡村振兴驻村工作队临时党支部", wc, establishedOn="2025-03-01")
position("tb-xczx", single_people["b-nyj"][8], "SECRETARY")
org("tb-cjwm", "TEMPORARY_BRANCH", "创建全国文明城市专班临时党支部", wc, establishedOn="2023-02-01",
    dissolvedOn="2025-12-31")

# ---- 党组: leading groups of the larger organs, linked by positions
for uid, gid, gname, people in [("u-gaj", "lg-gaj", "市公安局党组", first + second),
                                ("u-jyj", "lg-jyj", "市教育局党组", edu),
                                ("u-czj", "lg-czj", "市财政局党组", fin),
                                ("u-fgw", "lg-fgw", "市发展和改革委员会党组", single_people["b-mzj"])]:
    org(gid, "LEADING_GROUP", gname, wc, [uid])
    position(gid, people[-1], "LEADING_GROUP_SECRETARY")
    for m in people[-5:-1]:
        position(gid, m, "LEADING_GROUP_MEMBER")
    for p in snapshot["members"]:
        if p["id"] in people[-5:]:
            p["leadingCadre"] = True

# ---- data faults a platform's export might carry
# fault: structure.member_org_kind — a member recorded against a general branch
members("gb-zjj", "u-zjj", 1)
# fault: data.unknown_reference — a member in a unit that is not in the snapshot
members("b-mzj", "u-mzj-old", 1)
# fault: data.invalid_value — converted before being admitted
for p in snapshot["members"]:
    if p["orgId"] == "b-wlj" and p["status"] == "FULL":
        p["fullOn"] = "2001-01-01"
        p["admittedOn"] = "2001-06-01"
        break

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample-city.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(snapshot, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"{path}: {len(snapshot['units'])} units, {len(snapshot['orgs'])} orgs, "
      f"{len(snapshot['members'])} members, {len(snapshot['positions'])} positions, {len(snapshot['terms'])} terms")
