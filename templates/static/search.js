// Site search that needs no server.
//
// Without JavaScript the header form (`form[role=search]`, input `#search-q`) submits to the
// A–Z page at /search/. With JavaScript this module turns the same input into a search-as-you-type
// box: on first focus or input it fetches `/search-index.json` once (title, url, headings,
// summary, aliases per page) and shows the matching pages as a list of links under the site header.
//
// Matching: every word of the query must match a word of the page (its title, aliases, headings
// or summary) exactly, as a prefix, or — for words of four letters or more — within one typo
// (one letter added, dropped, changed, or two neighbours swapped). Role aliases such as "FCP"
// or "SPLW" therefore find their role, and "paramedc" still finds the paramedic page.
//
// Results are links, not ARIA options, so they keep every native link behaviour (open in a new
// tab, copy address). Keyboard: Down arrow from the box moves into the results (reopening them
// after Escape), Up/Down move between them, Escape closes the list and returns to the box.
// A polite live region announces how many pages match. Nothing is stored: no cookies, no
// localStorage, no sessionStorage.

const MAX_RESULTS = 8;
const FUZZY_MIN_LENGTH = 4;

// Where each field of a page counts in the ranking: a match in an alias or the title matters
// more than one in a heading, which matters more than one in the summary.
const FIELD_WEIGHTS = { aliases: 8, title: 6, headings: 3, summary: 1 };
// How well a query word matched: exactly, as the start of a word, or within one typo.
const MATCH_WEIGHTS = { exact: 3, prefix: 2, typo: 1 };
// Bonus when the whole query is found in the title, or in one alias: "clinical pharmacist" ranks
// the page of that name above a page that has "clinical" in one place and "pharmacist" in another.
const WHOLE_TITLE_BONUS = 20;
const WHOLE_ALIAS_BONUS = 15;

/** Lower-cases, strips accents and splits text into words of letters and digits. */
export function words(text) {
  return String(text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * True when `a` becomes `b` by at most one edit: one letter inserted, deleted or replaced, or
 * two neighbouring letters swapped. Runs in one pass over the shorter word.
 */
export function withinOneEdit(a, b) {
  if (a === b) return true;
  const lengthGap = Math.abs(a.length - b.length);
  if (lengthGap > 1) return false;
  if (lengthGap === 1) {
    const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
    let i = 0;
    while (i < shorter.length && shorter[i] === longer[i]) i += 1;
    return shorter.slice(i) === longer.slice(i + 1);
  }
  let i = 0;
  while (a[i] === b[i]) i += 1;
  if (a.slice(i + 1) === b.slice(i + 1)) return true; // one letter replaced
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
}

/** How a query word matches a page word: 'exact', 'prefix', 'typo' or null. */
function wordMatch(queryWord, pageWord) {
  if (pageWord === queryWord) return 'exact';
  if (pageWord.startsWith(queryWord)) return 'prefix';
  if (queryWord.length >= FUZZY_MIN_LENGTH && withinOneEdit(queryWord, pageWord)) return 'typo';
  return null;
}

/** Text of a heading entry, whether the index stores headings as strings or objects. */
function headingText(heading) {
  return typeof heading === 'string' ? heading : (heading?.text ?? heading?.title ?? '');
}

/** Prepares one index entry for matching: the words of each field, computed once. */
export function prepareEntry(entry) {
  const list = (value) => (Array.isArray(value) ? value : value ? [value] : []);
  return {
    title: String(entry.title ?? ''),
    url: String(entry.url ?? ''),
    summary: String(entry.summary ?? ''),
    aliasWords: list(entry.aliases).map(words),
    fields: {
      aliases: list(entry.aliases).flatMap(words),
      title: words(entry.title),
      headings: list(entry.headings).map(headingText).flatMap(words),
      summary: words(entry.summary),
    },
  };
}

/**
 * Score of one query word against one prepared page: for each field, its best match, added up
 * over the fields (a word in the title and the summary beats a word in the title alone). 0 when
 * the word matches nowhere.
 */
function scoreWord(queryWord, prepared) {
  let total = 0;
  for (const [field, pageWords] of Object.entries(prepared.fields)) {
    let best = 0;
    for (const pageWord of pageWords) {
      const kind = wordMatch(queryWord, pageWord);
      if (kind) best = Math.max(best, FIELD_WEIGHTS[field] * MATCH_WEIGHTS[kind]);
    }
    total += best;
  }
  return total;
}

/** True when every query word matches some word of `pageWords`. */
function covers(queryWords, pageWords) {
  return queryWords.every((queryWord) => pageWords.some((pageWord) => wordMatch(queryWord, pageWord)));
}

/** Pages matching every word of `query`, best first, at most `limit`. */
export function search(preparedEntries, query, limit = MAX_RESULTS) {
  const queryWords = words(query);
  if (queryWords.length === 0) return [];
  const scored = [];
  for (const prepared of preparedEntries) {
    let total = 0;
    for (const queryWord of queryWords) {
      const score = scoreWord(queryWord, prepared);
      if (score === 0) {
        total = 0;
        break;
      }
      total += score;
    }
    if (total === 0) continue;
    if (covers(queryWords, prepared.fields.title)) total += WHOLE_TITLE_BONUS;
    if (prepared.aliasWords.some((alias) => covers(queryWords, alias))) total += WHOLE_ALIAS_BONUS;
    scored.push({ prepared, total });
  }
  scored.sort((x, y) => y.total - x.total || x.prepared.title.localeCompare(y.prepared.title));
  return scored.slice(0, limit).map(({ prepared }) => prepared);
}

/** The index's pages, whether the file is a bare array or `{ "pages": [...] }`. */
function indexEntries(data) {
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data.pages)) return data.pages;
  return [];
}

/**
 * The results area: the page's own `#search-results` element where it has one (the A–Z page),
 * otherwise a new one placed right after the site header (or the form, outside a header).
 */
function createResultsArea(form, input) {
  let area = document.getElementById('search-results');
  if (!area) {
    area = document.createElement('div');
    area.className = 'search-results wrap';
    area.id = 'search-results';
    // Below the site header when the form is in it, so the results sit on the page's own colours.
    (form.closest('header') ?? form).after(area);
  }

  const status = document.createElement('p');
  status.className = 'search-results__status';
  if (!area.hasAttribute('aria-live')) status.setAttribute('role', 'status');

  const list = document.createElement('ul');
  list.className = 'search-results__list';
  list.id = 'search-results-list';
  list.setAttribute('aria-label', 'Search results');
  list.hidden = true;

  area.append(status, list);
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('autocomplete', 'off');
  return { area, status, list };
}

/** One result: a link to the page with its summary under it. */
function resultItem(prepared) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = prepared.url;
  link.textContent = prepared.title;
  item.append(link);
  if (prepared.summary) {
    const summary = document.createElement('span');
    summary.className = 'search-results__summary';
    summary.textContent = prepared.summary;
    item.append(' ', summary);
  }
  return item;
}

function resultsSentence(count, query) {
  if (count === 0) return `No pages match “${query}”. Press Enter to see every page from A to Z.`;
  return count === 1 ? '1 page matches.' : `${count} pages match.`;
}

/** Wires the header search box: lazy index loading, results as you type, keyboard moves. */
function enhance(form, input) {
  const { area, status, list } = createResultsArea(form, input);

  const indexUrl = new URL('../search-index.json', import.meta.url);
  let entriesPromise = null;
  const loadEntries = () => {
    entriesPromise ??= fetch(indexUrl, { credentials: 'same-origin' })
      .then((response) => {
        if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
        return response.json();
      })
      .then((data) => indexEntries(data).map(prepareEntry))
      .catch(() => {
        entriesPromise = null;
        status.textContent = 'Search is not available right now. Press Enter to see every page from A to Z.';
        return [];
      });
    return entriesPromise;
  };

  const close = () => {
    list.hidden = true;
  };

  let latestQuery = '';
  const update = async () => {
    const query = input.value.trim();
    latestQuery = query;
    const entries = await loadEntries();
    if (query !== latestQuery) return; // a newer keystroke has taken over
    list.replaceChildren();
    if (!query) {
      status.textContent = '';
      close();
      return;
    }
    const results = search(entries, query);
    list.append(...results.map(resultItem));
    status.textContent = resultsSentence(results.length, query);
    list.hidden = results.length === 0;
  };

  const links = () => [...list.querySelectorAll('a')];

  input.addEventListener('focus', loadEntries, { once: true });
  input.addEventListener('input', update);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && links().length > 0) {
      event.preventDefault();
      list.hidden = false; // reopens a list closed with Escape
      links()[0].focus();
    } else if (event.key === 'Escape') {
      close();
    }
  });
  list.addEventListener('keydown', (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === 'ArrowDown' && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
      input.focus();
    }
  });
  // Close the list when focus leaves the search box and its results.
  document.addEventListener('focusin', (event) => {
    if (!form.contains(event.target) && !area.contains(event.target)) close();
  });
  document.addEventListener('click', (event) => {
    if (!form.contains(event.target) && !area.contains(event.target)) close();
  });

  // On the A–Z page a submitted query (`/search/?q=…`) shows its matches straight away.
  const submitted = new URLSearchParams(window.location.search).get('q');
  if (submitted && !input.value) input.value = submitted;
  if (input.value.trim()) update();
}

// Guarded so the matching functions above can also be imported outside a browser (unit tests).
const searchInput = typeof document === 'undefined' ? null : document.getElementById('search-q');
const searchForm = searchInput?.closest('form');
if (searchInput && searchForm) enhance(searchForm, searchInput);
