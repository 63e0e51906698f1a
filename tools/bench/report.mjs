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
  post: ['rps', 'p50Ms', 'p99Ms', 'p999Ms', 'maxMs', 'errors'],
  history: ['rps', 'p50Ms', 'p99Ms', 'p999Ms', 'maxMs', 'errors'],
  fanout: ['p50Ms', 'p99Ms', 'maxMs', 'lost', 'duplicates', 'outOfOrder', 'openFailures', 'retriedOpens', 'connectMs', 'generatorCpuMs'],
  memory: ['kibPerStream', 'serverRssKiB', 'baseRssKiB'],
  storm: ['catchUpMs', 'catchUpP50Ms', 'connectMs', 'catchUpPerConnect', 'serverBackMs', 'lastReconnectStartMs',
    'reconnectWaitP50Ms', 'reconnectWaitMaxMs', 'firstPostedToAllMs', 'postedToAllMs', 'stormP99Ms', 'dropped',
    'reconnectAttempts', 'historyReads', 'historyErrors', 'listenOverflows', 'lost', 'duplicates', 'outOfOrder',
    'publishErrors'],
};

const summary = [];
for (const { scenario, variant, runs } of groups.values()) {
  const entry = { scenario, variant, runs: runs.length, metrics: {} };
  for (const metric of columns[scenario] ?? []) entry.metrics[metric] = stats(runs.map((r) => r[metric]));
  summary.push(entry);
}

const fmt = (s) => (s ? `${+s.median.toFixed(2)} (${+s.min.toFixed(2)}–${+s.max.toFixed(2)})` : '-');
console.log(`\nResults: median (min–max) of the runs; ${machine}\n`);
for (const { scenario, variant, runs, metrics } of summary) {
  const cells = Object.entries(metrics).map(([name, s]) => `${name} ${fmt(s)}`).join('  ');
  console.log(`${scenario.padEnd(8)} ${variant.padEnd(40)} n=${runs}  ${cells}`);
}
// Scenario 6: the origin against Nchan in the same run, as ratios of medians (< 1: we are ahead).
const median = (scenario, variant, metric) =>
  summary.find((e) => e.scenario === scenario && e.variant === variant)?.metrics[metric]?.median;
const ratios = [];
for (const { scenario, variant } of summary) {
  const nchan = /^nchan workers=(\d+)(.*)$/.exec(variant);
  if (!nchan) continue;
  const ours = scenario === 'fanout' ? `direct${nchan[2]}` : `origin${nchan[2]}`;
  const metrics = scenario === 'fanout' ? ['p50Ms', 'p99Ms'] : ['kibPerStream'];
  for (const metric of metrics) {
    const a = median(scenario, ours, metric);
    const b = median(scenario, variant, metric);
    if (a > 0 && b > 0) ratios.push({ ours, nchan: variant, metric, ratio: a / b });
  }
}
if (ratios.length) {
  console.log('\norigin / Nchan (medians; below 1 means the origin is ahead)');
  for (const { ours, nchan, metric, ratio } of ratios)
    console.log(`${metric.padEnd(13)} ${ours.padEnd(34)} vs ${nchan.padEnd(36)} ${ratio.toFixed(2)}`);
}
// The origin against the Node.js peer (tools/bench/node-peer) in the same run: a variant
// "node <rest>" is compared with ours under the same <rest> (posts: with --synchronous normal,
// as the peer's synchronous=NORMAL).
const oursForNode = {
  post: (rest) => `sync=normal ${rest}`,
  history: (rest) => rest,
  fanout: (rest) => `direct ${rest}`,
  memory: (rest) => `origin${rest}`,
};
const nodeMetrics = { post: ['rps', 'p99Ms'], history: ['rps', 'p99Ms'], fanout: ['p50Ms', 'p99Ms'], memory: ['kibPerStream'] };
const nodeRatios = [];
for (const { scenario, variant } of summary) {
  const peer = /^node,? (.*)$/.exec(variant);
  if (!peer || !oursForNode[scenario]) continue;
  const ours = oursForNode[scenario](variant.startsWith('node,') ? `, ${peer[1]}` : peer[1]);
  for (const metric of nodeMetrics[scenario]) {
    const a = median(scenario, ours, metric);
    const b = median(scenario, variant, metric);
    if (a > 0 && b > 0) nodeRatios.push({ scenario, ours, node: variant, metric, ratio: a / b });
  }
}
if (nodeRatios.length) {
  console.log('\norigin / Node.js peer (medians; rps above 1, ms and KiB below 1 mean the origin is ahead)');
  for (const { scenario, ours, node, metric, ratio } of nodeRatios)
    console.log(`${scenario.padEnd(8)} ${metric.padEnd(13)} ${ours.padEnd(44)} vs ${node.padEnd(48)} ${ratio.toFixed(2)}`);
}
// Scenario 7, the reconnect storm: direct, every client reconnects (the target: caught up within
// 2x the time the same streams took to open fresh, as the median of each run's ratio); through
// Pushpin the proxy keeps the streams, and what counts is how soon new messages reach everyone.
function stormText(m) {
  const exact = `lost ${m.lost?.max ?? '–'}, duplicates ${m.duplicates?.max ?? '–'}, out of order ${m.outOfOrder?.max ?? '–'}`;
  const back = `origin answering again ${cell(m.serverBackMs, 0)} ms after SIGTERM`;
  const posted = `first message posted after the restart at every client ${cell(m.firstPostedToAllMs, 0)} ms after SIGTERM, slowest POST-to-everyone ${cell(m.postedToAllMs, 0)} ms`;
  if (!m.catchUpMs)
    return `fresh open ${cell(m.connectMs, 0)} ms; streams dropped ${m.dropped?.max ?? '–'}; ${back}; ${posted}; ${exact}`;
  const history = m.historyReads?.max ? `history reads ${m.historyReads.min} (errors ${m.historyErrors?.max ?? '–'})` : 'no history reads';
  return `all caught up ${cell(m.catchUpMs, 0)} ms after SIGTERM (p50 ${cell(m.catchUpP50Ms, 0)} ms), fresh open ${cell(m.connectMs, 0)} ms, ratio ${cell(m.catchUpPerConnect, 2)} (target ≤ 2); ${back}; last reconnect begun ${cell(m.lastReconnectStartMs, 0)} ms after SIGTERM, then caught up in p50 ${cell(m.reconnectWaitP50Ms, 0)} ms, max ${cell(m.reconnectWaitMaxMs, 0)} ms; ${history}, reconnect attempts ${m.reconnectAttempts?.max ?? '–'}, listen-queue overflows ${m.listenOverflows?.max ?? '–'}; ${posted}; ${exact}`;
}

// The same as a Markdown table (docs/benchmarks.md records one per run worth keeping).
const cell = (s, digits = 1) => (s ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : '–');
const markdown = [`Machine: ${machine}`, '', '| scenario | variant | result: median (min–max) of the runs |', '|---|---|---|'];
for (const { scenario, variant, runs, metrics: m } of summary) {
  let text;
  if (scenario === 'post' || scenario === 'history')
    text = `${cell(m.rps, 0)} req/s, p50 ${cell(m.p50Ms, 2)} ms, p99 ${cell(m.p99Ms, 2)} ms, p99.9 ${cell(m.p999Ms, 1)} ms, errors ${m.errors?.max ?? '–'}`;
  else if (scenario === 'fanout')
    text = `p50 ${cell(m.p50Ms)} ms, p99 ${cell(m.p99Ms)} ms, max ${cell(m.maxMs)} ms; lost ${m.lost?.max ?? '–'}, duplicates ${m.duplicates?.max ?? '–'}, out of order ${m.outOfOrder?.max ?? '–'}, failed opens ${m.openFailures?.max ?? '–'}; generator CPU ${cell(m.generatorCpuMs, 0)} ms`;
  else if (scenario === 'storm')
    text = stormText(m);
  else
    text = m.kibPerStream ? `${cell(m.kibPerStream, 2)} KiB per stream (RSS ${cell(m.serverRssKiB, 0)} KiB)` : `RSS ${cell(m.serverRssKiB, 0)} KiB (at start ${cell(m.baseRssKiB, 0)} KiB)`;
  markdown.push(`| ${scenario} | ${variant} (n=${runs}) | ${text} |`);
}
if (ratios.length) {
  markdown.push('', '| origin / Nchan | ours | Nchan | ratio |', '|---|---|---|---|');
  for (const { ours, nchan, metric, ratio } of ratios) markdown.push(`| ${metric} | ${ours} | ${nchan} | ${ratio.toFixed(2)} |`);
}
if (nodeRatios.length) {
  markdown.push('', '| origin / Node.js peer | metric | ours | Node.js peer | ratio |', '|---|---|---|---|---|');
  for (const { scenario, ours, node, metric, ratio } of nodeRatios)
    markdown.push(`| ${scenario} | ${metric} | ${ours} | ${node} | ${ratio.toFixed(2)} |`);
}
// CHAT_BENCH_BASELINE runs: this build against the older one ("baseline <variant>").
const baselineRatios = [];
for (const { scenario, variant } of summary) {
  const older = /^baseline (.*)$/.exec(variant);
  if (!older) continue;
  for (const metric of ['rps', 'p50Ms', 'p99Ms']) {
    const a = median(scenario, older[1], metric);
    const b = median(scenario, variant, metric);
    if (a > 0 && b > 0) baselineRatios.push({ scenario, variant: older[1], metric, ratio: a / b });
  }
}
if (baselineRatios.length) {
  console.log('\nthis build / baseline (medians; rps above 1, ms below 1 mean this build is ahead)');
  for (const { scenario, variant, metric, ratio } of baselineRatios)
    console.log(`${scenario.padEnd(8)} ${metric.padEnd(6)} ${variant.padEnd(48)} ${ratio.toFixed(2)}`);
  markdown.push('', '| this build / baseline | metric | variant | ratio |', '|---|---|---|---|');
  for (const { scenario, variant, metric, ratio } of baselineRatios)
    markdown.push(`| ${scenario} | ${metric} | ${variant} | ${ratio.toFixed(2)} |`);
}
writeFileSync(outPath.replace(/\.json$/, '.md'), markdown.join('\n') + '\n');
writeFileSync(outPath, JSON.stringify({ date: new Date().toISOString(), machine, summary, ratios, nodeRatios, baselineRatios, raw: rows }, null, 2));
console.log(`\nraw results: ${outPath}`);
