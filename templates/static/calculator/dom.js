// Small helpers that build page elements without HTML strings (no innerHTML anywhere), so text
// from links and files is always shown as text.

/** An element with attributes and children (strings become text). */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/**
 * A captioned table in a keyboard-scrollable region. `columns` are headings (the first is the
 * row header); `rows` are `{ cells, className }`; cells after the first are right-aligned
 * unless `options.left` lists their index.
 */
export function dataTable(id, caption, columns, rows, options = {}) {
  const left = new Set(options.left || []);
  const align = (index) => (index === 0 || left.has(index) ? null : 'align-right');
  return el('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': id + '-caption' },
    el('table', { id, class: options.className || null },
      el('caption', { id: id + '-caption' }, caption),
      el('thead', {}, el('tr', {}, columns.map((heading, index) => el('th', { scope: 'col', class: align(index) }, heading)))),
      el('tbody', {}, rows.map((row) => el('tr', { class: row.className || null },
        el('th', { scope: 'row' }, row.cells[0]),
        row.cells.slice(1).map((cell, index) => el('td', { class: align(index + 1) }, cell)))))));
}

/** Offers `text` as a file download called `name`. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * How to find `node` again after its list is rebuilt: its id, or else its tag and data-
 * attributes (the scenario panel's buttons carry the post and scenario they act on).
 */
function findAgain(node) {
  if (node.id) return `#${CSS.escape(node.id)}`;
  const data = Array.from(node.attributes).filter((attribute) => attribute.name.startsWith('data-'));
  return data.length ? node.localName + data.map((a) => `[${a.name}="${CSS.escape(a.value)}"]`).join('') : null;
}

/**
 * Runs `render`, which rebuilds what is inside `container`. A control the reader had focused in
 * it is focused again afterwards, with its text selection, so a re-render (a year's rules
 * arriving, a panel opening) never drops the keyboard user's place (WCAG 2.4.3).
 */
export function keepingFocus(container, render) {
  const active = document.activeElement;
  const selector = active && container.contains(active) ? findAgain(active) : null;
  const selection = selector && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
  render();
  if (!selector || active.isConnected) return;
  const again = container.querySelector(selector);
  if (!again) return;
  again.focus({ preventScroll: true });
  if (selection && typeof again.selectionStart === 'number') again.setSelectionRange(...selection);
}
