// The posts of a scenario: which of the plan's posts it keeps (a post left out is one of the
// scenario's `remove_posts`), and the posts it adds, each with a short editor. Changing one of
// the plan's posts in a scenario leaves the original out and adds an editable copy. Only inputs
// are built here; reading them is the caller's job, and every figure comes from the rules core.

import { el } from './dom.js';
import { scenarioPostFieldId } from './errors.js';
import { money } from './format.js';
import { payAreas } from './team.js';

const UNIT_NAMES = { wte: 'WTE', hours: 'hours a week', sessions: 'sessions a week' };

/** `Scenario B` for scenario index 0 (the plan itself is A). */
export function scenarioLetter(index) {
  return String.fromCharCode(66 + index);
}

function roleName(choices, id) {
  const role = choices.roles.find((r) => r.id === id);
  return role ? role.name : id || 'no role chosen yet';
}

/** A plan post in a few words, from what was typed: `Post 2: Paramedic (Lead), £48,000 typed, 1 WTE`. */
function basePostText(post, number, choices) {
  const label = post.label ? ` (${post.label})` : '';
  // A plain typed number is shown with its pound sign and separators; anything else as typed.
  const typed = post.salary.trim();
  const salary = post.pay_point ? ' at a pay point' : typed ? `, salary ${/^\d+(\.\d+)?$/.test(typed) ? money(typed) : typed}` : '';
  const time = post.time.value ? `, ${post.time.value} ${UNIT_NAMES[post.time.unit] || post.time.unit}` : '';
  const count = post.count && post.count !== '1' ? `, ${post.count} posts` : '';
  return `Post ${number}: ${roleName(choices, post.role)}${label}${salary}${time}${count}`;
}

function fieldWithError(id, text, control, hint) {
  if (hint) control.setAttribute('aria-describedby', id + '-hint');
  return el('div', { class: 'field' }, el('label', { for: id }, text),
    hint ? el('p', { class: 'hint', id: id + '-hint' }, hint) : null,
    el('p', { class: 'error-message', id: id + '-error', hidden: true }), control);
}

/** The editor of added post `k` of scenario `index`; `startYear` is the calendar year its financial year starts in (for the hint). */
function addedPostEditor(post, index, k, choices, startYear) {
  const n = index + 1;
  const id = (field) => scenarioPostFieldId(n, k + 1, field);
  const data = { 'data-scenario': String(index), 'data-added': String(k) };
  const text = (field, value, extra) => {
    const node = el('input', { id: id(field), type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-field': field, ...data, ...extra });
    node.value = value;
    return node;
  };
  const select = (field, options, value) => {
    const node = el('select', { id: id(field), 'data-field': field, ...data }, options.map(([v, t]) => el('option', { value: v }, t)));
    node.value = options.some(([v]) => v === value) ? value : options[0][0];
    return node;
  };
  const roles = [['', 'Choose a role'], ...choices.roles.map((r) => [r.id, `${r.name} (${r.band_label})`])];
  if (post.role && !choices.roles.some((r) => r.id === post.role)) roles.push([post.role, post.role]);
  const areas = payAreas(choices, post.role, post.region);
  const letter = scenarioLetter(index);
  return el('li', { class: 'scenario-post' }, el('fieldset', {},
    el('legend', { id: id('legend'), tabindex: '-1' }, `Scenario ${letter}, added post ${k + 1}${post.label ? `: ${post.label}` : ''}`),
    el('div', { class: 'field-row' },
      fieldWithError(id('role'), 'Role', select('role', roles, post.role)),
      fieldWithError(id('region'), 'Pay area', select('region', areas.options, areas.value)),
      fieldWithError(id('salary'), 'Full-time annual salary, £', text('salary', post.salary, { inputmode: 'decimal', class: 'input-money' })),
      el('div', { class: 'field' }, el('label', { for: id('working_time') }, 'Working time'),
        el('p', { class: 'error-message', id: id('working_time') + '-error', hidden: true }),
        el('span', { class: 'time-pair' }, text('time', post.time.value, { id: id('working_time'), inputmode: 'decimal', class: 'input-time' }),
          el('label', { for: id('unit'), class: 'visually-hidden' }, `Working time measured as, scenario ${letter}, added post ${k + 1}`),
          select('unit', Object.entries(UNIT_NAMES), post.time.unit)))),
    el('div', { class: 'field-row' },
      fieldWithError(id('from'), 'Start date (optional)', text('from', post.from, { class: 'input-date' }), `Day/month/year, like 1/10/${startYear}`),
      fieldWithError(id('to'), 'End date (optional)', text('to', post.to, { class: 'input-date' }))),
    el('div', { class: 'field checkbox' },
      el('input', { id: id('award'), type: 'checkbox', 'data-field': 'award', ...data, checked: Boolean(post.award) }),
      el('label', { for: id('award') }, 'Apply the scenario’s pay award to this salary, as for the plan’s posts')),
    el('p', {}, el('button', { type: 'button', class: 'button-small button-remove', 'data-remove-scenario-post': String(k), 'data-scenario': String(index) },
      'Remove', el('span', { class: 'visually-hidden' }, ` added post ${k + 1} from scenario ${letter}`)))));
}

/** The posts part of scenario `index` (0-based) of the page's state. */
export function scenarioPosts(scenario, index, posts, choices) {
  const n = index + 1;
  const letter = scenarioLetter(index);
  const hintId = `scenario-${n}-posts-hint`;
  const kept = posts.map((post, i) => {
    const number = i + 1;
    const keepId = `scenario-${n}-keep-${number}`;
    const checkbox = el('input', { id: keepId, type: 'checkbox', 'data-scenario': String(index), 'data-keep': String(number), checked: !scenario.remove_posts.includes(number) });
    return el('li', { class: 'scenario-base-post' },
      el('div', { class: 'field checkbox' }, checkbox, el('label', { for: keepId }, basePostText(post, number, choices))),
      el('button', { type: 'button', class: 'button-small', 'data-change-post': String(number), 'data-scenario': String(index) },
        'Change', el('span', { class: 'visually-hidden' }, ` post ${number} in scenario ${letter}`)));
  });
  // The hint's example date is in the scenario's year (or the plan's, when it follows the plan).
  const startYear = /^\d{4}-/.test(scenario.year) ? scenario.year.slice(0, 4) : choices.first_day.slice(0, 4);
  return el('fieldset', { class: 'scenario-posts', 'aria-describedby': hintId },
    el('legend', {}, `Posts in scenario ${letter}`),
    el('p', { class: 'hint', id: hintId }, 'Untick a post to leave it out of this scenario. “Change” leaves the post out and adds a copy to edit below. ' +
      'A changed post keeps the scenario’s pay award, as the plan’s posts do; a new post is paid the salary typed for it.'),
    el('ul', { class: 'scenario-base-posts' }, kept),
    scenario.add_posts.length ? el('ul', { class: 'scenario-added-posts' }, scenario.add_posts.map((post, k) => addedPostEditor(post, index, k, choices, startYear))) : null,
    el('p', {}, el('button', { type: 'button', class: 'button-secondary', 'data-add-scenario-post': String(index) },
      'Add a post to scenario ', letter)));
}
