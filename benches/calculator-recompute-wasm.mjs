// Benchmark: the WebAssembly recompute of a 30-post plan, without the DOM. Loads the module the
// site build produces in node, adds the year's published rules once (as the page does), then
// times `rules.plan(planFile)` — parsing the plan file, every post month by month, pots,
// schedule, practices, one scenario — and prints the median and 95th percentile of 300 runs,
// and the gzipped size of the module and its bindings script.
//
// Usage: node benches/calculator-recompute-wasm.mjs   (builds the assets with cargo first)
//        NO_SCENARIO=1 …  leaves the scenario out; CSV_ONLY=1 … times results_csv() instead, the
//        same computation returned as one string (what the conversion to JS objects costs).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'calc-bench-'));
try {
  const files = execFileSync('cargo', ['run', '--quiet', '--example', 'calculator_assets', '--', out], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.startsWith('static/'));
  const script = files.find((f) => f.endsWith('.js'));
  const wasmFile = files.find((f) => f.endsWith('.wasm'));
  const wasmBytes = readFileSync(join(out, wasmFile));
  const bindings = await import(pathToFileURL(join(out, script)).href);
  await bindings.default({ module_or_path: wasmBytes });

  const year = '2025-26';
  const rules = new bindings.Rules();
  rules.add(readFileSync(join(out, 'data/rules', `${year}.json`), 'utf8'));

  const roles = [
    ['clinical-pharmacist', 'national', '52000', { value: '1', unit: 'wte' }],
    ['pharmacy-technician', 'inner-london', '33,000', { value: '30', unit: 'hours' }],
    ['first-contact-physiotherapist', 'outer-london', '£56,000', { value: '0.8', unit: 'wte' }],
    ['paramedic', 'national', '50000', { value: '1', unit: 'wte' }, '2025-07-01'],
    ['social-prescribing-link-worker', 'national', '30000', { value: '1', unit: 'wte' }],
    ['care-coordinator', 'inner-london', '29000', { value: '0.6', unit: 'wte' }],
    ['health-and-wellbeing-coach', 'national', '31000', { value: '1', unit: 'wte' }, '2025-04-01', '2025-12-31'],
    ['advanced-practitioner', 'national', '60000', { value: '1', unit: 'wte' }],
    ['adult-mental-health-practitioner', 'national', '42000', { value: '1', unit: 'wte' }],
    ['general-practitioner', 'national', '90000', { value: '6', unit: 'sessions' }],
  ];
  const posts = [];
  for (let i = 0; i < 30; i++) {
    const [role, region, salary, working_time, from, to] = roles[i % roles.length];
    posts.push({ label: `Post ${i + 1}`, role, region, salary, working_time, from, to, practice: i % 3 === 0 ? 'north' : undefined });
  }
  const planFile = {
    schema_version: 1,
    year,
    weighted_population: '30000',
    practices: [
      { id: 'north', name: 'North Surgery', weighted_population: '18000' },
      { id: 'south', name: 'South Practice', weighted_population: '12000' },
    ],
    posts: JSON.parse(JSON.stringify(posts)),
    scenarios: process.env.NO_SCENARIO ? [] : [{ name: 'Pay award 3%', changes: { pay_award_percent: '3', cap_uplift_percent: '2' } }],
  };
  const first = rules.plan(planFile);
  if (first.errors) throw new Error(JSON.stringify(first.errors));

  const runs = 300;
  const times = [];
  for (let i = 0; i < 20; i++) rules.plan(planFile);
  for (let i = 0; i < runs; i++) {
    planFile.weighted_population = String(30000 + i);
    const start = performance.now();
    const result = process.env.CSV_ONLY ? rules.results_csv(planFile) : rules.plan(planFile);
    times.push(performance.now() - start);
    if (!process.env.CSV_ONLY && !result.totals) throw new Error('no result');
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
  const what = `${process.env.CSV_ONLY ? 'results_csv' : 'plan'}, 30 posts, practices${process.env.NO_SCENARIO ? '' : ', one scenario'}`;
  console.log(`${what}: wasm recompute in node ${process.version}: median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms (${runs} runs)`);
  console.log(`module ${wasmBytes.length} bytes (${gz(wasmBytes)} gzipped), bindings script ${gz(readFileSync(join(out, script)))} bytes gzipped`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
