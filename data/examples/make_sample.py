#!/usr/bin/env python3
"""Writes sample-city.json: the bundled sample of `dangjian demo`.

A plausible municipal organ system: one 市直机关工委 over 22 units, with
机关党委, 党总支, 党支部, 联合党支部, a 临时党支部, 党小组, 机关纪委 and 党组,
about 1,500 members, their positions and terms. It is meant to be checked as
of 2026-11-30, and it holds at least one instance of every setup, term,
structure, data and organizational-life rule; each planted fault is marked
`# fault:` below. The year's activity records (2026-01-01 to 2026-11-30) follow
the rules, but for the planted gaps; 市税务局机关第1党支部 (b-swu-1) meets every
obligation of both profiles.

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
        if is_full:
            year = rng.randint(1990, 2022)
            admitted = date(year, rng.randint(1, 12), rng.randint(1, 28))
        else:  # admitted within the last year: probation not yet over on 2026-11-30
            year = 2026
            admitted = date(2026, rng.randint(1, 10), rng.randint(1, 28))
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
    ("u-wlj", "b-wlj", "市文化和旅游局机关党支部", 30, 1, "2026-05-06"),  # elected this year
    ("u-sjj", "b-sjj", "市审计局机关党支部", 25, 0, "2026-08-18"),      # elected this year
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
# 组织关系不转接: their relations, and their dues, stay with 市农业农村局's branch), and a
# dissolved one that nothing reports
org("tb-xczx", "TEMPORARY_BRANCH", "乡村振兴驻村工作队临时党支部", wc, establishedOn="2025-03-01")
tb = members("tb-xczx", None, 3, homeOrgId="b-nyj")
position("tb-xczx", tb[0], "SECRETARY")
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


# ---- a year of organizational life: 2026-01-01 to 2026-11-30 -----------------
AS_OF = (2026, 11, 30)
snapshot["activities"] = []
orgs_by_id = {o["id"]: o for o in snapshot["orgs"]}
members_of = {}
for m in snapshot["members"]:
    members_of.setdefault(m["orgId"], []).append(m)
positions_of = {}
for p in snapshot["positions"]:
    positions_of.setdefault(p["orgId"], []).append(p)
activity_seq = [0]
TOPICS = {
    "GENERAL_MEETING": "学习贯彻党的二十届四中全会精神,研究支部重要事项",
    "COMMITTEE_MEETING": "研究本月支部工作安排",
    "GROUP_MEETING": "党小组集中学习",
    "PARTY_LECTURE": "以高质量党建引领机关建设",
    "ORG_LIFE_MEETING": "年度组织生活会:对照检查、批评与自我批评",
    "DEMOCRATIC_EVALUATION": "年度民主评议党员",
    "THEME_DAY": "主题党日:集中学习与志愿服务",
    "COMMUNITY_SERVICE": "在职党员进社区志愿服务",
    "ELECTION": "支部委员会换届选举",
    "CADRE_CONGRESS": "机关党员大会:部署年度党建工作",
    "INSPECTION": "基层党建督导检查",
    "TALK": "谈心谈话",
    "DEMOCRATIC_LIFE_MEETING": "党组民主生活会:对照检查、批评与自我批评",
    "WORK_PLAN": "年度支部工作计划",
}
# Planted gaps: (org id, kind) -> months (or quarters, for quarterly kinds) skipped.
SKIP = {
    ("b-swj", "GENERAL_MEETING"): {2},            # fault: life.general_meeting (2026-Q2)
    ("b-kgq", "THEME_DAY"): {3, 4},               # fault: life.theme_day (March, April)
    ("b-scj", "COMMITTEE_MEETING"): {8},          # fault: life.committee_meeting (August)
    ("b-gaj-xz-g2", "GROUP_MEETING"): {5, 6, 7},  # fault: life.group_meeting
    ("b-sjj", "PARTY_LECTURE"): {3},              # fault: life.party_lecture (genhe-2020, Q3)
    ("b-gsl", "COMMUNITY_SERVICE"): {2, 9},       # fault: life.community_service (genhe-2020)
    ("gb-wjw", "INSPECTION"): {1},                # fault: life.general_branch_meetings (genhe-2020, H1)
}
LATE_ORG_LIFE = {"b-mzj", "b-hbj", "b-slj", "jb-2"}  # hold 组织生活会 in December: reminders now
EARLY_ORG_LIFE = {"b-zrj"}                           # fault: life.org_life_meeting (held in March, not Q4)
NO_CADRE_CONGRESS = {"c-jyj"}                        # fault: life.cadre_congress (reminder: not yet this year)


def activity(org_id, kind, day, attendees=(), **extra):
    activity_seq[0] += 1
    record = {"id": f"a{activity_seq[0]:05d}", "orgId": org_id, "kind": kind, "heldOn": day,
              "place": "党员活动室", "topic": TOPICS[kind], "attendeeIds": list(attendees),
              "minutes": "与会党员逐一发言,形成会议纪要。"}
    record.update(extra)
    snapshot["activities"].append(record)
    return record


def day_in(month, lo=5, hi=25):
    return date(2026, month, rng.randint(lo, hi))


def current(org_id, *roles):
    return [p["memberId"] for p in positions_of.get(org_id, []) if p["role"] in roles and "until" not in p]


def quarters_done():
    return [q for q in range(1, 5) if (q - 1) * 3 + 1 <= AS_OF[1]]


def general_meeting(org_id, month, people):
    """A general meeting with most members present; those away on leave make it up."""
    present, absentees = [], []
    for m in people:
        if rng.random() < 0.9 or m.get("leadingCadre"):
            present.append(m["id"])
        else:
            absentees.append({"memberId": m["id"], "reason": "LEAVE_APPROVED" if rng.random() < 0.85 else "UNEXCUSED"})
    held = day_in(month, 5, 15)
    record = activity(org_id, "GENERAL_MEETING", held, present, absentees=absentees)
    for a in absentees:
        if a["reason"] == "LEAVE_APPROVED":
            activity(org_id, "GENERAL_MEETING", date(2026, month, int(held[8:]) + 10), [a["memberId"]],
                     makeupFor=record["id"], topic="补课:" + TOPICS["GENERAL_MEETING"])
    return record


for o in snapshot["orgs"]:
    oid, kind = o["id"], o["kind"]
    if o.get("dissolvedOn"):
        continue
    people = members_of.get(oid, [])
    ids = [m["id"] for m in people]
    months = range(1, AS_OF[1] + 1)
    skip = lambda k: SKIP.get((oid, k), set())
    if kind in ("BRANCH", "JOINT_BRANCH", "TEMPORARY_BRANCH") and people:
        secretary = (current(oid, "SECRETARY") or [ids[0]])[0]
        committee = current(oid, "SECRETARY", "DEPUTY_SECRETARY", "COMMITTEE_MEMBER", "DISCIPLINE_MEMBER")
        full = sum(1 for m in people if m["status"] == "FULL")
        for q in quarters_done():
            if q not in skip("GENERAL_MEETING"):
                general_meeting(oid, (q - 1) * 3 + 2 if q < 4 else 10, people)
            if q not in skip("PARTY_LECTURE"):
                lecturer = secretary if q in (1, 3) else rng.choice(ids)
                activity(oid, "PARTY_LECTURE", day_in((q - 1) * 3 + 1 if q < 4 else 11), ids, lecturerId=lecturer)
        for month in months:
            if month not in skip("THEME_DAY"):
                extra = {"tags": ["OATH_RENEWAL"]} if month == 6 and oid != "b-hbj" else {}  # fault: b-hbj's June theme day is no oath day
                activity(oid, "THEME_DAY", day_in(month, 1, 28), ids, **extra)
            if full >= 7 and committee and month not in skip("COMMITTEE_MEETING"):
                activity(oid, "COMMITTEE_MEETING", day_in(month, 1, 10), committee)
            if kind != "TEMPORARY_BRANCH" and month not in skip("COMMUNITY_SERVICE"):
                activity(oid, "COMMUNITY_SERVICE", day_in(month, 12, 28), ids[: max(3, len(ids) // 2)])
        if oid in EARLY_ORG_LIFE:
            activity(oid, "ORG_LIFE_MEETING", day_in(3), ids)
            activity(oid, "DEMOCRATIC_EVALUATION", day_in(3), ids)
        elif oid not in LATE_ORG_LIFE:
            activity(oid, "ORG_LIFE_MEETING", day_in(11, 5, 12), ids)
            activity(oid, "DEMOCRATIC_EVALUATION", day_in(11, 14, 20), ids)
    elif kind == "PARTY_GROUP":
        branch_people = members_of.get(o["parentId"], []) or members_of["b-gaj-xz"]
        group = [m["id"] for m in branch_people if m.get("groupId") == oid] or [m["id"] for m in branch_people[:5]]
        for month in months:
            if month not in skip("GROUP_MEETING"):
                activity(oid, "GROUP_MEETING", day_in(month, 10, 25), group)
    elif kind == "GENERAL_BRANCH":
        committee = current(oid, "SECRETARY", "DEPUTY_SECRETARY", "DISCIPLINE_MEMBER")
        children = [c["id"] for c in snapshot["orgs"] if c.get("parentId") == oid]
        everyone = [m["id"] for c in [oid] + children for m in members_of.get(c, [])]
        activity(oid, "GENERAL_MEETING", day_in(2), everyone)
        for q in quarters_done():
            activity(oid, "COMMITTEE_MEETING", day_in((q - 1) * 3 + 1), committee)
        for half in (1, 2):
            if half not in skip("INSPECTION"):
                activity(oid, "INSPECTION", day_in(5 if half == 1 else 10), committee)
    elif kind == "COMMITTEE":
        secretary = current(oid, "SECRETARY")
        children = [c["id"] for c in snapshot["orgs"] if c.get("parentId") == oid]
        if oid not in NO_CADRE_CONGRESS:
            activity(oid, "CADRE_CONGRESS", day_in(3), [m["id"] for c in children for m in members_of.get(c, [])][:80])
        if secretary:  # the committee secretary's lecture, at the first branch
            first_branch = next(c for c in children if orgs_by_id[c]["kind"] == "BRANCH")
            activity(first_branch, "PARTY_LECTURE", day_in(6), [m["id"] for m in members_of[first_branch]],
                     lecturerId=secretary[0], topic="机关党委书记讲党课")

# 党组: each leading group secretary and member lectures at their own branch, but one.
member_org = {m["id"]: m["orgId"] for m in snapshot["members"]}
for o in snapshot["orgs"]:
    if o["kind"] != "LEADING_GROUP":
        continue
    for p in positions_of.get(o["id"], []):
        if o["id"] == "lg-fgw" and p["role"] == "LEADING_GROUP_SECRETARY":
            continue  # fault: life.leader_lecture (reminder: no lecture yet this year)
        branch_id = member_org[p["memberId"]]
        activity(branch_id, "PARTY_LECTURE", day_in(rng.randint(4, 10)),
                 [m["id"] for m in members_of[branch_id]], lecturerId=p["memberId"], topic="党组成员讲党课")

# The secretary of 市民政局 lectured once, not twice.  # fault: life.secretary_lecture (genhe-2020)
for a in snapshot["activities"]:
    if a["orgId"] == "b-mzj" and a["kind"] == "PARTY_LECTURE" and a["heldOn"] >= "2026-07-01":
        a["lecturerId"] = members_of["b-mzj"][5]["id"]

# fault: life.record_incomplete — 市司法局's Q3 general meeting: no place, no minutes, one member unaccounted for
for a in snapshot["activities"]:
    if a["orgId"] == "b-sfj" and a["kind"] == "GENERAL_MEETING" and "2026-07" < a["heldOn"] < "2026-10" and "makeupFor" not in a:
        del a["place"], a["minutes"]
        a["attendeeIds"] = a["attendeeIds"][1:]
        a["absentees"] = [x for x in a.get("absentees", []) if x["memberId"] != a["attendeeIds"][0]]
        break

# fault: life.committee_quorum — 市农业农村局's September committee meeting: 2 of its committee
for a in snapshot["activities"]:
    if a["orgId"] == "b-nyj" and a["kind"] == "COMMITTEE_MEETING" and a["heldOn"].startswith("2026-09"):
        a["attendeeIds"] = a["attendeeIds"][:2]

# fault: life.individual_vote — 市自然资源局 admitted two applicants in one vote
zrj = [m["id"] for m in members_of["b-zrj"] if m["status"] == "PROBATIONARY"]
for a in snapshot["activities"]:
    if a["orgId"] == "b-zrj" and a["kind"] == "GENERAL_MEETING" and a["heldOn"].startswith("2026-05") and "makeupFor" not in a:
        a["decisions"] = [{"kind": "ADMIT_PROBATIONARY", "subjectMemberIds": zrj[:2],
                           "votesFor": len(a["attendeeIds"]), "votesAgainst": 0, "votesAbstain": 0}]
        a["resolutions"] = [{"text": "报上级党组织审批", "ownerId": current("b-zrj", "SECRETARY")[0]}]
# fault: life.vote_threshold — 市交通运输局's May general meeting: votes for from exactly half of the
# 38 full members, a majority of those present but not of those entitled (应到会有表决权的党员)
for a in snapshot["activities"]:
    if a["orgId"] == "b-jtj" and a["kind"] == "GENERAL_MEETING" and a["heldOn"].startswith("2026-05") and "makeupFor" not in a:
        a["decisions"] = [{"kind": "OTHER", "votesFor": 19, "votesAgainst": len(a["attendeeIds"]) - 19, "votesAbstain": 0}]
        a["resolutions"] = [{"text": "年度工作安排", "ownerId": current("b-jtj", "SECRETARY")[0]}]
# fault: life.meeting_quorum (and so life.vote_threshold) — 市生态环境局's May general meeting decided
# with 14 of its 31 full members present, the others away without leave
hbj = {m["id"]: m for m in members_of["b-hbj"]}
for a in snapshot["activities"]:
    if a["orgId"] == "b-hbj" and a["kind"] == "GENERAL_MEETING" and a["heldOn"].startswith("2026-05") and "makeupFor" not in a:
        voters = [x for x in a["attendeeIds"] if hbj[x]["status"] == "FULL"]
        keep = set(sorted(voters, key=lambda x: not hbj[x].get("leadingCadre"))[:14])
        a["absentees"] = a.get("absentees", []) + [{"memberId": x, "reason": "UNEXCUSED"} for x in voters if x not in keep]
        a["attendeeIds"] = [x for x in a["attendeeIds"] if x in keep or hbj[x]["status"] != "FULL"]
        a["decisions"] = [{"kind": "OTHER", "votesFor": 14, "votesAgainst": 0, "votesAbstain": 0}]
        a["resolutions"] = [{"text": "年度工作安排", "ownerId": current("b-hbj", "SECRETARY")[0]}]
# the good practice next door: 市商务局 votes one person at a time
# fault: life.leader_dual_life — a leading cadre of 市民政局 missed every Q2 general meeting
cadre = next(m for m in members_of["b-mzj"] if m.get("leadingCadre"))
for a in snapshot["activities"]:
    if a["orgId"] == "b-mzj" and a["kind"] == "GENERAL_MEETING" and "2026-04" <= a["heldOn"] < "2026-07":
        a["attendeeIds"] = [x for x in a["attendeeIds"] if x != cadre["id"]]
        a.setdefault("absentees", []).append({"memberId": cadre["id"], "reason": "UNEXCUSED"})

# fault: life.makeup_missing — a member of 市交通运输局 away on leave in August, never made up
for a in snapshot["activities"]:
    if a["orgId"] == "b-jtj" and a["kind"] == "GENERAL_MEETING" and a["heldOn"].startswith("2026-08") and "makeupFor" not in a:
        away = a["attendeeIds"].pop()
        a.setdefault("absentees", []).append({"memberId": away, "reason": "LEAVE_APPROVED"})

# Elections this year.
def election(org_id, held, present_share, votes_extra=0):
    people = members_of[org_id]
    full = [m["id"] for m in people if m["status"] == "FULL"]
    probationary = [m["id"] for m in people if m["status"] != "FULL"]
    present = full[: int(len(full) * present_share)]
    activity(org_id, "ELECTION", held, present + probationary,
             decisions=[{"kind": "ELECT", "votesFor": len(present) + votes_extra, "votesAgainst": 0, "votesAbstain": 0}],
             resolutions=[{"text": "选举结果报上级党组织审批", "ownerId": present[0]}])


election("b-wlj", "2026-05-06", 0.6)      # fault: term.election_quorum — 60% of the full members present
election("b-sjj", "2026-08-18", 1.0, 1)   # fault: term.probationary_voter — the probationary member voted
election("b-swu-1", "2026-06-12", 1.0)    # in good order
# fault: term.probationary_candidate — 市文化和旅游局 elected its probationary member to the committee
wlj_probationary = next(m for m in members_of["b-wlj"] if m["status"] == "PROBATIONARY")
wlj_probationary["admittedOn"] = "2026-01-15"
for a in snapshot["activities"]:
    if a["orgId"] == "b-wlj" and a["kind"] == "ELECTION":
        a["decisions"][0]["subjectMemberIds"] = a["attendeeIds"][:2] + [wlj_probationary["id"]]
election("tb-xczx", "2026-04-20", 1.0)    # fault: setup.temporary_branch_scope — a temporary branch holds an election
for t in snapshot["terms"]:
    if t["orgId"] == "b-swu-1" and "endedOn" not in t:
        t["startedOn"] = "2026-06-12"
    if t["orgId"] == "b-swu-1" and "endedOn" in t:
        t["startedOn"], t["endedOn"] = "2023-06-12", "2026-06-12"


# ---- the members' side: dues, events, talks, 2025-10 to 2026-11 ---------------
member_by_id = {m["id"]: m for m in snapshot["members"]}
snapshot["dues"], snapshot["duesLedger"], snapshot["events"] = [], [], []


def standard_cents(m):
    """The national standard: brackets of D, rate on the whole amount, half up."""
    income = m["monthlyIncomeCents"]
    rate = 50 if income <= 300000 else 100 if income <= 500000 else 150 if income <= 1000000 else 200
    return (income * rate + 5000) // 10000


def months_due(m):
    """(year, month) pairs from 2025-10 (or admission) to 2026-11."""
    start = (2025, 10)
    admitted = m.get("admittedOn")
    if admitted and (int(admitted[:4]), int(admitted[5:7])) > start:
        start = (int(admitted[:4]), int(admitted[5:7]))
    y, mo = start
    while (y, mo) <= (2026, 11):
        yield y, mo
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)


UNPAID = {}  # member id -> months left unpaid


def plant_unpaid(branch, index, months):
    UNPAID[members_of[branch][index]["id"]] = set(months)


plant_unpaid("b-zrj", 4, [(2025, 10), (2025, 11), (2025, 12), (2026, 1), (2026, 2), (2026, 3)])  # fault: member.dues_unpaid_run (across the year end)
plant_unpaid("b-mzj", 7, [(2026, 8), (2026, 9), (2026, 10)])                                     # fault: member.dues_arrears
plant_unpaid("b-mzj", 8, [(2026, 1), (2026, 2), (2026, 3), (2026, 4), (2026, 5), (2026, 6), (2026, 7)])
members_of["b-mzj"][8]["duesExemptApproved"] = True                                              # exempt: not reported
# Probation: one overdue, one extended too long, one ending next month, one converted in time.
late = members_of["b-nyj"][-1]                                                       # fault: member.probation_overdue
late["admittedOn"] = "2025-09-10"
long = members_of["b-zrj"][-1]                                                       # fault: member.probation_extension_limit
long["admittedOn"], long["probationExtendedMonths"] = "2025-03-01", 18
short = members_of["b-hbj"][-1]                                                      # fault: member.probation_extension
short["admittedOn"], short["probationExtendedMonths"] = "2025-11-01", 3                # (ends 2027-02-01)
soon = members_of["b-scj"][-1]                                                       # member.probation_due_soon (2026-12-15)
soon["admittedOn"] = "2025-12-15"
# A member transferred in mid-year: the months before belong to another branch.
arrived = members_of["b-swj"][6]
TRANSFERRED_IN = (arrived["id"], "2026-04-10")
UNPAID[arrived["id"]] = {(2025, mo) for mo in (10, 11, 12)} | {(2026, mo) for mo in (1, 2, 3)}  # paid elsewhere

BELOW = members_of["b-scj"][3]["id"]                                                             # fault: member.dues_below_standard
PAYMENT_BRANCHES = {"b-scj", "b-swu-1", "b-sjj"}  # these send one row a payment; the rest the compact ledger

for m in snapshot["members"]:
    if m["orgId"] not in orgs_by_id or orgs_by_id[m["orgId"]]["kind"] not in ("BRANCH", "JOINT_BRANCH", "TEMPORARY_BRANCH"):
        continue
    paid = [(y, mo) for y, mo in months_due(m) if (y, mo) not in UNPAID.get(m["id"], set())]
    if m["orgId"] in PAYMENT_BRANCHES:
        for y, mo in paid:
            amount = standard_cents(m) - (500 if m["id"] == BELOW and mo in (5, 6) else 0)
            snapshot["dues"].append({"memberId": m["id"], "month": f"{y:04d}-{mo:02d}", "amountCents": amount,
                                     "paidOn": date(y, mo, 10)})
    else:
        for year in (2025, 2026):
            mask = sum(1 << (mo - 1) for y, mo in paid if y == year)
            if mask:
                snapshot["duesLedger"].append({"memberId": m["id"], "year": year, "paidMonths": mask})

# Talks: each member once a year, in the spring, by the secretary; a few not yet.
for o in snapshot["orgs"]:
    if o["kind"] not in ("BRANCH", "JOINT_BRANCH", "TEMPORARY_BRANCH") or o.get("dissolvedOn"):
        continue
    people = [m["id"] for m in members_of.get(o["id"], [])]
    if not people:
        continue
    if o["id"] == "b-slj":
        people = people[:-3]  # fault: life.member_talk (reminder: three members with no talk yet this year)
    for k in range(0, len(people), 6):
        activity(o["id"], "TALK", day_in(rng.randint(3, 6)), people[k:k + 1], talkMemberIds=people[k:k + 6],
                 topic="谈心谈话", minutes="谈话记录")


def event(member, kind, on, **extra):
    record = {"memberId": member, "kind": kind, "on": on}
    record.update(extra)
    snapshot["events"].append(record)


def talk(branch, member, on):
    activity(branch, "TALK", on, [current(branch, "SECRETARY")[0]], talkMemberIds=[member], topic="谈心谈话", minutes="谈话记录")


# 六必谈: events, most followed by a talk within 30 days.
for branch, index, kind, on, talk_on in [
        ("b-fgw" if "b-fgw" in members_of else "gb-fgw-1", 2, "COMMENDED", "2026-03-02", "2026-03-20"),
        ("b-nyj", 5, "HARDSHIP", "2026-05-11", "2026-05-25"),
        ("b-wlj", 6, "RETIRED", "2026-06-30", "2026-07-30"),       # day 30: in time
        ("b-hbj", 3, "JOB_CHANGED", "2026-09-01", None),            # fault: member.talk_required
        ("b-jtj", 4, "DISCIPLINED", "2026-11-20", None)]:           # due by 2026-12-20: on the agenda
    member = members_of[branch][index]["id"]
    event(member, kind, on)
    if talk_on:
        talk(branch, member, talk_on)

# Transfers: a member away without transferring, one whose unit changed, one who moved in mid-year.
away = members_of["b-jtj"][6]
event(away["id"], "LEFT_LOCALITY", "2026-03-01", detail="借调外地")                 # fault: member.transfer_overdue (away)
moved = members_of["b-sfj"][5]
event(moved["id"], "UNIT_CHANGED", "2026-06-15", detail="调任市审计局")
moved["unitId"] = "u-sjj"                                                           # fault: member.transfer_overdue (unit)
event(TRANSFERRED_IN[0], "TRANSFERRED_IN", TRANSFERRED_IN[1], detail="由区级机关转入")  # dues owed from April only

# Evaluation: one member graded unqualified in January, never handled; another handled.
event(members_of["b-mzj"][9]["id"], "EVALUATED", "2026-01-20", grade="UNQUALIFIED")  # fault: member.unqualified_unhandled
event(members_of["b-zrj"][9]["id"], "EVALUATED", "2026-01-20", grade="UNQUALIFIED")
event(members_of["b-zrj"][9]["id"], "HANDLED", "2026-03-15", detail="限期改正")

# Contact lost since March.                                                         # fault: member.lost_contact
members_of["b-scj"][9]["lostContactSince"] = "2026-03-01"

converted = members_of["b-mzj"][-1]
converted["admittedOn"] = "2025-10-20"
for a in snapshot["activities"]:
    if a["orgId"] == "b-mzj" and a["kind"] == "GENERAL_MEETING" and a["heldOn"].startswith("2026-11") and "makeupFor" not in a:
        a["decisions"] = [{"kind": "CONVERT_TO_FULL", "subjectMemberIds": [converted["id"]],
                           "votesFor": len(a["attendeeIds"]), "votesAgainst": 0, "votesAbstain": 0}]
        a["resolutions"] = [{"text": "报上级党组织审批", "ownerId": current("b-mzj", "SECRETARY")[0]}]

# Organizational life: a member of 市水务局 present at nothing from April to October.  # fault: member.no_org_life_run
absent = members_of["b-slj"][7]["id"]
for a in snapshot["activities"]:
    if a["orgId"].startswith("b-slj") and "2026-04" <= a["heldOn"] < "2026-11" and absent in a["attendeeIds"]:
        a["attendeeIds"].remove(absent)

# 民主生活会: each leading group's, in January, but one.  # fault: life.democratic_life_meeting (reminder: 市财政局党组 none yet this year)
for o in snapshot["orgs"]:
    if o["kind"] == "LEADING_GROUP" and o["id"] != "lg-czj":
        activity(o["id"], "DEMOCRATIC_LIFE_MEETING", "2026-01-22", [p["memberId"] for p in positions_of[o["id"]]])
# 年初制定支部工作计划: each branch and joint branch adopts its plan in February, but one.
for o in snapshot["orgs"]:
    if o["kind"] in ("BRANCH", "JOINT_BRANCH") and not o.get("dissolvedOn") and members_of.get(o["id"]):
        late_plan = o["id"] == "b-wlj"  # fault: life.work_plan (genhe-2020) — 市文化和旅游局's plan came in April
        activity(o["id"], "WORK_PLAN", "2026-04-08" if late_plan else "2026-02-10", [], minutes="支部委员会会议审议通过")
# fault: life.theme_day_attendance (genhe-2020) — a member of 市文化和旅游局 away from the September theme
# day without leave (and the 市水务局 member above, present at nothing from April to October)
truant = members_of["b-wlj"][8]["id"]
for a in snapshot["activities"]:
    if a["orgId"] == "b-wlj" and a["kind"] == "THEME_DAY" and a["heldOn"].startswith("2026-09"):
        a["attendeeIds"].remove(truant)
        a["absentees"] = [{"memberId": truant, "reason": "UNEXCUSED"}]
# fault: setup.committee_member_not_filed — a committee member of 市生态环境局 not filed with the working committee
next(p for p in positions_of["b-hbj"] if p["role"] == "COMMITTEE_MEMBER")["approved"] = False

# Each general branch's yearly talk with the secretaries of its branches, in March; 市人力资源和社会保障局's
# has not yet talked with its third branch's.  # fault: life.general_branch_talks (genhe-2020, reminder)
for o in snapshot["orgs"]:
    if o["kind"] != "GENERAL_BRANCH":
        continue
    leaders = [s for c in snapshot["orgs"] if c.get("parentId") == o["id"] for s in current(c["id"], "SECRETARY")]
    if o["id"] == "gb-rsj":
        leaders = [s for s in leaders if s not in current("gb-rsj-3", "SECRETARY")]
    activity(o["id"], "TALK", "2026-03-16", (current(o["id"], "SECRETARY") or leaders)[:1], talkMemberIds=leaders,
             topic="与基层党组织负责人谈心谈话", minutes="谈话记录")

# 差额选举: the committee elections' ballots (the seats, the candidates, the votes for each).
status = {m["id"]: m["status"] for m in snapshot["members"]}
for a in snapshot["activities"]:
    if a["kind"] != "ELECTION" or a["orgId"] not in ("b-swu-1", "b-sjj", "b-wlj"):
        continue
    d = a["decisions"][0]
    voters = [x for x in a["attendeeIds"] if status[x] == "FULL"]
    if a["orgId"] == "b-swu-1":    # in good order: 4 candidates for 3 seats
        d["subjectMemberIds"] = voters[:3]
        d["seats"], d["candidateMemberIds"], d["candidateVotes"] = 3, voters[:4], [len(voters)] * 3 + [2]
    elif a["orgId"] == "b-sjj":    # fault: term.competitive_election — 5 candidates for 5 seats
        d["subjectMemberIds"] = voters[:5]
        d["seats"], d["candidateMemberIds"], d["candidateVotes"] = 5, voters[:5], [len(voters)] * 5
    else:                          # fault: term.winner_majority — a winner with votes from exactly half of those present
        elected = d["subjectMemberIds"]
        d["seats"], d["candidateMemberIds"] = 3, elected + [voters[2]]
        d["candidateVotes"] = [len(voters), len(voters) // 2, len(voters), 1]

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample-city.json")
with open(path, "w", encoding="utf-8") as f:
    # One record a line: small, and readable in a diff.
    f.write("{\n")
    keys = list(snapshot)
    for i, key in enumerate(keys):
        value = snapshot[key]
        if isinstance(value, list):
            f.write(f' "{key}": [\n')
            for j, record in enumerate(value):
                f.write("  " + json.dumps(record, ensure_ascii=False, separators=(",", ":")))
                f.write(",\n" if j + 1 < len(value) else "\n")
            f.write(" ]")
        else:
            f.write(f' "{key}": {json.dumps(value)}')
        f.write(",\n" if i + 1 < len(keys) else "\n")
    f.write("}\n")
print(f"{path}: {len(snapshot['units'])} units, {len(snapshot['orgs'])} orgs, "
      f"{len(snapshot['members'])} members, {len(snapshot['positions'])} positions, {len(snapshot['terms'])} terms, "
      f"{len(snapshot['activities'])} activities, {len(snapshot['dues'])} payments, "
      f"{len(snapshot['duesLedger'])} ledger rows, {len(snapshot['events'])} events")
