// Site search that needs no server.
//
// Without JavaScript the header form (`form[role=search]`, input `#search-q`) submits to the
// A–Z page at /search/. With JavaScript this module turns the same input into a search-as-you-type
// box. Nothing is loaded until the reader uses the box: on first focus or input it imports
// search-engine.js (full-text ranking with MiniSearch, stemming, stop words, typo tolerance and
// the editors' synonyms) and fetches `/search-index.json`, once.
//
// Results are links, not ARIA options, so they keep every native link behaviour (open in a new
// tab, copy address). Each shows the page's summary, or the words around the match when only the
// body matched. The status line says what was searched: the words used, the common words left
// out and the synonyms added. Keyboard: Down arrow from the box moves into the results
// (reopening them after Escape), Up/Down move between them, Escape closes the list and returns
// to the box. A polite live region announces how many pages match. Nothing is stored: no
// cookies, no localStorage, no sessionStorage.

const MAX_RESULTS = 8;
// The A–Z page has room for more.
const MAX_RESULTS_ON_SEARCH_PAGE = 20;

/** “a”, “a and b”, “a, b and c”. */
function listed(items) {
  const quoted = items.map((item) => `“${item}”`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/**
 * What the status line says: what was searched for, how many pages match (`total`, of which
 * `shown` are listed), and what the search did with the words (common words left out, synonyms
 * added).
 */
export function resultsSentence(total, shown, searched) {
  const count = total === 0 ? 'no pages match' : total === 1 ? '1 page' : `${total} pages`;
  const best = shown < total ? `, the best ${shown} shown` : '';
  const parts = [`Results for “${searched.query}”: ${count}${best}.`];
  for (const { typed, also } of searched.synonyms) parts.push(`“${typed}” also searched as ${listed(also)}.`);
  if (searched.ignored.length > 0) parts.push(`Common words left out: ${searched.ignored.join(', ')}.`);
  if (total === 0) parts.push('Try other words, or press Enter to see every page from A to Z.');
  return parts.join(' ');
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

/** One result: a link to the page with its summary, or the words around the match, under it. */
function resultItem(result) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = result.url;
  link.textContent = result.title;
  item.append(link);
  const description = result.snippet || result.summary;
  if (description) {
    const summary = document.createElement('span');
    summary.className = 'search-results__summary';
    summary.textContent = description;
    item.append(' ', summary);
  }
  return item;
}

/** Wires the header search box: lazy loading, results as you type, keyboard moves. */
function enhance(form, input) {
  const { area, status, list } = createResultsArea(form, input);
  const limit = area.hasAttribute('aria-live') ? MAX_RESULTS_ON_SEARCH_PAGE : MAX_RESULTS;

  const indexUrl = new URL('../search-index.json', import.meta.url);
  let enginePromise = null;
  const loadEngine = () => {
    enginePromise ??= Promise.all([
      // A literal specifier, so the build can point it at the engine's fingerprinted name.
      import('./search-engine.js'),
      fetch(indexUrl, { credentials: 'same-origin' }).then((response) => {
        if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
        return response.json();
      }),
    ])
      .then(([engine, data]) => engine.createSearch(data))
      .catch(() => {
        enginePromise = null;
        status.textContent = 'Search is not available right now. Press Enter to see every page from A to Z.';
        return null;
      });
    return enginePromise;
  };

  const close = () => {
    list.hidden = true;
  };

  let latestQuery = '';
  const update = async () => {
    const query = input.value.trim();
    latestQuery = query;
    const engine = await loadEngine();
    if (query !== latestQuery || !engine) return; // a newer keystroke has taken over
    list.replaceChildren();
    if (!query) {
      status.textContent = '';
      close();
      return;
    }
    const { results, total, searched } = engine.search(query, limit);
    list.append(...results.map(resultItem));
    status.textContent = resultsSentence(total, results.length, searched);
    list.hidden = results.length === 0;
  };

  const links = () => [...list.querySelectorAll('a')];

  input.addEventListener('focus', loadEngine, { once: true });
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

// Guarded so `resultsSentence` can also be imported outside a browser (unit tests).
const searchInput = typeof document === 'undefined' ? null : document.getElementById('search-q');
const searchForm = searchInput?.closest('form');
if (searchInput && searchForm) enhance(searchForm, searchInput);
