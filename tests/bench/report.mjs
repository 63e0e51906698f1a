// Turns script/bench's raw JSON lines into one table (median, min and max of the runs) and a
// results file. Usage: node report.mjs <raw.jsonl> <out.json> <machine description>
import { readFileSync, writeFileSync } from 'node:fs';

const [rawPath, outPath, machine] = process.argv.slice(2);
const rows = readFileSync(rawPath, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

const groups = new Map();
for (const { scenario, variant, result } of rows) {
  const key = `${scenario} | ${variant}`;
  if (!groups.has(key)) groups.set(key, { scenario, variant, runs: [] });
  groups.get(key).runs.push(result ?? {});
}

function stats(values) {
  const sorted = values.filter((v) => typeof v === 'number' && v >= 0).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
}

const columns = {
  post: ['rps', 'p50Ms', 'p99Ms', 'errors'],
  history: ['rps', 'p50Ms', 'p99Ms', 'errors'],
  fanout: ['p50Ms', 'p99Ms', 'maxMs', 'lost', 'duplicates', 'outOfOrder', 'connectMs', 'serverRssKiB', 'generatorCpuMs'],
  memory: ['serverRssKiB', 'connectMs'],
};

const summary = [];
for (const { scenario, variant, runs } of groups.values()) {
  const entry = { scenario, variant, runs: runs.length, metrics: {} };
  for (const metric of columns[scenario] ?? []) entry.metrics[metric] = stats(runs.map((r) => r[metric]));
  if (scenario === 'memory') {
    const base = Number(/baseKiB=(\d+)/.exec(variant)?.[1]);
    const streams = Number(/streams=(\d+)/.exec(variant)?.[1]);
    entry.metrics.kibPerStream = stats(runs.map((r) => (r.serverRssKiB - base) / streams));
  }
  summary.push(entry);
}

const fmt = (s) => (s ? `${+s.median.toFixed(2)} (${+s.min.toFixed(2)}–${+s.max.toFixed(2)})` : '-');
console.log(`\nResults: median (min–max) of the runs; ${machine}\n`);
for (const { scenario, variant, runs, metrics } of summary) {
  const cells = Object.entries(metrics).map(([name, s]) => `${name} ${fmt(s)}`).join('  ');
  console.log(`${scenario.padEnd(8)} ${variant.padEnd(40)} n=${runs}  ${cells}`);
}
writeFileSync(outPath, JSON.stringify({ date: new Date().toISOString(), machine, summary, raw: rows }, null, 2));
console.log(`\nraw results: ${outPath}`);
