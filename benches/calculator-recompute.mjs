// Benchmark of the calculator page in headless Chromium (Debian's /usr/bin/chromium):
//
// 1. Typing in a salary of a 30-post plan: each edit sets the salary of post 15 (under its cap, so
//    the claim changes) and dispatches an
//    `input` event, and a MutationObserver waits until `#total-claim` shows the new figure — the
//    whole recompute (rules core in WebAssembly, then the page). Median, p95 and max of 100 edits.
// 2. First results on a slow connection: the 25-post plan opened by share link with Chromium's
//    network emulation at 1.6 Mbps down and up and 300 ms round trip, cache off, files served
//    gzipped as hosts do (and also uncompressed); time from navigation to `#total-claim` showing
//    money. Median of 3 loads.
// 3. Weight: the JavaScript and WebAssembly the page loads for its first results, and all it can
//    load once every feature has been used (the on-use module too), gzipped (-9).
//
// Usage: node benches/calculator-recompute.mjs   (after `arrs-guide build`; needs `npm ci`)

import { openSite, visit } from '../tests/browser/lib/browser.mjs';
import { calculatorWeight } from '../tests/browser/lib/budget-check.mjs';
import { largePlan, openLargePlanOnSlowNetwork, shareUrl, waitForResults } from '../tests/browser/lib/calculator-plans.mjs';
import { readDocuments } from '../tests/browser/lib/documents.mjs';
import { publicOrigin, siteUnderTest } from '../tests/browser/lib/site.mjs';

const { dir } = siteUnderTest();
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function typingTimes() {
  const site = await openSite({ dir });
  try {
    const { page } = await visit(site.context, site.origin, shareUrl(largePlan(30)));
    await waitForResults(page);
    return await page.evaluate(async () => {
      const input = document.getElementById('post-15-salary');
      const claim = document.getElementById('total-claim');
      const changed = (before) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('#total-claim did not change within 5 s')), 5000);
        const observer = new MutationObserver(() => {
          if (claim.textContent !== before) { observer.disconnect(); clearTimeout(timer); resolve(); }
        });
        observer.observe(claim, { childList: true, characterData: true, subtree: true });
      });
      const out = [];
      for (let i = 0; i < 100; i += 1) {
        const updated = changed(claim.textContent);
        input.value = String(25000 + (i + 1) * 7);
        const start = performance.now();
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await updated;
        out.push(performance.now() - start);
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      }
      return out;
    });
  } finally {
    await site.close();
  }
}

async function throttledLoad(gzip) {
  const site = await openSite({ dir, gzip });
  try {
    const times = [];
    for (let run = 0; run < 3; run += 1) {
      const page = await openLargePlanOnSlowNetwork(site);
      times.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
    return times.sort((a, b) => a - b)[1];
  } finally {
    await site.close();
  }
}

const times = (await typingTimes()).sort((a, b) => a - b);
console.log(`30-post plan, typing in a salary → #total-claim updated: median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms (100 edits)`);
console.log(`25-post plan by link at 1.6 Mbps / 300 ms RTT, first results: ${(await throttledLoad(true)).toFixed(0)} ms served gzipped, ${(await throttledLoad(false)).toFixed(0)} ms uncompressed (median of 3)`);
const documents = await readDocuments(dir);
const first = calculatorWeight(dir, documents, publicOrigin(dir), true);
const all = calculatorWeight(dir, documents, publicOrigin(dir));
console.log(`calculator wasm + JS for the first results: ${first.total} bytes gzipped (wasm ${first.wasm}, JS ${first.js}; ${first.files.length} files)`);
console.log(`calculator wasm + JS with every feature used: ${all.total} bytes gzipped (wasm ${all.wasm}, JS ${all.js}; ${all.files.length} files)`);
