// Full-text search over the guide, loaded by search.js only when a reader starts searching.
//
// The index file (/search-index.json, written by the build) holds every page's title, aliases,
// headings, summary and body text, the editors' synonym groups (content/search-synonyms.yaml)
// and the stop words. This module indexes the pages with MiniSearch (BM25 ranking, typo and
// prefix matching; vendored in ./vendor/minisearch) and the Porter stemmer (./vendor/stemmer).
// The same `analyse` step — words, stop words, stem — runs on the pages and on the query, so
// "claiming" finds "claims" and the two sides never disagree.

import MiniSearch from './vendor/minisearch/index.js';
import { stemmer } from './vendor/stemmer/index.js';

const FIELDS = ['title', 'aliases', 'headings', 'summary', 'body'];
// A word in a page's title or aliases matters more than one in a heading or summary, which
// matters more than one in the body.
const FIELD_BOOST = { aliases: 6, title: 5, headings: 2, summary: 2, body: 1 };
// Pages found through a synonym rank a little below pages with the words the reader typed.
const SYNONYM_BOOST = 0.6;
// Typos are forgiven in words of 4 letters or more: 1 edit up to 7 letters, 2 from 8.
const FUZZY_MIN_LENGTH = 4;
// A word of 3 letters or more also finds longer words it starts ("physio", "pharm").
const PREFIX_MIN_LENGTH = 3;
const SNIPPET_LENGTH = 160;

/** Lower-cases, strips accents and splits text into words of letters and digits. */
export function words(text) {
  return String(text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** How many edits a query word (already stemmed) may be from a page word. */
function allowedTypos(term) {
  if (term.length < FUZZY_MIN_LENGTH || /^\d+$/.test(term)) return 0;
  return term.length < 8 ? 1 : 2;
}

/** The text of one field of an index page, lists joined. */
function fieldText(page, field) {
  const value = page[field];
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : (item?.text ?? item?.title ?? ''))).join(' · ');
  return String(value ?? '');
}

/**
 * The search over one index file's data. `search(query, limit)` returns the best `limit` pages,
 * how many pages match in all, and what was searched: the words used, the common words left out
 * and the synonyms added.
 */
export function createSearch(data) {
  const stopWords = new Set(data?.stopWords ?? []);
  /** A query's or a page's words that count, each with its stem. */
  const analyse = (text) => words(text).filter((word) => !stopWords.has(word)).map((word) => ({ word, stem: stemmer(word) }));

  const pages = (Array.isArray(data) ? data : (data?.pages ?? [])).map((page, id) => ({
    id,
    url: String(page.url ?? ''),
    title: String(page.title ?? ''),
    summary: String(page.summary ?? ''),
    body: String(page.body ?? ''),
    fields: Object.fromEntries(FIELDS.map((field) => [field, fieldText(page, field)])),
  }));

  const index = new MiniSearch({
    fields: FIELDS,
    extractField: (page, field) => (field === 'id' ? page.id : page.fields[field]),
    tokenize: words,
    processTerm: (term) => (stopWords.has(term) ? null : stemmer(term)),
    searchOptions: {
      boost: FIELD_BOOST,
      fuzzy: (term) => allowedTypos(term),
      prefix: (term) => term.length >= PREFIX_MIN_LENGTH && !/^\d+$/.test(term),
      combineWith: 'OR',
    },
  });
  index.addAll(pages);

  // Each synonym group as phrases of stems, longest first so "outer London" wins over "London".
  const groups = (data?.synonyms ?? []).map((group) =>
    group
      .map((text) => ({ text, stems: analyse(text).map((t) => t.stem) }))
      .filter((phrase) => phrase.stems.length > 0)
      .sort((a, b) => b.stems.length - a.stems.length),
  );

  /** Queries that swap a phrase of the query for each of its synonyms, and what was swapped. */
  const synonymQueries = (tokens) => {
    const stems = tokens.map((t) => t.stem);
    const queries = [];
    const used = [];
    for (const group of groups) {
      for (const phrase of group) {
        const at = indexOfRun(stems, phrase.stems);
        if (at < 0) continue;
        const others = group.filter((other) => other !== phrase);
        for (const other of others) {
          const swapped = [...tokens.slice(0, at).map((t) => t.word), other.text, ...tokens.slice(at + phrase.stems.length).map((t) => t.word)];
          queries.push(swapped.join(' '));
        }
        used.push({ typed: tokens.slice(at, at + phrase.stems.length).map((t) => t.word).join(' '), also: others.map((o) => o.text) });
        break;
      }
    }
    return { queries, used };
  };

  const search = (query, limit = 8) => {
    const tokens = analyse(query);
    const ignored = words(query).filter((word) => stopWords.has(word));
    const searched = { query: String(query ?? '').trim(), words: tokens.map((t) => t.word), ignored, synonyms: [] };
    if (tokens.length === 0) return { results: [], total: 0, searched };
    const { queries, used } = synonymQueries(tokens);
    searched.synonyms = used;
    const tree = {
      combineWith: 'OR',
      queries: [searched.words.join(' '), ...queries.map((q) => ({ queries: [q], boostTerm: () => SYNONYM_BOOST }))],
    };
    const hits = index.search(tree);
    const results = hits.slice(0, limit).map((hit) => {
      const page = pages[hit.id];
      return { url: page.url, title: page.title, summary: page.summary, snippet: snippet(page, hit), score: hit.score };
    });
    return { results, total: hits.length, searched };
  };

  return { search, analyse };
}

/** Where `run` starts inside `list` (whole items, in order), or -1. */
function indexOfRun(list, run) {
  for (let i = 0; i + run.length <= list.length; i += 1) {
    if (run.every((item, j) => list[i + j] === item)) return i;
  }
  return -1;
}

/**
 * A short extract of the body around the first matched word, when the match is only in the
 * body (otherwise the summary says enough); empty when there is none.
 */
function snippet(page, hit) {
  const fieldsHit = new Set(Object.values(hit.match).flat());
  if (!fieldsHit.has('body') || ['title', 'aliases', 'summary'].some((field) => fieldsHit.has(field))) return '';
  const matched = new Set(hit.terms);
  const pattern = /[\p{L}\p{N}]+/gu;
  let found = null;
  for (let m = pattern.exec(page.body); m; m = pattern.exec(page.body)) {
    const word = words(m[0])[0];
    if (word && matched.has(stemmer(word))) {
      found = m.index;
      break;
    }
  }
  if (found === null) return '';
  const start = Math.max(0, page.body.lastIndexOf(' ', Math.max(0, found - SNIPPET_LENGTH / 3)));
  const end = Math.min(page.body.length, start + SNIPPET_LENGTH);
  const cut = page.body.slice(start, end).trim();
  return `${start > 0 ? '… ' : ''}${end < page.body.length ? cut.replace(/\s+\S*$/, '') : cut}${end < page.body.length ? ' …' : ''}`;
}
