// Internal links and anchors of the built site, and the sitemap against the built pages.

import { fileToUrlPath, htmlFiles, sitemapUrls, urlPathToFile } from './site.mjs';

const NOT_CHECKED_SCHEMES = ['mailto:', 'tel:', 'data:', 'blob:', 'javascript:'];

/**
 * Every same-site reference (`href`, `src`, `action`, …) that points at a missing file, and every
 * `#fragment` that names no element of its target page. `documents` comes from `readDocuments`;
 * `publicOrigin` is the site's own origin, so absolute links to it are checked too.
 */
export function linkProblems(dir, documents, publicOrigin) {
  const problems = [];
  for (const [file, facts] of documents) {
    const pageUrl = new URL(fileToUrlPath(file), publicOrigin);
    for (const reference of facts.references) {
      const raw = reference.url.trim();
      const where = `${file}: <${reference.tag} ${reference.attribute}="${raw}">`;
      if (NOT_CHECKED_SCHEMES.some((scheme) => raw.toLowerCase().startsWith(scheme))) continue;
      let target;
      try {
        target = new URL(raw, pageUrl);
      } catch {
        problems.push(`${where} is not a valid URL`);
        continue;
      }
      if (target.origin !== publicOrigin) continue;
      const targetFile = urlPathToFile(dir, target.pathname);
      if (!targetFile) {
        problems.push(`${where} points at ${target.pathname}, which the build did not write`);
        continue;
      }
      const fragment = decodeURIComponent(target.hash.slice(1));
      if (!fragment || fragment === 'top') continue;
      const targetFacts = documents.get(targetFile);
      if (!targetFacts?.ids.includes(fragment)) {
        problems.push(`${where}: ${targetFile} has no element with id "${fragment}"`);
      }
    }
  }
  return problems;
}

/** Differences between `sitemap.xml` and the built HTML pages (every page but 404.html). */
export function sitemapProblems(dir, publicOrigin) {
  const built = htmlFiles(dir)
    .filter((file) => file !== '404.html')
    .map(fileToUrlPath);
  const listed = sitemapUrls(dir);
  const problems = [];
  for (const url of listed) {
    if (url.origin !== publicOrigin) problems.push(`sitemap lists ${url.href}, outside ${publicOrigin}`);
  }
  const listedPaths = listed.map((url) => url.pathname);
  const duplicates = listedPaths.filter((path, index) => listedPaths.indexOf(path) !== index);
  for (const path of duplicates) problems.push(`sitemap lists ${path} twice`);
  for (const path of built) {
    if (!listedPaths.includes(path)) problems.push(`built page ${path} is missing from sitemap.xml`);
  }
  for (const path of listedPaths) {
    if (!built.includes(path)) problems.push(`sitemap.xml lists ${path}, which is not a built page`);
  }
  return problems;
}
