// The team table: one group of rows per post (the post row and its details editor), built from
// the page's plan state and the year's choices from the rules core, and the figures each post's
// result gives. Rows hold inputs only; reading and checking them is the caller's job.

import { el } from './dom.js';
import { money, workingTime } from './format.js';

const UNIT_NAMES = { wte: 'WTE', hours: 'hours a week', sessions: 'sessions a week' };
const POINT_NAMES = { entry: 'Entry point', intermediate: 'Intermediate point', top: 'Top of the band' };

/** A new, empty post in the page's state (strings as typed). */
export function emptyPost(from = {}) {
  return {
    label: '', role: '', region: 'national', salary: '', band: '', pay_point: '',
    time: { value: '1', unit: 'wte' }, from: '', to: '', pension: true, share: '', count: '1', practice: '',
    ...structuredClone(from),
  };
}

/** The id of a post's input: `post-3-salary`. */
export function postFieldId(number, field) {
  return `post-${number}-${field}`;
}

function label(id, text) {
  return el('label', { for: id, class: 'visually-hidden' }, text);
}

function errorSlot(id) {
  return el('p', { class: 'error-message', id: id + '-error', hidden: true });
}

function select(id, options, value, extra = {}) {
  const node = el('select', { id, ...extra }, options.map(([optionValue, text]) => el('option', { value: optionValue }, text)));
  node.value = options.some(([optionValue]) => optionValue === value) ? value : (options[0] ? options[0][0] : '');
  return node;
}

function textInput(id, value, extra = {}) {
  const node = el('input', { id, type: 'text', autocomplete: 'off', spellcheck: 'false', ...extra });
  node.value = value ?? '';
  return node;
}

function field(id, text, control, hint) {
  if (hint) control.setAttribute('aria-describedby', id + '-hint');
  return el('div', { class: 'field' },
    el('label', { for: id }, text),
    hint ? el('p', { class: 'hint', id: id + '-hint' }, hint) : null,
    errorSlot(id),
    control);
}

/**
 * The pay areas the core offers for `roleId` as select options, and the option showing
 * `region`: a role with one London rate has one "London" choice, which also stands for the other
 * London region a post read from a file may carry. Before a role is chosen, all regions.
 */
export function payAreas(choices, roleId, region) {
  const role = choices.roles.find((r) => r.id === roleId);
  const areas = role ? role.regions : choices.regions.map((r) => ({ ...r, also: [] }));
  const shown = areas.find((area) => area.id === region || area.also.includes(region));
  return { options: areas.map((area) => [area.id, area.label]), value: shown ? shown.id : region };
}

/**
 * Offers in `select` the pay areas of `roleId`, showing `region`, without replacing the element
 * (a keyboard user typing a role name into the role list keeps its type-ahead and focus).
 */
export function showPayAreas(select, choices, roleId, region) {
  const areas = payAreas(choices, roleId, region);
  select.replaceChildren(...areas.options.map(([value, text]) => el('option', { value }, text)));
  select.value = areas.value;
}

/** The role options of the year: `[id, "Name (Band 7–8a)"]`, with an empty first choice. */
function roleOptions(choices, current) {
  const options = [['', 'Choose a role']];
  for (const role of choices.roles) options.push([role.id, `${role.name} (${role.band_label})`]);
  if (current && !choices.roles.some((role) => role.id === current)) options.push([current, `${current} (not in ${choices.year_label})`]);
  return options;
}

/** The group of rows for post `index` (0-based). */
export function postRows(post, index, choices, practices, open) {
  const n = index + 1;
  const id = (name) => postFieldId(n, name);
  const role = choices.roles.find((r) => r.id === post.role) || null;
  const body = el('tbody', { class: 'post' + (open ? ' open' : ''), 'data-index': String(index) });

  const roleSelect = select(id('role'), roleOptions(choices, post.role), post.role, { 'data-field': 'role', 'aria-describedby': id('line') });
  const labelInput = textInput(id('label'), post.label, { 'data-field': 'label', class: 'input-width-20' });
  const salaryInput = textInput(id('salary'), post.salary, { 'data-field': 'salary', inputmode: 'decimal', class: 'input-money' });
  const timeInput = textInput(id('working_time'), post.time.value, { 'data-field': 'time', inputmode: 'decimal', class: 'input-time' });
  const unitSelect = select(id('unit'), Object.entries(UNIT_NAMES), post.time.unit, { 'data-field': 'unit' });

  const row = el('tr', { class: 'post-row' },
    el('th', { scope: 'row', class: 'post-cell' },
      el('span', { class: 'post-number', id: id('number') }, `${n}.`),
      el('span', { class: 'post-inputs' },
        label(id('role'), `Role, post ${n}`), errorSlot(id('role')), roleSelect),
      el('span', { class: 'post-line', id: id('line') }, '')),
    el('td', { class: 'cell-salary', 'data-label': 'Salary' },
      label(id('salary'), `Full-time annual salary in pounds, post ${n}`), errorSlot(id('salary')),
      el('span', { class: 'input-prefix-wrap' }, el('span', { class: 'input-prefix', 'aria-hidden': 'true' }, '£'), salaryInput)),
    el('td', { class: 'cell-time', 'data-label': 'Working time' },
      label(id('working_time'), `Working time, post ${n}`), errorSlot(id('working_time')),
      el('span', { class: 'time-pair' }, timeInput,
        label(id('unit'), `Working time measured as, post ${n}`), unitSelect)),
    el('td', { class: 'align-right num cell-cost', 'data-label': 'Cost' }, el('span', { 'data-out': 'cost' }, '–')),
    el('td', { class: 'align-right num', 'data-label': 'Claim' }, el('span', { 'data-out': 'claim' }, '–'),
      el('span', { class: 'cap-flag', 'data-out': 'flag' })),
    el('td', { class: 'align-right num', 'data-label': 'Top-up' }, el('span', { 'data-out': 'top_up' }, '–')),
    el('td', { class: 'row-actions' },
      el('button', { type: 'button', class: 'button-small', 'data-action': 'details', 'aria-expanded': open ? 'true' : 'false', 'aria-controls': id('editor') },
        open ? 'Close' : 'Change', el('span', { class: 'visually-hidden' }, ` post ${n}`)),
      el('button', { type: 'button', class: 'button-small', 'data-action': 'duplicate' }, 'Duplicate', el('span', { class: 'visually-hidden' }, ` post ${n}`)),
      el('button', { type: 'button', class: 'button-small button-remove', 'data-action': 'remove' }, 'Remove', el('span', { class: 'visually-hidden' }, ` post ${n}`))));

  const areas = payAreas(choices, post.role, post.region);
  const bands = role ? role.bands : [];
  // Mental health practitioners choose the band they are claimed at; for other roles every
  // band the role may be paid at is offered (band 7–8a: bands 7 and 8a).
  const points = !role ? [] : bands.length > 1 ? role.pay_points.filter((p) => p.band === (post.band || role.band)) : role.pay_points;
  const editor = el('tr', { class: 'post-editor', id: id('editor'), hidden: !open },
    el('td', { colspan: '7' },
      el('fieldset', { class: 'editor-fields' },
        el('legend', { id: id('legend'), tabindex: '-1' }, `Post ${n}: details`),
        el('div', { class: 'field-row' },
          field(id('label'), 'Name for this post (optional)', labelInput),
          field(id('region'), 'Pay area', select(id('region'), areas.options, areas.value, { 'data-field': 'region' })),
          field(id('from'), 'Start date (optional)', textInput(id('from'), post.from, { 'data-field': 'from', class: 'input-date' }), `Day/month/year, like 1/10/${choices.first_day.slice(0, 4)}`),
          field(id('to'), 'End date (optional)', textInput(id('to'), post.to, { 'data-field': 'to', class: 'input-date' }), `Like ${choices.last_day.slice(8).replace(/^0/, '')}/3/${choices.last_day.slice(0, 4)}`),
          field(id('count'), 'Number of identical posts', textInput(id('count'), post.count, { 'data-field': 'count', inputmode: 'numeric', class: 'input-width-4' }))),
        el('div', { class: 'field-row' },
          bands.length > 1 ? field(id('band'), 'Band the post is claimed at',
            select(id('band'), bands.map((b) => [b.id, b.label]), post.band || role.band, { 'data-field': 'band' })) : null,
          points.length ? field(id('pay_point'), 'Or use an Agenda for Change pay point',
            select(id('pay_point'), [['', 'No, I typed the salary'], ...points.map((p) => [`${p.band}|${p.point}`, `Band ${p.band}, ${POINT_NAMES[p.point] || p.point}: ${money(p.salary)}`])],
              post.pay_point ? `${post.band || role.band}|${post.pay_point}` : '', { 'data-field': 'pay_point' })) : null,
          role && role.shares && role.shares.length > 1 ? field(id('share'), 'Share claimed through ARRS',
            select(id('share'), role.shares.map((s) => [s, s === '0.5' ? '50% (jointly funded)' : s === '1' ? '100%' : s]), post.share || role.default_share, { 'data-field': 'share' }),
            'Mental health practitioners are jointly funded with the mental health provider.') : null,
          practices.length ? field(id('practice'), 'Employed by',
            select(id('practice'), [['', 'The PCN (shared by the practices)'], ...practices.map((p) => [p.id, p.name || p.id])], post.practice, { 'data-field': 'practice' })) : null),
        el('div', { class: 'field checkbox' },
          el('input', { id: id('pension'), type: 'checkbox', 'data-field': 'pension', checked: post.pension }),
          el('label', { for: id('pension') }, 'In the NHS Pension Scheme')))));
  body.append(row, editor);
  return body;
}

/** Writes a post's result (from the rules core) into its rows. */
export function showPostResult(body, result, post) {
  const out = (name) => body.querySelector(`[data-out="${name}"]`);
  if (!result) {
    for (const name of ['cost', 'claim', 'top_up']) out(name).textContent = '–';
    out('flag').textContent = '';
    return;
  }
  if (post && post.pay_point) {
    // The salary of a pay point is the core's; show it in the salary box.
    const salary = body.querySelector('[data-field="salary"]');
    if (document.activeElement !== salary) salary.value = result.salary.replace(/\.00$/, '');
  }
  out('cost').textContent = money(result.all_posts.cost);
  out('claim').textContent = money(result.all_posts.claim);
  out('top_up').textContent = money(result.all_posts.top_up);
  const flag = out('flag');
  flag.textContent = result.within_cap ? '' : 'above cap';
  flag.hidden = result.within_cap;
  const share = result.share !== '1' ? `, claimed at ${result.share === '0.5' ? '50%' : result.share}` : '';
  const count = result.count > 1 ? ` × ${result.count}` : '';
  body.querySelector('.post-line').textContent =
    `${result.label ? result.label + ': ' : ''}${result.role_name}${count} · ${money(result.salary)} · ${workingTime(result.working_time, result.wte)} · ${result.region_name}${share}`;
}
