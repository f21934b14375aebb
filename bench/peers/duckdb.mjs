// Loads the CSV tables into DuckDB and runs rules.sql: load time, each
// rule's time and finding count, peak memory (of this process).
//
//   node duckdb.mjs DIR
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const dir = process.argv[2];
const here = new URL('.', import.meta.url).pathname;
const now = () => Number(process.hrtime.bigint()) / 1e9;
const rss = () => {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Math.round(parseInt(line.split(/\s+/)[1], 10) / 1024);
};

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
let t = now();
for (const stmt of readFileSync(here + 'load_duckdb.sql', 'utf8').replaceAll('DIR', dir).split(';')) {
  if (stmt.replace(/--.*$/gm, '').trim()) await c.run(stmt);
}
console.log(`duckdb\tload\t${(now() - t).toFixed(2)} s`);
for (const stmt of readFileSync(here + 'rules.sql', 'utf8').split(';')) {
  if (stmt.replace(/--.*$/gm, '').trim()) await c.run(stmt);
}
let total = 0;
for (const rule of ['branch_min_full_members', 'branch_committee_required', 'term_expired', 'general_meeting',
                    'committee_meeting', 'dues_unpaid_run', 'no_org_life_run']) {
  t = now();
  const r = await c.runAndReadAll(`SELECT count(*) AS n FROM f_${rule}`);
  const s = now() - t;
  total += s;
  console.log(`duckdb\t${rule}\t${s.toFixed(3)} s\t${r.getRowObjects()[0].n} findings`);
}
console.log(`duckdb\tcheck\t${total.toFixed(3)} s`);
console.log(`duckdb\tpeak\t${rss()} MB`);
