// First results of the calculator on a slow connection, for one or more built sites measured in
// turn (so a loaded machine slows each of them alike): the 25-post plan opened by share link in
// headless Chromium at 1.6 Mbps down and up and 300 ms round trip, cache off, files served gzipped;
// time from navigation to `#total-claim` showing money. Prints the median, the fastest and every
// run per site, and with --waterfall when each file of the last run was requested and arrived
// (the critical path: a browser opens at most six connections to a host over HTTP/1.1).
//
// Usage: node benches/calculator-first-results.mjs [--runs N] [--waterfall] [SITE_DIR...]
//        (default: public/; e.g. compare with another checkout's build: public/ ../main/public)

import { openSite } from '../tests/browser/lib/browser.mjs';
import { openLargePlanOnSlowNetwork } from '../tests/browser/lib/calculator-plans.mjs';
import { siteUnderTest } from '../tests/browser/lib/site.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at < 0 ? null : args.splice(at, name === '--waterfall' ? 1 : 2).at(-1);
};
const runs = Number(option('--runs') ?? 5);
const waterfall = option('--waterfall') !== null;
const dirs = args.length > 0 ? args : [siteUnderTest().dir];

/** One throttled load of the plan: `{ time, files }`, files as [path, requested, first byte, done, bytes]. */
async function load(site) {
  const page = await openLargePlanOnSlowNetwork(site);
  const measured = await page.evaluate(() => ({
    time: performance.now(),
    files: performance.getEntriesByType('resource').map((entry) => [
      new URL(entry.name).pathname, entry.startTime, entry.responseStart, entry.responseEnd, entry.encodedBodySize,
    ]),
  }));
  await page.close();
  return measured;
}

const sites = [];
for (const dir of dirs) sites.push({ dir, site: await openSite({ dir, gzip: true }), times: [], files: [] });
try {
  for (let run = 0; run < runs; run += 1) {
    for (const entry of sites) {
      const { time, files } = await load(entry.site);
      entry.times.push(time);
      entry.files = files;
    }
  }
} finally {
  for (const entry of sites) await entry.site.close();
}

for (const { dir, times, files } of sites) {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`${dir}: 25-post plan by link at 1.6 Mbps / 300 ms RTT, first results median ${median.toFixed(0)} ms, fastest ${sorted[0].toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  if (waterfall) {
    for (const [path, start, firstByte, end, bytes] of files) {
      console.log(`  ${path.padEnd(56)} requested ${start.toFixed(0).padStart(5)}  first byte ${firstByte.toFixed(0).padStart(5)}  done ${end.toFixed(0).padStart(5)}  ${bytes} bytes`);
    }
  }
}
