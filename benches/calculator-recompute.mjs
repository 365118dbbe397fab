// Benchmark: how long the calculator page takes to recompute a 10-post plan in headless Chromium
// (Debian's /usr/bin/chromium), from an edit of the weighted population to updated results.
// Each edit dispatches an `input` event and waits, with a MutationObserver, until `#entitlement`
// shows the new figure: the whole recompute (rules core in WebAssembly, then the DOM). Prints the
// median and 90th percentile of 50 edits, and the gzipped weight of what the page loads.
//
// Usage: node benches/calculator-recompute.mjs   (after `arrs-guide build`; needs `npm ci`)

import { openSite, visit } from '../tests/browser/lib/browser.mjs';
import { calculatorUrl } from '../tests/browser/lib/cli.mjs';
import { calculatorWeight } from '../tests/browser/lib/budget-check.mjs';
import { readDocuments } from '../tests/browser/lib/documents.mjs';
import { publicOrigin, siteUnderTest } from '../tests/browser/lib/site.mjs';

const roles = [
  ['clinical-pharmacist', 'national', '52000', '1'],
  ['pharmacy-technician', 'national', '33000', '1'],
  ['first-contact-physiotherapist', 'outer-london', '56000', '0.8'],
  ['paramedic', 'national', '50000', '1', '2025-07-01'],
  ['social-prescribing-link-worker', 'national', '30000', '1'],
  ['care-coordinator', 'inner-london', '29000', '0.6'],
  ['health-and-wellbeing-coach', 'national', '31000', '1', '2025-04-01', '2025-12-31'],
  ['advanced-practitioner', 'national', '60000', '1'],
  ['dietitian', 'national', '48000', '0.4'],
  ['general-practitioner', 'national', '90000', '0.666667'],
];
const plan = { year: '2025-26', population: 30000, posts: roles };

const { dir } = siteUnderTest();
const site = await openSite({ dir });
try {
  const { page } = await visit(site.context, site.origin, calculatorUrl(plan));
  await page.waitForFunction(() => /£/.test(document.getElementById('total-claim')?.textContent ?? ''), null, { timeout: 20000 });
  const times = await page.evaluate(async () => {
    const input = document.getElementById('population');
    const entitlement = document.getElementById('entitlement');
    const changed = (before) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('results did not update within 5 s')), 5000);
        const observer = new MutationObserver(() => {
          if (entitlement.textContent !== before) {
            observer.disconnect();
            clearTimeout(timer);
            resolve();
          }
        });
        observer.observe(entitlement, { childList: true, characterData: true, subtree: true });
      });
    const out = [];
    for (let i = 0; i < 50; i++) {
      const before = entitlement.textContent;
      const updated = changed(before);
      input.value = String(30000 + i + 1);
      const start = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await updated;
      out.push(performance.now() - start);
    }
    return out;
  });
  times.sort((a, b) => a - b);
  const documents = await readDocuments(dir);
  const weight = calculatorWeight(dir, documents, publicOrigin(dir));
  console.log(`10-post plan recompute in Chromium: median ${times[25].toFixed(1)} ms, p90 ${times[45].toFixed(1)} ms, max ${times[49].toFixed(1)} ms (50 edits)`);
  console.log(`calculator wasm + JS loaded by the page: ${weight.total} bytes gzipped (wasm ${weight.wasm}, JS ${weight.js})`);
} finally {
  await site.close();
}
