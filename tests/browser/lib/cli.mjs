// Runs the real `arrs-guide` binary, so the calculator can be compared with the command line.

import { execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, temporaryDir } from './site.mjs';

/** The newest built `arrs-guide` binary (release or debug), or `ARRS_GUIDE_BIN`; null if none. */
export function arrsGuideBinary() {
  if (process.env.ARRS_GUIDE_BIN) return process.env.ARRS_GUIDE_BIN;
  const candidates = ['target/release/arrs-guide', 'target/debug/arrs-guide']
    .map((relative) => join(repoRoot, relative))
    .filter((file) => existsSync(file));
  candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return candidates[0] ?? null;
}

/**
 * `arrs-guide plan posts.csv --year Y --weighted-population N --format json` for `posts`
 * (`[role, region, salary, wte, from?, to?]` each); resolves to the parsed JSON.
 */
export function planJson(binary, { year, population, posts }) {
  const dir = temporaryDir('arrs-plan-');
  const csv = join(dir, 'posts.csv');
  const rows = posts.map((post) => [...post, '', ''].slice(0, 6).join(','));
  writeFileSync(csv, `role,region,salary,wte,from,to\n${rows.join('\n')}\n`);
  const output = execFileSync(binary, ['plan', csv, '--year', year, '--weighted-population', String(population), '--format', 'json'], {
    encoding: 'utf8',
    cwd: repoRoot,
  });
  return JSON.parse(output);
}

/** The calculator URL (`/calculator/?year=…&population=…&post=…`) for the same plan. */
export function calculatorUrl({ year, population, posts }) {
  const params = new URLSearchParams({ year, population: String(population) });
  for (const post of posts) params.append('post', post.join(','));
  return `/calculator/?${params.toString().replace(/%2C/g, ',')}`;
}

/**
 * A decimal string (`"-1234.5"`) as the calculator shows money: `£12,345.67`, `−£1,234.50`, and
 * whole pounds without pence (`£52,000`).
 */
export function formatPounds(decimal) {
  const negative = decimal.trim().startsWith('-');
  const [whole, fraction = ''] = decimal.trim().replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const pence = fraction.padEnd(2, '0').slice(0, 2);
  return `${negative ? '−' : ''}£${grouped}${pence === '00' ? '' : `.${pence}`}`;
}

/** A shown money value back to a decimal string with two places: `−£1,234.5` → `-1234.50`, `£52,000` → `52000.00`. */
export function parsePounds(shown) {
  const text = shown.trim().replace(/\u2212/g, '-');
  const match = /^(-?)£(\d{1,3}(?:,\d{3})*)(?:\.(\d{2}))?$/.exec(text);
  if (!match) return null;
  const value = `${match[1]}${match[2].replace(/,/g, '')}.${match[3] ?? '00'}`;
  return value === '-0.00' ? '0.00' : value;
}
