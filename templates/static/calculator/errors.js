// Showing the rules core's errors the GOV.UK way: a summary of links at the top of the form, and
// each message beside its field (marked invalid and described by the message). The messages are
// the core's; this module only finds the field each one is about.

import { el } from './dom.js';
import { postFieldId } from './team.js';

const POST_FIELDS = new Set(['role', 'label', 'salary', 'working_time', 'region', 'from', 'to', 'count', 'band', 'pay_point', 'share', 'practice', 'pension']);
const PLAN_FIELDS = { year: 'year', weighted_population: 'population', name: 'plan-name' };
const SCENARIO_FIELDS = new Set(['name', 'year', 'pay_award_percent', 'cap_uplift_percent', 'entitlement_growth_percent']);
/** The fields a post added in a scenario has on the page. */
const SCENARIO_POST_FIELDS = new Set(['role', 'region', 'salary', 'working_time', 'from', 'to']);

/** The id of a field of post `added` (from 1) added in scenario `scenario` (from 1). */
export function scenarioPostFieldId(scenario, added, field) {
  return `scenario-${scenario}-add-${added}-${field}`;
}

/**
 * Gives a core error about a post of a scenario (numbered among the scenario's posts: the kept
 * base posts, then the added ones) the number of the added post it is about, if it is one.
 */
export function placeScenarioPost(error, keptPosts) {
  if (!error.scenario || !error.post || error.added) return error;
  const kept = keptPosts(error.scenario);
  return error.post > kept ? { ...error, added: error.post - kept } : error;
}

/** The id of the input an error is about (`post`, `practice`, `scenario` count from 1). */
export function errorTarget(error) {
  const field = error.field || '';
  const postField = ['wte', 'hours', 'sessions', 'unit'].includes(field) ? 'working_time' : SCENARIO_POST_FIELDS.has(field) ? field : 'role';
  if (error.scenario && error.added) return scenarioPostFieldId(error.scenario, error.added, postField);
  if (error.post && !error.scenario) {
    const name = ['wte', 'hours', 'sessions', 'unit'].includes(field) ? 'working_time' : POST_FIELDS.has(field) ? field : 'role';
    return postFieldId(error.post, name);
  }
  if (error.practice) return `practice-${error.practice}-${field === 'name' || field === 'id' ? 'name' : 'value'}`;
  if (error.scenario) return `scenario-${error.scenario}-${SCENARIO_FIELDS.has(field) ? field : 'name'}`;
  return PLAN_FIELDS[field] || (field === 'practices' ? 'add-practice' : 'year');
}

/** The message with where it is: `Post 2: Enter the salary as a number, like 45,000`. */
export function errorText(error) {
  const scenario = error.scenario ? `Scenario ${String.fromCharCode(65 + error.scenario)}` : '';
  const where = error.scenario && error.added ? `${scenario}, added post ${error.added}: `
    : error.scenario && error.post ? `${scenario}, post ${error.post}: `
      : error.post ? `Post ${error.post}: ` : error.practice ? `Practice ${error.practice}: `
        : error.scenario ? `${scenario}: ` : '';
  return where + (error.message || error.problem || 'Check this answer');
}

function clearMarks() {
  for (const message of document.querySelectorAll('.calc-app .error-message')) { message.hidden = true; message.textContent = ''; }
  for (const input of document.querySelectorAll('.calc-app [aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.endsWith('-error'));
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' ')); else input.removeAttribute('aria-describedby');
  }
  for (const cell of document.querySelectorAll('.calc-app .has-error')) cell.classList.remove('has-error');
}

/**
 * Shows `errors` (none: clears them). `openPost(n)` opens post n's details when its field is
 * inside them, so the message can be seen.
 */
export function showErrorList(errors, openPost) {
  clearMarks();
  const list = document.getElementById('error-summary-list');
  list.replaceChildren();
  for (const error of errors) {
    const id = errorTarget(error);
    const text = errorText(error);
    list.append(el('li', {}, el('a', { href: '#' + id }, text)));
    const input = document.getElementById(id);
    if (!input) continue;
    if (error.post && !error.scenario && input.closest('.post-editor')) openPost(error.post);
    const panel = input.closest('details');
    if (panel && !panel.open) panel.open = true;
    input.setAttribute('aria-invalid', 'true');
    (input.closest('.field, td, th') || input).classList.add('has-error');
    const message = document.getElementById(id + '-error');
    if (message) {
      message.hidden = false;
      message.replaceChildren(el('span', { class: 'visually-hidden' }, 'Error: '), text);
      const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      if (!ids.includes(message.id)) input.setAttribute('aria-describedby', [...ids, message.id].join(' '));
    }
  }
  document.getElementById('error-summary').hidden = errors.length === 0;
  const title = document.title.replace(/^Error: /, '');
  document.title = errors.length ? 'Error: ' + title : title;
}
