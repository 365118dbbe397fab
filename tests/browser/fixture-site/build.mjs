// Builds the small hand-made fixture site the browser suite can run against when the real site
// is not built (ARRS_SITE=fixture). It has the same shape as the real output: one `h1`, a skip
// link, the header search form, a CSP meta on every page, a sitemap, a search index, `_headers`,
// a 404 page, and the search scripts (`static/search.js`, `static/search-engine.js` and
// `static/vendor/`) copied from `templates/static/` exactly as the build does.

import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const staticDir = join(here, '../../../templates/static');
const baseUrl = 'https://arrs-guide.example.org';

const nhsSource = {
  title: 'Network Contract DES: Additional Roles Reimbursement Scheme guidance',
  url: 'https://www.england.nhs.uk/gp/investment/gp-contract/network-contract-directed-enhanced-service-des/',
};

/** The fixture's pages: URL path, title, summary, aliases, headings and body HTML. */
const pages = [
  {
    path: '/',
    title: 'ARRS Guide',
    summary: 'An independent guide to the Additional Roles Reimbursement Scheme.',
    body: `<p>An independent guide to the Additional Roles Reimbursement Scheme for primary care networks.</p>
<h2 id="start">Start here</h2>
<ul><li><a href="/roles/">Compare every role</a></li><li><a href="/calculator/">Work out what you can claim</a></li><li><a href="/faq/#part-time">Part-time posts</a></li></ul>`,
  },
  {
    path: '/roles/',
    title: 'Roles',
    summary: 'Every role the scheme reimburses, compared.',
    body: `<table><caption>Roles compared</caption><thead><tr><th scope="col">Role</th><th scope="col">Category</th></tr></thead>
<tbody>
<tr><td><a href="/roles/clinical-pharmacist/">Clinical pharmacist</a></td><td>Clinical</td></tr>
<tr><td><a href="/roles/first-contact-physiotherapist/">First-contact physiotherapist</a></td><td>Clinical</td></tr>
<tr><td><a href="/roles/paramedic/">Paramedic</a></td><td>Clinical</td></tr>
<tr><td><a href="/roles/social-prescribing-link-worker/">Social prescribing link worker</a></td><td>Non-clinical</td></tr>
</tbody></table>`,
  },
  role('clinical-pharmacist', 'Clinical pharmacist', ['CP'], 'Reviews medicines and runs clinics for long-term conditions.'),
  role('first-contact-physiotherapist', 'First-contact physiotherapist', ['FCP', 'physio'], 'Sees patients with muscle and joint problems without a GP referral.'),
  role('paramedic', 'Paramedic', [], 'Sees urgent same-day patients and does home visits.'),
  role('social-prescribing-link-worker', 'Social prescribing link worker', ['SPLW', 'link worker'], 'Connects people to community groups and services.'),
  {
    path: '/calculator/',
    title: 'Funding calculator',
    summary: 'Work out what a post costs and what you can claim.',
    calculator: true,
    body: `<p>The calculator needs JavaScript. The formula and the caps are below.</p>
<form action="/calculator/" method="get" novalidate>
<div><label for="population">Weighted population</label> <input type="text" inputmode="numeric" id="population" name="population"></div>
<div><label for="wte">Whole-time equivalent (WTE)</label> <input type="text" inputmode="decimal" id="wte" name="wte"></div>
<button type="submit">Calculate</button>
</form>
<dl>
<dt>Entitlement</dt><dd><output id="entitlement"></output></dd>
<dt>Total cost</dt><dd><output id="total-cost"></output></dd>
<dt>Total claim</dt><dd><output id="total-claim"></output></dd>
<dt>Top-up</dt><dd><output id="total-top-up"></output></dd>
<dt>Headroom</dt><dd><output id="headroom"></output></dd>
</dl>`,
  },
  {
    path: '/faq/',
    title: 'Frequently asked questions',
    summary: 'Answers to the questions PCN managers ask most.',
    headings: ['Part-time posts'],
    body: `<h2 id="part-time">Can we claim for part-time posts?</h2>
<p>Yes. Claims are pro rata to the <a href="/roles/">role's</a> whole-time equivalent.</p>`,
  },
  {
    path: '/search/',
    title: 'Pages A to Z',
    summary: 'Every page of the guide from A to Z.',
    body: '', // filled in below from the other pages
  },
];

function role(id, title, aliases, summary) {
  return {
    path: `/roles/${id}/`,
    title,
    summary,
    aliases,
    role: true,
    headings: ['What the role does', 'Sources'],
    body: `<p>${summary}</p>
<h2 id="what-the-role-does">What the role does</h2>
<p>${title}s work in the practice team. <a href="/calculator/?year=2025-26&amp;post=${id},national,40000,1">Open the calculator for this role</a>.</p>`,
    sources: [nhsSource],
  };
}

const escapeHtml = (text) =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function csp(calculator) {
  const scriptSrc = calculator ? "'self' 'wasm-unsafe-eval'" : "'self'";
  return `default-src 'self'; script-src ${scriptSrc}; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'`;
}

function layout(page) {
  const sources = page.sources?.length
    ? `<h2 id="sources">Sources</h2><ul>${page.sources
        .map((s) => `<li><a href="${escapeHtml(s.url)}">${escapeHtml(s.title)}</a></li>`)
        .join('')}</ul>`
    : '';
  const canonical = page.path === '/404.html' ? '' : `<link rel="canonical" href="${baseUrl}${page.path}">\n`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp(page.calculator)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} – ARRS Guide</title>
<meta name="description" content="${escapeHtml(page.summary)}">
${canonical}<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/site.css">
<script type="module" src="/static/search.js"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<a href="/">ARRS Guide</a> <span>Independent guide, not affiliated with NHS England</span>
<nav aria-label="Main"><ul><li><a href="/roles/">Roles</a></li><li><a href="/calculator/">Calculator</a></li><li><a href="/faq/">FAQ</a></li></ul></nav>
<form action="/search/" method="get" role="search">
<label for="search-q">Search the guide</label>
<input type="search" id="search-q" name="q">
<button type="submit">Search</button>
</form>
</header>
<div class="page">
<main id="main" tabindex="-1">
<h1>${escapeHtml(page.title)}</h1>
${page.body}
${sources}
</main>
<footer><p>Last reviewed 22 November 2026.</p></footer>
</div>
</body>
</html>
`;
}

/** Writes the fixture site into `outDir` (which must be empty or missing). */
export function buildFixtureSite(outDir) {
  const azList = pages
    .filter((p) => p.path !== '/search/')
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((p) => `<li><a href="${p.path}">${escapeHtml(p.title)}</a></li>`)
    .join('\n');
  pages.find((p) => p.path === '/search/').body = `<ul>\n${azList}\n</ul>`;

  const write = (relative, text) => {
    const file = join(outDir, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  for (const page of pages) {
    write(page.path === '/' ? 'index.html' : `${page.path.slice(1)}index.html`, layout(page));
  }
  write(
    '404.html',
    layout({ path: '/404.html', title: 'Page not found', summary: 'This page does not exist.', body: '<p>Try the <a href="/search/">A to Z of pages</a>.</p>' }),
  );
  write(
    'sitemap.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${pages
      .map((p) => `<url><loc>${baseUrl}${p.path}</loc></url>`)
      .join('\n')}\n</urlset>\n`,
  );
  write('robots.txt', `User-agent: *\nAllow: /\nSitemap: ${baseUrl}/sitemap.xml\n`);
  write(
    'search-index.json',
    // The shape the build writes: pages with their body text, synonym groups and stop words.
    JSON.stringify({
      pages: pages.map((p) => ({
        title: p.title,
        url: p.path,
        headings: p.headings ?? [],
        summary: p.summary,
        aliases: p.aliases ?? [],
        body: String(p.body ?? '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim(),
      })),
      synonyms: [['physio', 'physiotherapist']],
      stopWords: ['a', 'an', 'and', 'can', 'do', 'for', 'how', 'the', 'to', 'we'],
    }),
  );
  write(
    '_headers',
    // One rule for every path, as hosts combine matching rules: the policy the calculator needs;
    // each page's CSP meta keeps the stricter policy on the other pages.
    `/*\n  Content-Security-Policy: ${csp(true)}\n  Referrer-Policy: no-referrer\n  X-Content-Type-Options: nosniff\n`,
  );
  write(
    'static/favicon.svg',
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#253746"/></svg>\n',
  );
  mkdirSync(join(outDir, 'static'), { recursive: true });
  copyFileSync(join(here, 'site.css'), join(outDir, 'static/site.css'));
  for (const file of ['search.js', 'search-engine.js']) copyFileSync(join(staticDir, file), join(outDir, 'static', file));
  cpSync(join(staticDir, 'vendor'), join(outDir, 'static/vendor'), { recursive: true });
}
