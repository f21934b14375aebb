// The report pages in headless Chromium, driven over its DevTools pipe (no
// package needed): each page of `check`, `agenda`, `assess` and `stats` on the sample
// opens without a console error, shows every row once opened, its filters
// narrow the rows, and a collapsed subtree hides its rows.
//
// usage: node html_report_test.mjs CHROMIUM DANGJIAN_COMMAND
//        node html_report_test.mjs CHROMIUM --open FILE.html [--screenshot FILE.png]
//          (prints how long FILE.html takes to open; bench/README.md)
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [chromium, ...rest] = process.argv.slice(2);

class Browser {
  constructor(profile) {
    this.proc = spawn(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--remote-debugging-pipe", `--user-data-dir=${profile}`, "--window-size=1280,1600", "about:blank"],
      { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
    this.next = 1;
    this.waiting = new Map();
    this.listeners = [];
    let buffer = "";
    this.proc.stdio[4].on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end;
      while ((end = buffer.indexOf("\0")) >= 0) {
        const message = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (message.id && this.waiting.has(message.id)) {
          const { resolve, reject } = this.waiting.get(message.id);
          this.waiting.delete(message.id);
          if (message.error) reject(new Error(JSON.stringify(message.error)));
          else resolve(message.result);
        } else {
          for (const l of this.listeners) l(message);
        }
      }
    });
  }
  send(method, params = {}, sessionId = undefined) {
    const id = this.next++;
    this.proc.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + "\0");
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }
  event(method, sessionId) {
    return new Promise((resolve) => {
      const l = (m) => {
        if (m.method === method && m.sessionId === sessionId) {
          this.listeners.splice(this.listeners.indexOf(l), 1);
          resolve(m.params);
        }
      };
      this.listeners.push(l);
    });
  }
  // A page at `url`: its session, the errors it logs, and the milliseconds it took to load.
  async open(url) {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const errors = [];
    this.listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === "Runtime.exceptionThrown") errors.push(m.params.exceptionDetails.exception?.description ?? m.params.exceptionDetails.text);
      if (m.method === "Runtime.consoleAPICalled" && (m.params.type === "error" || m.params.type === "assert")) errors.push(JSON.stringify(m.params.args));
      if (m.method === "Log.entryAdded" && m.params.entry.level === "error") errors.push(m.params.entry.text);
    });
    await this.send("Runtime.enable", {}, sessionId);
    await this.send("Log.enable", {}, sessionId);
    await this.send("Page.enable", {}, sessionId);
    const loaded = this.event("Page.loadEventFired", sessionId);
    const start = process.hrtime.bigint();
    await this.send("Page.navigate", { url }, sessionId);
    await loaded;
    await this.eval(sessionId, "document.body.getBoundingClientRect().height");  // laid out, and the page answers
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { sessionId, errors, ms };
  }
  async eval(sessionId, expression) {
    const r = await this.send("Runtime.evaluate", { expression, returnByValue: true }, sessionId);
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }
  async close() {
    const exited = new Promise((resolve) => this.proc.exitCode !== null ? resolve() : this.proc.once("exit", resolve));
    this.send("Browser.close").catch(() => {});
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}

let failures = 0;
function expect(ok, what) {
  if (ok) return;
  console.error(`FAIL ${what}`);
  ++failures;
}

// Run in the page: every row shown once all is open; then a filter; then a
// subtree opened and collapsed.
const probe = (filter) => `(() => {
  const $ = (id) => document.getElementById(id);
  const rows = () => document.querySelectorAll("tr.row");
  $("expand").click();
  const all = rows().length;
  ${filter}
  window.dangjianReport.apply();
  $("expand").click();
  const narrowed = [...rows()];
  const kept = narrowed.map((r) => r.outerHTML);
  $("f-sev").value = "0"; $("f-family").value = ""; $("f-rule").value = "-1"; $("f-text").value = "";
  window.dangjianReport.apply();
  // Collapse everything, open the first org, then the first of its orgs with rows of its own.
  $("collapse").click();
  document.querySelector("#tree > .org > .head > .toggle").click();
  const before = rows().length;
  const child = [...document.querySelectorAll("#tree > .org > .body > .org")].find((o) => o.querySelector(".badges .b"));
  child.querySelector(".toggle").click();
  const opened = document.querySelector('[data-org="' + child.dataset.org + '"]');
  const inside = opened.querySelectorAll("tr.row").length + opened.querySelectorAll(".org").length;
  opened.querySelector(".toggle").click();
  const closed = document.querySelector('[data-org="' + child.dataset.org + '"]');
  return { all, narrowed: narrowed.length, kept, before, inside, after: closed.querySelectorAll("tr.row, .org").length,
           shown: $("shown").textContent, charts: document.querySelectorAll("#summary svg").length };
})()`;

async function testPages(command) {
  const dir = mkdtempSync(join(tmpdir(), "dangjian-html-"));
  const browser = new Browser(join(dir, "profile"));
  try {
    const pages = [
      { name: "check", args: ["check", "sample"], rows: (j) => j.findings.length,
        filter: `$("f-sev").value = "1";`, each: (html) => html.includes("VIOLATION") },
      { name: "agenda", args: ["agenda", "sample"], rows: (j) => j.items.length,
        filter: `$("f-family").value = "term";`, each: (html) => html.includes(">term.") },
      { name: "assess", args: ["assess", "sample", "--rubric", "branch-standardization"],
        rows: (j) => j.orgs.flatMap((o) => (o.categories || []).flatMap((c) => (c.items || []).flatMap((i) => i.deductions || []))).length,
        filter: `$("f-text").value = "setup.";`, each: (html) => html.includes(">setup.") },
      // A row an org and kind of meeting, and one for its dues.
      { name: "stats", args: ["stats", "sample"], rows: (j) => (j.orgs || []).length * ((j.activities || []).length + 1),
        filter: `$("f-text").value = "DUES";`, each: (html) => html.includes(">DUES<"),
        // Every org of the JSON has its rows; an org's months are drawn when asked for, one row a month.
        more: async (session, json) => {
          const r = await browser.eval(session, `(() => {
            document.getElementById("expand").click();
            const ids = [...new Set([...document.querySelectorAll("tr.row")].map((r) => r.closest(".org").dataset.org))];
            const org = document.querySelector(".org[data-org=" + JSON.stringify(${JSON.stringify(json.orgs?.[0]?.orgId ?? "")}) + "]");
            org.querySelector(":scope > .body > .months > .by-month").click();
            return { ids, months: org.querySelectorAll(":scope > .body > .months tr").length - 1 };
          })()`);
          const want = (json.orgs || []).map((o) => o.orgId);
          expect(JSON.stringify(r.ids.sort()) === JSON.stringify(want.sort()), `stats: rows for ${r.ids}, orgs in the JSON ${want}`);
          expect(r.months === (json.orgs[0].months || []).length && r.months > 0, `stats: ${r.months} months drawn`);
        } },
    ];
    for (const p of pages) {
      const file = join(dir, `${p.name}.html`);
      execFileSync(command, [...p.args, "--format", "html", "--out", file]);
      const json = JSON.parse(execFileSync(command, [...p.args, "--format", "json"], { maxBuffer: 1 << 28 }).toString());
      const page = await browser.open(`file://${file}`);
      const r = await browser.eval(page.sessionId, probe(p.filter));
      expect(page.errors.length === 0, `${p.name}: console errors ${JSON.stringify(page.errors)}`);
      expect(r.all === p.rows(json) && r.all > 0, `${p.name}: ${r.all} rows shown, ${p.rows(json)} in the JSON`);
      expect(r.narrowed > 0 && r.narrowed < r.all, `${p.name}: the filter left ${r.narrowed} of ${r.all} rows`);
      expect(r.kept.every(p.each), `${p.name}: a row the filter should have hidden is shown`);
      expect(r.inside > 0, `${p.name}: an opened org shows nothing`);
      expect(r.after === 0, `${p.name}: a collapsed org still shows ${r.after} rows or orgs`);
      expect(r.charts >= 2, `${p.name}: ${r.charts} charts in the summary`);
      if (p.more) await p.more(page.sessionId, json);
      console.log(`${p.name}: ${r.all} rows, filtered ${r.narrowed}, opened in ${page.ms.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeOpen(file, screenshot) {
  const dir = mkdtempSync(join(tmpdir(), "dangjian-html-"));
  const browser = new Browser(join(dir, "profile"));
  try {
    const page = await browser.open(`file://${file}`);
    expect(page.errors.length === 0, `console errors ${JSON.stringify(page.errors)}`);
    console.log(`${file}: opened in ${page.ms.toFixed(0)} ms`);
    if (screenshot) {
      const shot = await browser.send("Page.captureScreenshot", { format: "png" }, page.sessionId);
      writeFileSync(screenshot, Buffer.from(shot.data, "base64"));
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  if (rest[0] === "--open") await timeOpen(rest[1], rest[2] === "--screenshot" ? rest[3] : undefined);
  else await testPages(rest[0]);
} catch (e) {
  console.error(`FAIL ${e.stack || e}`);
  ++failures;
}
process.exit(failures ? 1 : 0);
