"""dangjian serve over a real socket: every endpoint, who may see what, and
nothing acknowledged lost across SIGKILL and a torn journal.

    serve_test.py DANGJIAN_COMMAND SAMPLE_CITY_JSON [unittest arguments]

The Python binding's Engine (DANGJIAN_LIBRARY) is the reference a restarted
service is compared with: after any events its findings are a full check's.
"""
import atexit
import copy
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings", "python"))
import dangjian  # noqa: E402

COMMAND = sys.argv[1]
with open(sys.argv[2], encoding="utf-8") as f:
    SAMPLE_TEXT = f.read()
SAMPLE = json.loads(SAMPLE_TEXT)
AS_OF = "2026-11-30"

# The tokens each test uses: (secret, role, scope).
TOKENS = {
    "admin": ("write", "*"),
    "auditor": ("read", "*"),
    "gaj1": ("read", "c-gaj"),     # the public security bureau's committee
    "gaj1w": ("write", "c-gaj"),   # may post events that touch its subtree alone
}
OUTSIDE = "c-czj"                     # an org outside c-gaj


def subtree(root, orgs=SAMPLE["orgs"]):
    children = {}
    for o in orgs:
        children.setdefault(o.get("parentId", ""), []).append(o["id"])
    out, todo = set(), [root]
    while todo:
        o = todo.pop()
        out.add(o)
        todo.extend(children.get(o, []))
    return out


class Server:
    """One `dangjian serve` process on an ephemeral loopback port."""

    def __init__(self, data, *extra, tls=None):
        self.data = data
        self.tokens = os.path.join(os.path.dirname(data), "tokens")
        with open(self.tokens, "w") as f:
            f.write("# SHA-256 of the token, role, scope, name\n")
            for secret, (role, scope) in TOKENS.items():
                f.write(f"{hashlib.sha256(secret.encode()).hexdigest()} {role} {scope} {secret}\n")
        args = [COMMAND, "serve", "--data", data, "--tokens", self.tokens, "--listen", "127.0.0.1:0",
                "--as-of", AS_OF, *extra]
        self.tls = tls
        if tls:
            args += ["--tls-cert", tls[0], "--tls-key", tls[1]]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        atexit.register(lambda p=self.proc: p.poll() is None and p.kill())  # none left behind by a failed test
        line = self.proc.stdout.readline()
        if "serving on" not in line:
            raise AssertionError(f"no server: {line!r} {self.proc.stderr.read()}")
        self.banner = line
        self.port = int(line.split("(")[0].rsplit(":", 1)[1])

    def request(self, method, path, body=None, token="admin", headers=None):
        if self.tls:
            context = ssl.create_default_context(cafile=self.tls[0])
            context.check_hostname = False
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=60, context=context)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = f"Bearer {token}"
        h.update(headers or {})
        if body is not None and not isinstance(body, (str, bytes)):
            body = json.dumps(body, ensure_ascii=False)
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read().decode("utf-8")
        conn.close()
        if r.headers.get("Content-Type", "").startswith("application/json"):
            return r.status, json.loads(data)
        return r.status, data

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, out, err


def keys(findings):
    return sorted(f["key"] if isinstance(f, dict) else f.key for f in findings)


class Endpoints(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        cls.server = Server(os.path.join(cls.dir, "data"))
        status, summary = cls.server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)
        assert status == 200, summary
        cls.summary = summary

    @classmethod
    def tearDownClass(cls):
        code, out, _ = cls.server.stop()
        assert code == 0 and "stopped" in out, (code, out)
        shutil.rmtree(cls.dir)

    def test_healthz_needs_no_token(self):
        self.assertEqual(self.server.request("GET", "/healthz", token=None), (200, "ok\n"))

    def test_findings_are_a_full_check(self):
        status, report = self.server.request("GET", "/v1/findings")
        self.assertEqual(status, 200)
        reference = dangjian.Engine(SAMPLE, as_of=AS_OF)
        self.assertEqual(keys(report["findings"]), keys(reference.findings()))
        self.assertEqual(report["summary"]["total"], len(report["findings"]))
        self.assertEqual(report["summary"], self.summary)

    def test_findings_filtered(self):
        _, everything = self.server.request("GET", "/v1/findings")
        inside = subtree("c-gaj")
        status, report = self.server.request("GET", "/v1/findings?scope=c-gaj&rules=life,setup&severity=warning")
        self.assertEqual(status, 200)
        want = [f for f in everything["findings"] if f.get("orgId") in inside and f["severity"] != "NOTICE"
                and f["ruleId"].split(".")[0] in ("life", "setup")]
        self.assertTrue(want)
        self.assertEqual(keys(report["findings"]), keys(want))
        self.assertEqual(report["summary"]["total"], len(want))
        self.assertEqual(report["scope"], "c-gaj")
        self.assertEqual(report["rules"], ["life", "setup"])

    def test_bad_parameters_are_400(self):
        for path, words in [("/v1/findings?severity=grave", "severity"), ("/v1/findings?rules=nosuch", "nosuch"),
                            ("/v1/agenda?days=x", "days"), ("/v1/assess?rubric=nosuch", "rubric"),
                            ("/v1/assess", "rubric")]:
            status, body = self.server.request("GET", path)
            self.assertEqual(status, 400, path)
            self.assertIn(words, body["error"], path)

    def test_agenda_and_assess(self):
        status, agenda = self.server.request("GET", "/v1/agenda?days=60")
        self.assertEqual(status, 200)
        reference = dangjian.Engine(SAMPLE, as_of=AS_OF)
        self.assertEqual(len(agenda["items"]), len(reference.agenda(days=60).items))
        status, scoped = self.server.request("GET", "/v1/agenda?days=60", token="gaj1")
        self.assertEqual(status, 200)
        self.assertTrue(scoped["items"])
        self.assertTrue(all(i["orgId"] in subtree("c-gaj") for i in scoped["items"]))
        status, assessment = self.server.request("GET", "/v1/assess?rubric=branch-standardization", token="gaj1")
        self.assertEqual(status, 200)
        orgs = [o["orgId"] for o in assessment["orgs"]]
        self.assertTrue(orgs)
        self.assertTrue(set(orgs) <= subtree("c-gaj"), orgs)

    def test_stats(self):
        status, stats = self.server.request("GET", "/v1/stats")
        self.assertEqual(status, 200)
        cli = json.loads(subprocess.run([COMMAND, "stats", "sample", "--format", "json"],
                                        capture_output=True, text=True).stdout)
        self.assertEqual(stats, cli)
        status, scoped = self.server.request("GET", "/v1/stats", token="gaj1")
        self.assertEqual(status, 200)
        cli = json.loads(subprocess.run([COMMAND, "stats", "sample", "--scope", "c-gaj", "--format", "json"],
                                        capture_output=True, text=True).stdout)
        self.assertEqual(scoped, cli)
        text = json.dumps(scoped, ensure_ascii=False)
        self.assertNotIn(f'"{OUTSIDE}"', text)

    def test_check_is_stateless(self):
        status, report = self.server.request("POST", f"/v1/check?asOf={AS_OF}&scope=c-gaj", SAMPLE_TEXT, token="gaj1")
        self.assertEqual(status, 200)
        cli = json.loads(subprocess.run([COMMAND, "check", "sample", "--scope", "c-gaj", "--format", "json"],
                                        capture_output=True, text=True).stdout)
        self.assertEqual(keys(report["findings"]), keys(cli["findings"]))

    def test_bad_json_names_record_and_field_as_the_cli(self):
        bad = copy.deepcopy(SAMPLE)
        bad["orgs"][3]["kind"] = "CASTLE"
        path = os.path.join(self.dir, "bad.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(bad, f, ensure_ascii=False)
        cli = subprocess.run([COMMAND, "check", path], capture_output=True, text=True).stderr.strip()
        self.assertIn("orgs[3]", cli)
        cli_message = cli.split(f"{path}: ", 1)[1]
        for method, endpoint in [("POST", "/v1/check"), ("PUT", "/v1/snapshot")]:
            status, body = self.server.request(method, endpoint, json.dumps(bad, ensure_ascii=False))
            self.assertEqual(status, 400)
            self.assertEqual(body["error"], cli_message)
        status, body = self.server.request("POST", "/v1/events", {"statusChanged": {"memberId": "m0001", "status": "GHOST"}})
        self.assertEqual(status, 400)
        self.assertIn("statusChanged.status", body["error"])
        status, body = self.server.request("POST", "/v1/events", {"events": [{"memberRemoved": "m0001"}, {"memberRemoved": "nobody"}]})
        self.assertEqual(status, 400)
        self.assertIn("events[1].memberRemoved", body["error"])
        status, body = self.server.request("POST", "/v1/events", "{not json")
        self.assertEqual(status, 400)
        # Nothing of the rejected changes was taken.
        self.assertEqual(self.server.request("GET", "/v1/findings")[1]["summary"], self.summary)

    def test_unknown_routes(self):
        self.assertEqual(self.server.request("GET", "/v1/nothing")[0], 404)
        self.assertEqual(self.server.request("GET", "/v1/events")[0], 405)

    def test_no_token_is_401(self):
        for method, path in [("GET", "/v1/findings"), ("GET", "/v1/agenda"), ("GET", "/v1/assess?rubric=x"), ("GET", "/v1/stats"),
                             ("POST", "/v1/check"), ("PUT", "/v1/snapshot"), ("POST", "/v1/events"),
                             ("POST", "/v1/advance"), ("GET", "/metrics")]:
            for token in (None, "wrong"):
                status, _ = self.server.request(method, path, "{}", token=token)
                self.assertEqual(status, 401, (method, path, token))

    def test_outside_scope_is_403_and_tells_nothing(self):
        # An org outside the token's scope, and one that does not exist: the same answer.
        answers = set()
        for scope in (OUTSIDE, "no-such-org", "wc"):
            for path in ("/v1/findings", "/v1/agenda", "/v1/assess?rubric=branch-standardization", "/v1/stats"):
                sep = "&" if "?" in path else "?"
                status, body = self.server.request("GET", f"{path}{sep}scope={scope}", token="gaj1")
                self.assertEqual(status, 403, (path, scope))
                answers.add(json.dumps(body))
        self.assertEqual(len(answers), 1)
        self.assertNotIn(OUTSIDE, answers.pop())
        # Counts about everything: /metrics is for a token over everything.
        self.assertEqual(self.server.request("GET", "/metrics", token="gaj1")[0], 403)
        # What a scoped read shows is its subtree's only: findings, summary, agenda.
        inside = subtree("c-gaj")
        _, report = self.server.request("GET", "/v1/findings", token="gaj1")
        self.assertTrue(report["findings"])
        self.assertTrue(all(f["orgId"] in inside for f in report["findings"]))
        self.assertTrue(set(report["summary"]["byOrg"]) <= inside)
        self.assertEqual(report["summary"]["total"], len(report["findings"]))
        text = json.dumps(report, ensure_ascii=False)
        others = [o["id"] for o in SAMPLE["orgs"] if o["id"] not in inside and o["id"] != "wc"]
        self.assertFalse([o for o in others if f'"{o}"' in text])
        # A scope within its own is allowed.
        status, report = self.server.request("GET", "/v1/findings?scope=b-gaj-xz", token="gaj1")
        self.assertEqual(status, 200)

    def test_read_tokens_cannot_write(self):
        for token in ("auditor", "gaj1", "gaj1w"):
            for method, path, body in [("PUT", "/v1/snapshot", SAMPLE_TEXT),
                                       ("POST", "/v1/events", {"memberRemoved": "m0001"}),
                                       ("POST", "/v1/advance", {"asOf": "2026-12-31"})]:
                status, answer = self.server.request(method, path, body, token=token)
                self.assertEqual(status, 403, (token, path))
                self.assertNotIn("m0001", json.dumps(answer))
        self.assertEqual(self.server.request("GET", "/v1/findings")[1]["summary"], self.summary)

    def test_metrics(self):
        self.server.request("GET", "/v1/findings")
        status, text = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200)
        self.assertIn('dangjian_requests_total{route="/v1/findings",code="200"}', text)
        self.assertIn('dangjian_request_seconds_bucket{le="+Inf"}', text)
        self.assertIn("dangjian_events_applied_total", text)
        violations = self.summary["bySeverity"]["VIOLATION"]
        self.assertIn(f'dangjian_findings{{severity="violation"}} {violations}', text)


class Writes(unittest.TestCase):
    """Events, batches, the date moved, a new snapshot: each kept across a restart."""

    def test_events_batches_advance_survive_restart(self):
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, "data")
            server = Server(data)
            self.assertEqual(server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)[0], 200)
            reference = dangjian.Engine(SAMPLE, as_of=AS_OF)
            event = {"memberAdded": {"id": "m9001", "orgId": "b-kgq", "status": "FULL"}}
            status, delta = server.request("POST", "/v1/events", event)
            self.assertEqual(status, 200)
            want = reference.apply(event)
            self.assertEqual(keys(delta.get("resolved", [])), keys(want.resolved))
            self.assertEqual(keys(delta.get("added", [])), keys(want.added))
            batch = [{"statusChanged": {"memberId": "m0002", "status": "FULL"}}, {"memberRemoved": "m0003"}]
            status, delta = server.request("POST", "/v1/events", {"events": batch})
            self.assertEqual(status, 200)
            reference.apply_batch(batch)
            status, delta = server.request("POST", "/v1/advance", {"asOf": "2027-01-15"})
            self.assertEqual(status, 200, delta)
            reference.advance("2027-01-15")
            self.assertEqual(server.request("POST", "/v1/advance", {"asOf": "2026-01-01"})[0], 400)
            before = server.request("GET", "/v1/findings")[1]
            self.assertEqual(keys(before["findings"]), keys(reference.findings()))
            self.assertEqual(before["asOf"], "2027-01-15")
            _, metrics = server.request("GET", "/metrics")
            self.assertIn("dangjian_events_applied_total 3\n", metrics)
            self.assertEqual(server.stop()[0], 0)

            server = Server(data)
            self.assertIn("(3 journal records replayed)", server.banner)
            after = server.request("GET", "/v1/findings")[1]
            self.assertEqual(after, before)
            # A new snapshot replaces all, and starts a new generation; the dates stay.
            self.assertEqual(server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)[0], 200)
            self.assertEqual(sorted(os.listdir(data)), ["journal-00000000000000000003.log",
                                                        "snapshot-00000000000000000003.djs"])
            self.assertEqual(server.stop()[0], 0)
            server = Server(data)
            self.assertIn("(0 journal records replayed)", server.banner)
            self.assertEqual(keys(server.request("GET", "/v1/findings")[1]["findings"]),
                             keys(dangjian.Engine(SAMPLE, as_of="2027-01-15", from_="2026-01-01").findings()))
            server.stop()

    def test_a_data_directory_with_a_binary_snapshot_starts(self):
        # A data directory written before kept its snapshot binary (.pb); a
        # start reads it, and the next generation is written delimited.
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, "data")
            os.mkdir(data)
            generation = "00000000000000000001"
            subprocess.run([COMMAND, "export", sys.argv[2], "--format", "pb",
                            "--out", os.path.join(data, f"snapshot-{generation}.pb")], check=True)
            dates = f"D{AS_OF} 2026-03-01".encode()
            with open(os.path.join(data, f"journal-{generation}.log"), "wb") as f:
                f.write(len(dates).to_bytes(4, "little") + zlib.crc32(dates).to_bytes(4, "little") + dates)
            server = Server(data)
            self.assertIn("(0 journal records replayed)", server.banner)
            reference = dangjian.Engine(SAMPLE, as_of=AS_OF, from_="2026-03-01")
            self.assertEqual(keys(server.request("GET", "/v1/findings")[1]["findings"]), keys(reference.findings()))
            event = stream_event(0)
            self.assertEqual(server.request("POST", "/v1/events", event)[0], 200)
            reference.apply(event)
            server.stop(signal.SIGKILL)
            server = Server(data)
            self.assertIn("(1 journal records replayed)", server.banner)
            self.assertEqual(keys(server.request("GET", "/v1/findings")[1]["findings"]), keys(reference.findings()))
            self.assertEqual(server.request("POST", "/v1/advance", {"asOf": "2026-12-31"})[0], 200)
            reference.advance("2026-12-31")
            self.assertEqual(server.request("PUT", "/v1/snapshot", reference.export())[0], 200)
            self.assertEqual(sorted(os.listdir(data)), [f"journal-00000000000000000002.log",
                                                        f"snapshot-00000000000000000002.djs"])
            server.stop()
            server = Server(data)
            self.assertIn("(0 journal records replayed)", server.banner)
            self.assertEqual(keys(server.request("GET", "/v1/findings")[1]["findings"]), keys(reference.findings()))
            server.stop()

    def test_a_read_after_an_acknowledged_event_sees_it(self):
        # Reads between two changes are answered from what the first rendered:
        # none may answer from a state older than an event acknowledged.
        inside = subtree("c-gaj")
        members = [m["id"] for m in SAMPLE["members"] if m["orgId"] == "b-gaj-xz"][:8]
        with tempfile.TemporaryDirectory() as d:
            server = Server(os.path.join(d, "data"))
            self.assertEqual(server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)[0], 200)
            reference = dangjian.Engine(SAMPLE, as_of=AS_OF)
            seen = set()
            for m in [None] + members:
                if m is not None:
                    event = {"memberRemoved": m}
                    self.assertEqual(server.request("POST", "/v1/events", event)[0], 200)
                    reference.apply(event)
                want = keys(reference.findings())
                want_inside = keys(f for f in reference.findings() if f.org_id in inside)
                for _ in range(2):
                    self.assertEqual(keys(server.request("GET", "/v1/findings")[1]["findings"]), want)
                    report = server.request("GET", "/v1/findings?scope=c-gaj", token="gaj1")[1]
                    self.assertEqual(keys(report["findings"]), want_inside)
                    self.assertEqual(report["summary"].get("total", 0), len(want_inside))
                seen.add(tuple(want_inside))
            self.assertGreater(len(seen), 1)  # the removals changed the subtree's findings
            server.stop()

    def test_a_scoped_read_follows_orgs_added_and_moved(self):
        # An org added under the scope, one moved into it and one moved out:
        # the scope's findings are those of its subtree as it is now.
        found = {f.org_id for f in dangjian.Engine(SAMPLE, as_of=AS_OF).findings()}
        came_in, went_out = (next(o["id"] for o in SAMPLE["orgs"]
                                  if o.get("parentId") == parent and o["kind"] == "BRANCH" and o["id"] in found)
                             for parent in (OUTSIDE, "c-gaj"))
        events = [{"orgAdded": {"id": "b-gaj-new", "name": "新设党支部", "kind": "BRANCH", "parentId": "c-gaj"}},
                  {"memberAdded": {"id": "m9401", "orgId": "b-gaj-new", "status": "FULL"}},
                  {"orgMoved": {"orgId": came_in, "parentId": "c-gaj"}},
                  {"orgMoved": {"orgId": went_out, "parentId": OUTSIDE}}]
        with tempfile.TemporaryDirectory() as d:
            server = Server(os.path.join(d, "data"))
            self.assertEqual(server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)[0], 200)
            reference = dangjian.Engine(SAMPLE, as_of=AS_OF)
            for event in events:
                self.assertEqual(server.request("POST", "/v1/events", event)[0], 200, event)
                reference.apply(event)
                inside = subtree("c-gaj", json.loads(reference.export("json"))["orgs"])
                want = keys(f for f in reference.findings() if f.org_id in inside)
                report = server.request("GET", "/v1/findings?scope=c-gaj", token="gaj1")[1]
                self.assertEqual(keys(report["findings"]), want, event)
            orgs = {f["orgId"] for f in report["findings"]}
            self.assertIn(came_in, orgs)
            self.assertIn("b-gaj-new", orgs)
            self.assertNotIn(went_out, orgs)
            server.stop()

    def test_scoped_write_token_writes_within_its_subtree(self):
        inside = subtree("c-gaj")
        held = {}
        for p in SAMPLE.get("positions", []):
            held.setdefault(p["memberId"], set()).add(p["orgId"])
        member = next(m["id"] for m in SAMPLE["members"]
                      if m["orgId"] == "b-gaj-11" and held.get(m["id"], set()) <= inside)
        outsider = next(m["id"] for m in SAMPLE["members"] if m["orgId"] not in inside)
        outside_activity = next(a for a in SAMPLE["activities"] if a["orgId"] not in inside)
        theme_day = {"kind": "THEME_DAY", "heldOn": "2026-11-02", "attendeeIds": []}
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, "data")
            server = Server(data)
            self.assertEqual(server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)[0], 200)
            reference = dangjian.Engine(SAMPLE, as_of=AS_OF)
            # One event, and a batch whose later events name what its earlier ones add.
            event = {"memberMoved": {"memberId": member, "orgId": "b-gaj-12"}}
            status, delta = server.request("POST", "/v1/events", event, token="gaj1w")
            self.assertEqual(status, 200, delta)
            # The delta it is told: the reference's, of its subtree's findings only.
            want = reference.apply(event)
            self.assertEqual(keys(delta.get("added", [])), keys(f for f in want.added if f.org_id in inside))
            self.assertEqual(keys(delta.get("resolved", [])), keys(f for f in want.resolved if f.org_id in inside))
            self.assertTrue(delta.get("added") or delta.get("resolved"))
            batch = [{"orgAdded": {"id": "b-gaj-26", "name": "第六支部", "kind": "BRANCH", "parentId": "gb-gaj-2",
                                   "establishedOn": "2026-10-01"}},
                     {"memberAdded": {"id": "m9101", "orgId": "b-gaj-26", "status": "FULL"}},
                     {"memberEventRecorded": {"memberId": "m9101", "kind": "TRANSFERRED_IN", "on": "2026-11-02"}},
                     {"activityRecorded": dict(theme_day, id="a-scoped-1", orgId="b-gaj-26", attendeeIds=["m9101"])},
                     {"statusChanged": {"memberId": member, "status": "FULL"}}]
            status, delta = server.request("POST", "/v1/events", {"events": batch}, token="gaj1w")
            self.assertEqual(status, 200, delta)
            inside.add("b-gaj-26")
            self.assertTrue(all(f.get("orgId") in inside for f in delta.get("added", []) + delta.get("resolved", [])))
            reference.apply_batch(batch)
            before = server.request("GET", "/v1/findings")[1]
            self.assertEqual(keys(before["findings"]), keys(reference.findings()))

            # Touching another subtree: refused, naming the field, with the words an unknown id gets, and
            # nothing changes.
            unknown = server.request("POST", "/v1/events", {"memberRemoved": "m-nobody"}, token="gaj1w")
            self.assertEqual(unknown, (403, {"error": "memberRemoved: outside the token's scope"}))
            refused = [
                ({"memberRemoved": outsider}, "memberRemoved"),                  # another branch's member
                ({"statusChanged": {"memberId": outsider, "status": "FULL"}}, "statusChanged.memberId"),
                ({"memberEventRecorded": {"memberId": outsider, "kind": "COMMENDED", "on": "2026-11-01"}},
                 "memberEventRecorded.memberId"),
                ({"memberMoved": {"memberId": member, "orgId": outside_activity["orgId"]}},  # moved out
                 "memberMoved.orgId"),
                ({"memberMoved": {"memberId": outsider, "orgId": "b-gaj-11"}}, "memberMoved.memberId"),  # or in
                ({"activityRecorded": dict(theme_day, id="a-scoped-2", orgId=outside_activity["orgId"])},
                 "activityRecorded.orgId"),
                ({"activityCorrected": dict(outside_activity, orgId="b-gaj-11")}, "activityCorrected.id"),
                ({"activityCorrected": dict(theme_day, id="a-nobody", orgId="b-gaj-11")}, "activityCorrected.id"),
                ({"activityRecorded": dict(theme_day, id="a-scoped-3", orgId="b-gaj-11", lecturerId=outsider)},
                 "activityRecorded.lecturerId"),
                ({"activityRecorded": dict(theme_day, id="a-scoped-4", orgId="b-gaj-11",
                                           makeupFor=outside_activity["id"])}, "activityRecorded.makeupFor"),
                ({"activityRecorded": dict(theme_day, id=outside_activity["id"], orgId="b-gaj-11")},
                 "activityRecorded.id"),
                # A meeting of its branch attended by a member of another org: the attendance counts in
                # that member's findings, which are not this token's to change.
                ({"activityRecorded": dict(theme_day, id="a-scoped-5", orgId="b-gaj-11",
                                           attendeeIds=[member, outsider])}, "activityRecorded.attendeeIds[1]"),
                ({"activityRecorded": dict(theme_day, id="a-scoped-6", orgId="b-gaj-11", attendeeIds=[member],
                                           absentees=[{"memberId": outsider, "reason": "LEAVE_APPROVED"}])},
                 "activityRecorded.absentees[0].memberId"),
                ({"orgMoved": {"orgId": "b-gaj-13", "parentId": "wc"}}, "orgMoved.parentId"),  # out of the subtree
                ({"orgMoved": {"orgId": "c-gaj", "parentId": "wc"}}, "orgMoved.orgId"),        # its own root
                ({"orgDissolved": {"orgId": "c-gaj", "on": "2026-11-01"}}, "orgDissolved.orgId"),
                ({"orgAdded": {"id": "b-x", "name": "x", "kind": "BRANCH", "parentId": "wc"}}, "orgAdded.parentId"),
                ({"events": [{"statusChanged": {"memberId": member, "status": "PROBATIONARY"}},
                             {"activityRecorded": dict(theme_day, id="a-scoped-7", orgId="b-gaj-11",
                                                       attendeeIds=[outsider])}]},  # all or none
                 "events[1].activityRecorded.attendeeIds[0]"),
            ]
            for body, field in refused:
                answer = server.request("POST", "/v1/events", body, token="gaj1w")
                self.assertEqual(answer, (403, {"error": f"{field}: outside the token's scope"}), body)
                if field == "activityRecorded.id":
                    continue  # a new record's id held elsewhere is refused; one nobody holds is taken
                # What another org holds is not told: the same answer when the id is nobody's.
                nobody = json.loads(json.dumps(body).replace(outsider, "m-nobody")
                                    .replace(outside_activity["orgId"], "o-nobody")
                                    .replace(outside_activity["id"], "a-nobody"))
                self.assertEqual(server.request("POST", "/v1/events", nobody, token="gaj1w"), answer, nobody)
            # A read token writes nothing, even within its subtree.
            self.assertEqual(server.request("POST", "/v1/events", event, token="gaj1")[0], 403)
            self.assertEqual(server.request("POST", "/v1/advance", {"asOf": "2026-12-31"}, token="gaj1w")[0], 403)
            self.assertEqual(server.request("GET", "/v1/findings")[1], before)
            _, metrics = server.request("GET", "/metrics")
            self.assertIn(f"dangjian_events_applied_total {1 + len(batch)}\n", metrics)
            server.stop(signal.SIGKILL)
            server = Server(data)
            self.assertEqual(server.request("GET", "/v1/findings")[1], before)
            server.stop()

    def test_concurrent_writers_and_compaction(self):
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, "data")
            # A small journal compacts often, while writers wait on group commits.
            server = Server(data, "--compact-bytes", "4000", "--threads", "8")
            self.assertEqual(server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)[0], 200)
            members = [m["id"] for m in SAMPLE["members"]][:200]
            errors = []

            def pay(chunk):
                for m in chunk:
                    status, body = server.request("POST", "/v1/events",
                                                  {"duesPaid": {"memberId": m, "year": 2026, "paidMonths": 1 << 10}})
                    if status != 200:
                        errors.append(body)

            threads = [threading.Thread(target=pay, args=(members[i::6],)) for i in range(6)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            before = server.request("GET", "/v1/findings")[1]
            reference = dangjian.Engine(SAMPLE, as_of=AS_OF)
            for m in members:
                reference.apply({"duesPaid": {"memberId": m, "year": 2026, "paidMonths": 1 << 10}})
            self.assertEqual(keys(before["findings"]), keys(reference.findings()))
            server.stop(signal.SIGKILL)
            server = Server(data)
            self.assertEqual(server.request("GET", "/v1/findings")[1], before)
            server.stop()


def stream_event(i):
    """The i-th event of the stream the crash tests send: each leaves a trace
    (an activity of its own id), some go in place (dues), some rebuild."""
    if i % 2 == 0:
        return {"activityRecorded": {"id": f"a-kill-{i}", "orgId": "b-gaj-11", "kind": "THEME_DAY",
                                     "heldOn": "2026-11-02", "attendeeIds": []}}
    member = SAMPLE["members"][i % len(SAMPLE["members"])]["id"]
    return {"duesPaid": {"memberId": member, "year": 2026, "paidMonths": 1 << (i % 11)}}


def reference_findings(events):
    engine = dangjian.Engine(SAMPLE, as_of=AS_OF)
    for e in events:
        engine.apply(e)
    return keys(engine.findings())


class Crashes(unittest.TestCase):
    def test_sigkill_loses_no_acknowledged_event(self):
        rng = random.Random(22)
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, "data")
            server = Server(data)
            self.assertEqual(server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)[0], 200)
            acked, sent = [], 0
            for kill_point in range(12):
                # Kill it after a random time while events stream in.
                killer = threading.Timer(rng.uniform(0.05, 0.6), lambda p=server.proc: p.send_signal(signal.SIGKILL))
                killer.start()
                in_flight = None
                while True:
                    e = stream_event(sent)
                    try:
                        status, _ = server.request("POST", "/v1/events", e)
                    except (ConnectionError, http.client.HTTPException, OSError):
                        in_flight = e
                        break
                    self.assertEqual(status, 200)
                    acked.append(e)
                    sent += 1
                killer.join()
                server.stop(signal.SIGKILL)
                server = Server(data)
                findings = keys(server.request("GET", "/v1/findings")[1]["findings"])
                # Every acknowledged event is held; the one in flight may be.
                held = reference_findings(acked)
                if findings != held:
                    self.assertEqual(findings, reference_findings(acked + [in_flight]), f"kill point {kill_point}")
                    acked.append(in_flight)
                    sent += 1
                for e in acked:
                    if "activityRecorded" in e:  # held: the same id with another field is a duplicate
                        other = copy.deepcopy(e)
                        other["activityRecorded"]["heldOn"] = "2026-11-03"
                        status, body = server.request("POST", "/v1/events", other)
                        self.assertEqual(status, 400, body)
            self.assertGreater(len(acked), 12)
            server.stop()

    def test_torn_journal_recovers_to_last_whole_event(self):
        rng = random.Random(7)
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, "data")
            server = Server(data)
            self.assertEqual(server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)[0], 200)
            events = [stream_event(i) for i in range(11)]  # the last sent after a cut that left all ten
            for e in events[:10]:
                self.assertEqual(server.request("POST", "/v1/events", e)[0], 200)
            server.stop(signal.SIGKILL)
            (journal,) = [f for f in os.listdir(data) if f.startswith("journal-")]
            with open(os.path.join(data, journal), "rb") as f:
                whole = f.read()
            # Where each record ends: [length][crc][payload]; zeros after
            # the last (the room written ahead), a zero length.
            ends, at = [], 0
            while at < len(whole) and int.from_bytes(whole[at:at + 4], "little") > 0:
                at += 8 + int.from_bytes(whole[at:at + 4], "little")
                ends.append(at)
            self.assertEqual(len(ends), 11)  # the dates, then the ten events
            self.assertEqual(whole[ends[-1]:], bytes(len(whole) - ends[-1]))
            cuts = sorted(rng.sample(range(ends[0], ends[-1]), 8)) + [ends[4], ends[-1] - 1, len(whole) - 1]
            for cut in cuts:
                copy_dir = os.path.join(d, f"cut-{cut}")
                shutil.copytree(data, copy_dir)
                with open(os.path.join(copy_dir, journal), "r+b") as f:
                    f.truncate(cut)
                whole_events = sum(1 for end in ends[1:] if end <= cut)
                server = Server(copy_dir)
                self.assertIn(f"({whole_events} journal records replayed", server.banner)
                # What the cut left of a record is told; the zeros after the records are not.
                torn = whole[ends[whole_events]:cut].rstrip(b"\0")
                self.assertEqual(f"a torn end of {len(torn)} bytes cut" in server.banner, len(torn) > 0, server.banner)
                findings = keys(server.request("GET", "/v1/findings")[1]["findings"])
                self.assertEqual(findings, reference_findings(events[:whole_events]), f"cut at {cut}")
                # The service goes on from there: the next event is kept after the cut.
                self.assertEqual(server.request("POST", "/v1/events", events[whole_events])[0], 200)
                server.stop(signal.SIGKILL)
                server = Server(copy_dir)
                self.assertIn(f"({whole_events + 1} journal records replayed)", server.banner)
                server.stop()


class Listeners(unittest.TestCase):
    def test_tls(self):
        with tempfile.TemporaryDirectory() as d:
            cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                            "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
            server = Server(os.path.join(d, "data"), tls=(cert, key))
            self.assertIn("https://", server.banner)
            self.assertEqual(server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)[0], 200)
            self.assertEqual(server.request("GET", "/v1/findings?scope=c-gaj", token="gaj1")[0], 200)
            self.assertEqual(server.request("GET", "/v1/findings", token="nope")[0], 401)
            # In clear, the TLS listener answers nothing.
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            with self.assertRaises((http.client.HTTPException, ConnectionError, OSError)):
                conn.request("GET", "/healthz")
                conn.getresponse().read()
            self.assertEqual(server.stop()[0], 0)

    def test_plain_only_on_loopback(self):
        with tempfile.TemporaryDirectory() as d:
            tokens = os.path.join(d, "tokens")
            open(tokens, "w").close()
            r = subprocess.run([COMMAND, "serve", "--data", os.path.join(d, "data"), "--tokens", tokens,
                                "--listen", "0.0.0.0:0"], capture_output=True, text=True, timeout=30)
            self.assertEqual(r.returncode, 2)
            self.assertIn("not loopback", r.stderr)

    def test_bad_token_file_names_the_line(self):
        with tempfile.TemporaryDirectory() as d:
            tokens = os.path.join(d, "tokens")
            with open(tokens, "w") as f:
                f.write("# ok\n" + "a" * 64 + " admin *\n")
            r = subprocess.run([COMMAND, "serve", "--data", os.path.join(d, "data"), "--tokens", tokens],
                               capture_output=True, text=True, timeout=30)
            self.assertEqual(r.returncode, 2)
            self.assertIn("tokens line 2: role \"admin\"", r.stderr)

    def test_body_limit(self):
        with tempfile.TemporaryDirectory() as d:
            server = Server(os.path.join(d, "data"), "--max-body", "1000")
            status, _ = server.request("PUT", "/v1/snapshot", SAMPLE_TEXT)
            self.assertEqual(status, 413)
            self.assertEqual(server.request("GET", "/v1/findings")[0], 200)
            server.stop()

    def test_a_flood_gets_503_past_the_queue(self):
        import socket

        def connect(port):
            c = socket.create_connection(("127.0.0.1", port), timeout=30)
            return c

        def answer(c, path="/healthz"):
            c.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = c.recv(4096)
                if not chunk:
                    break
                data += chunk
            return data.decode("latin-1")

        with tempfile.TemporaryDirectory() as d:
            server = Server(os.path.join(d, "data"), "--threads", "1", "--queue", "1", "--timeout", "2")
            holder = connect(server.port)  # sends nothing: holds the one thread while it may (5 s)
            time.sleep(0.3)
            waiter = connect(server.port)  # waits for that thread: the queue is full
            time.sleep(0.3)
            start = time.monotonic()
            flood = [connect(server.port) for _ in range(5)]
            for c in flood:
                head = answer(c)
                self.assertTrue(head.startswith("HTTP/1.1 503"), head)
                self.assertIn("Retry-After: 1", head)
                c.close()
            self.assertLess(time.monotonic() - start, 2)  # refused at once, not after the wait
            # The waiter's turn comes after more than --timeout: refused too.
            self.assertTrue(answer(waiter).startswith("HTTP/1.1 503"))
            holder.close()
            waiter.close()
            # Once the flood is over, the service answers again.
            status, _ = server.request("GET", "/v1/findings")
            self.assertEqual(status, 200)
            _, metrics = server.request("GET", "/metrics")
            self.assertIn('dangjian_requests_total{route="busy",code="503"} 6\n', metrics)
            self.assertEqual(server.stop()[0], 0)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=1)
