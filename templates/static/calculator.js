// ARRS funding calculator: a PCN's whole team on one screen, with its totals always in view.
//
// Every figure and every rule comes from the rules core compiled to WebAssembly (calc-wasm; its
// API is described in docs/plan-file.md): the page keeps what the reader typed, hands the plan
// file to `rules.plan()` and shows the result, or the core's errors beside their fields. It never
// does arithmetic on money and decides nothing about the scheme.

import { dataTable, download, el, keepingFocus } from './calculator/dom.js';
import { fieldDate, isPositive, longDate, money, moneyUnsigned, todayIso } from './calculator/format.js';
import { chartsPanel, figuresPanel, monthsPanel, potsPanel, practicesPanel, scenariosPanel } from './calculator/panels.js';
import { emptyState, fileFromState, newPractice, newScenario, postForCore, shiftRemovedPosts, stateFromFile } from './calculator/plan-state.js';
import { errorTarget, placeScenarioPost, scenarioPostFieldId, showErrorList as renderErrors } from './calculator/errors.js';
import { scenarioLetter, scenarioPosts } from './calculator/scenario-posts.js';
import { reportPostsTable, reportScenarios, reportText } from './calculator/report.js';
import { emptyPost, postFieldId, postRows, showPayAreas, showPostResult } from './calculator/team.js';

const app = document.getElementById('calc-app');
const $ = (id) => document.getElementById(id);

let arrs = null;
let rules = null;
/** The core's second module (plan files, posts CSV, projection): loaded when first used. */
let onUseModule = null;
let state = null;
let choices = null;
let result = null;
let errors = [];
let showErrors = false;
const openEditors = new Set();
/** Scenarios whose year changed while they have dated added posts: each offers to move those dates. */
const scenarioMoveOffers = new WeakSet();
const dirtyPanels = new Set();
let urlTimer = 0;
/** The text of each year's rules, fetched once, only for years the plan uses. */
const rulesTexts = new Map();
/** Years whose rules the core has. */
const addedYears = new Set();
/** False until the reader changes anything on a page opened without a plan. */
let touched = true;

// Started after every module-level binding exists (start() runs synchronously up to its first await).
queueMicrotask(() => { if (app) start().catch(startFailed); });

function startFailed() {
  $('calc-status').replaceChildren(el('p', {}, 'The calculator could not start in this browser, so no estimate can be shown here. ' +
    'You can still work out an estimate by hand with the maximum reimbursable amounts, the method and the worked examples below.'));
  $('calc-status').hidden = false;
  for (const id of ['calc-app', 'summary', 'summary-heading', 'summary-words']) $(id).hidden = true;
}

// ---------- start ----------

/** Every year the page offers, from the year list the build wrote. */
function offeredYears() {
  return Array.from($('year').options, (option) => option.value);
}

function fetchYear(year) {
  if (!rulesTexts.has(year)) {
    rulesTexts.set(year, fetch(app.dataset.rules + encodeURIComponent(year) + '.json')
      .then((response) => (response.ok ? response.text() : null)).catch(() => null));
  }
  return rulesTexts.get(year);
}

/** Gives the core the rules of `years` it does not have yet; true when any was added. */
async function ensureYears(years) {
  const wanted = [...new Set(years)].filter((year) => year && offeredYears().includes(year) && !addedYears.has(year));
  const texts = await Promise.all(wanted.map(fetchYear));
  let added = false;
  wanted.forEach((year, i) => {
    if (texts[i] && !addedYears.has(year)) {
      rules.add(texts[i]);
      addedYears.add(year);
      added = true;
    }
  });
  return added;
}

/** The years a plan file needs: its own and its scenarios'. */
function yearsOfFile(file) {
  return [file.year, ...(file.scenarios || []).map((scenario) => scenario.changes && scenario.changes.year)];
}

async function start() {
  // Fetch every offered year's rules (a few KB each) while the WebAssembly loads, so a plan of
  // any year opens without another round trip; the core is given only the years a plan uses.
  for (const year of offeredYears()) fetchYear(year);
  const guesses = [$('year').value, new URLSearchParams(window.location.search).get('year') || ''];
  arrs = await import(app.dataset.module);
  await arrs.default();
  rules = new arrs.Rules();

  const today = arrs.current_year(todayIso());
  await ensureYears([today, ...guesses]);
  const fromLink = /[?&](plan|post|year|population)=/.test(window.location.search);
  let linkErrors = [];
  if (fromLink) {
    let opened = rules.open_share_link(window.location.search);
    if (opened.plan && await ensureYears(yearsOfFile(opened.plan))) opened = rules.open_share_link(window.location.search);
    linkErrors = opened.errors || [];
    state = opened.plan ? stateFromFile(opened.plan, today) : emptyState(today);
  } else {
    state = emptyState(today);
    touched = false;
  }
  if (state.posts.length === 0) state.posts.push(emptyPost());

  $('calc-status').hidden = true;
  for (const id of ['calc-app', 'summary', 'summary-heading', 'summary-words']) $(id).hidden = false;
  for (const link of document.querySelectorAll('.example-link')) link.hidden = false;
  wireEvents();
  renderAll();
  compute({ show: fromLink, extra: linkErrors });
  keepFocusedFieldVisible();
  if (errors.length && fromLink) $('error-summary').focus();
  warmOnUse();
}

/** The core's second module, imported and started on first use; null if it could not load. */
function onUse() {
  if (!onUseModule) {
    onUseModule = import(arrs.onUseModule).then(async (module) => { await module.default(); return module; })
      .catch(() => { onUseModule = null; return null; });
  }
  return onUseModule;
}

/** Starts loading the second module when the reader points at, focuses or drags onto one of its controls. */
function warmOnUse() {
  const controls = '#save-plan, #export-posts, #import-plan, #drop-zone, #add-projection';
  const warm = (event) => { if (event.target instanceof Element && event.target.closest(controls)) onUse(); };
  for (const type of ['pointerover', 'focusin', 'dragenter']) document.addEventListener(type, warm, { passive: true });
}

/** The second module, or null after saying in `where` that it could not be loaded. */
async function onUseOr(where) {
  const module = await onUse();
  if (!module) {
    $(where).textContent = 'This part of the calculator could not be loaded. Check your connection and try again.';
    $(where).hidden = false;
  }
  return module;
}

// ---------- rendering the inputs ----------

function yearChoices(year) {
  const answer = rules.post_choices(year);
  return answer && !answer.errors ? answer : null;
}

function renderAll() {
  $('year').value = offeredYears().includes(state.year) ? state.year : '';
  $('population').value = state.population;
  $('plan-name').value = state.name;
  choices = yearChoices(state.year) || yearChoices(arrs.current_year(todayIso()));
  renderTeam();
  renderPractices();
  renderScenarios();
  renderYearNote();
}

function renderTeam(focus) {
  const table = $('team');
  for (const body of table.querySelectorAll('tbody')) body.remove();
  state.posts.forEach((post, index) => table.append(postRows(post, index, choices, state.practices, openEditors.has(index))));
  // Scenarios list the plan's posts: keep them in step, unless the reader is working in one.
  if (!$('scenarios').contains(document.activeElement)) renderScenarios();
  if (focus) {
    const target = $(focus);
    if (target) target.focus();
  }
}

/**
 * The banner's "rates as at" date and the reference tables below the calculator follow the
 * selected year (the page holds every year's tables, built from the rules core; the build's
 * default year is the one shown without JavaScript).
 */
function renderYearNote() {
  if (!choices) return;
  const blocks = document.querySelectorAll('.year-reference[data-reference-year]');
  const has = Array.from(blocks).some((block) => block.dataset.referenceYear === choices.year);
  let reference = null;
  for (const block of blocks) {
    const shown = has && block.dataset.referenceYear === choices.year;
    block.hidden = !shown;
    if (shown && block.dataset.ratesAsAt) reference = block;
  }
  if (has) for (const label of document.querySelectorAll('.reference-year-label')) label.textContent = choices.year_label;
  const ratesAsAt = reference
    ? ['Rates as at ', el('time', { id: 'rates-as-at', datetime: reference.dataset.ratesAsAt }, reference.dataset.ratesAsAtLong), ` (${choices.year_label})`]
    : [`Rules for ${choices.year_label}, from ${longDate(choices.first_day)} to ${longDate(choices.last_day)}`];
  $('rates-note').replaceChildren(...ratesAsAt,
    choices.status === 'published' ? '.' : ': some figures are derived or scenario estimates, because NHS England\'s tables for this year are not yet in this guide.');
}

function renderPractices() {
  keepingFocus($('practices'), renderPracticeList);
}

function renderPracticeList() {
  const list = $('practices');
  const basisName = state.basis === 'percent' ? 'Share, %' : 'Weighted population';
  const items = state.practices.map((practice, index) => {
    const n = index + 1;
    const input = (field, value, extra) => {
      const node = el('input', { id: `practice-${n}-${field}`, type: 'text', autocomplete: 'off', 'data-practice': String(index), 'data-field': field, ...extra });
      node.value = value;
      return node;
    };
    return el('li', { class: 'practice' }, el('div', { class: 'field-row' },
      el('div', { class: 'field' }, el('label', { for: `practice-${n}-name` }, `Practice ${n} name`),
        el('p', { class: 'error-message', id: `practice-${n}-name-error`, hidden: true }), input('name', practice.name, { class: 'input-width-20' })),
      el('div', { class: 'field' }, el('label', { for: `practice-${n}-value` }, basisName),
        el('p', { class: 'error-message', id: `practice-${n}-value-error`, hidden: true }), input('value', practice.value, { inputmode: 'decimal', class: 'input-width-10' })),
      el('div', { class: 'field field-button' }, el('button', { type: 'button', class: 'button-small button-remove', 'data-remove-practice': String(index) }, 'Remove', el('span', { class: 'visually-hidden' }, ` practice ${n}`)))));
  });
  const basis = el('div', { class: 'field' }, el('label', { for: 'practice-basis' }, 'Practice shares given as'),
    el('select', { id: 'practice-basis' }, el('option', { value: 'weighted_population' }, 'Weighted population'), el('option', { value: 'percent' }, 'Percentage')));
  list.replaceChildren(...(items.length ? [el('li', {}, basis)] : []), ...items);
  if (items.length) $('practice-basis').value = state.basis;
}

function renderScenarios() {
  keepingFocus($('scenarios'), renderScenarioList);
}

function renderScenarioList() {
  const list = $('scenarios');
  const years = Array.from($('year').options, (option) => [option.value, option.textContent]);
  list.replaceChildren(...state.scenarios.map((scenario, index) => {
    const n = index + 1;
    const id = (field) => `scenario-${n}-${field}`;
    const text = (field, label, extra) => {
      const node = el('input', { id: id(field), type: 'text', autocomplete: 'off', 'data-scenario': String(index), 'data-field': field, ...extra });
      node.value = scenario[field];
      return el('div', { class: 'field' }, el('label', { for: id(field) }, label),
        el('p', { class: 'error-message', id: id(field) + '-error', hidden: true }), node);
    };
    const yearSelect = el('select', { id: id('year'), 'data-scenario': String(index), 'data-field': 'year' },
      el('option', { value: '' }, 'Same year as the plan'), years.map(([value, label]) => el('option', { value }, label)));
    yearSelect.value = scenario.year;
    const fullYear = el('input', { id: id('full_year'), type: 'checkbox', 'data-scenario': String(index), 'data-field': 'full_year', checked: scenario.full_year });
    return el('li', { class: 'scenario' }, el('fieldset', {},
      el('legend', { id: id('legend'), tabindex: '-1' }, `Scenario ${String.fromCharCode(65 + n)}`),
      el('div', { class: 'field-row' },
        text('name', 'Name', { class: 'input-width-20' }),
        el('div', { class: 'field' }, el('label', { for: id('year') }, 'Year'), el('p', { class: 'error-message', id: id('year') + '-error', hidden: true }), yearSelect)),
      scenarioMoveOffers.has(scenario) ? scenarioMoveOffer(index) : null,
      el('div', { class: 'field-row' },
        text('pay_award_percent', 'Pay award, %', { inputmode: 'decimal', class: 'input-width-4' }),
        text('cap_uplift_percent', 'Cap uplift, %', { inputmode: 'decimal', class: 'input-width-4' }),
        text('entitlement_growth_percent', 'Entitlement growth, %', { inputmode: 'decimal', class: 'input-width-4' })),
      el('div', { class: 'field checkbox' }, fullYear, el('label', { for: id('full_year') }, 'Every post in place for the whole year')),
      choices ? scenarioPosts(scenario, index, state.posts, choices) : null,
      el('p', {}, el('button', { type: 'button', class: 'button-small button-remove', 'data-remove-scenario': String(index) }, `Remove scenario ${String.fromCharCode(65 + n)}`))));
  }));
}

/** The question, placed after a scenario's year, whether to move its added posts' dates into that year. */
function scenarioMoveOffer(index) {
  const n = index + 1;
  const letter = scenarioLetter(index);
  const hidden = (text) => el('span', { class: 'visually-hidden' }, text);
  return el('div', { class: 'year-move', id: `scenario-${n}-move` },
    el('p', { id: `scenario-${n}-move-text` }, scenarioMoveQuestion(index)),
    el('p', {},
      el('button', { type: 'button', class: 'button-secondary', id: `scenario-${n}-move-yes`, 'data-move-scenario-dates': String(index) },
        'Move', hidden(` the dates of scenario ${letter}’s added posts`)), ' ',
      el('button', { type: 'button', class: 'button-secondary', id: `scenario-${n}-move-no`, 'data-keep-scenario-dates': String(index) },
        'Keep', hidden(` the dates of scenario ${letter}’s added posts`))));
}

/** The year scenario `index` is computed in (its own, or the plan's when it follows the plan). */
function scenarioYear(index) {
  return state.scenarios[index].year || state.year;
}

/** `2026/27` for scenario `index`'s year (the core's label; the year's id until its rules arrive). */
function scenarioYearLabel(index) {
  const year = yearChoices(scenarioYear(index));
  return year ? year.year_label : scenarioYear(index);
}

function scenarioMoveQuestion(index) {
  return `Move the dates of this scenario’s added posts into ${scenarioYearLabel(index)}?`;
}

const dated = (post) => Boolean(post.from || post.to);

// ---------- events ----------

function wireEvents() {
  const form = $('calculator');
  form.addEventListener('input', onInput);
  form.addEventListener('change', onChange);
  form.addEventListener('click', onClick);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    compute({ show: true });
    if (errors.length) $('error-summary').focus();
    else $('summary-heading').focus();
  });
  for (const panel of document.querySelectorAll('#panels details')) panel.addEventListener('toggle', () => panel.open && renderPanels());
  $('panel-scenarios').addEventListener('toggle', () => $('panel-scenarios').open && renderScenarios());
  const panels = $('panels');
  panels.addEventListener('input', onInput);
  panels.addEventListener('change', onChange);
  panels.addEventListener('click', onClick);
  $('add-practice').addEventListener('click', () => {
    state.practices.push(newPractice(state.practices));
    renderPractices();
    renderTeam();
    $(`practice-${state.practices.length}-name`).focus();
    compute();
  });
  $('add-scenario').addEventListener('click', () => {
    state.scenarios.push(newScenario('', state.scenarios.length + 1));
    renderScenarios();
    $(`scenario-${state.scenarios.length}-name`).focus();
    compute();
  });
  $('add-projection').addEventListener('click', addProjection);
  $('year-move-yes').addEventListener('click', () => moveDates(true));
  $('year-move-no').addEventListener('click', () => moveDates(false));
  $('save-plan').addEventListener('click', savePlan);
  $('export-csv').addEventListener('click', exportResults);
  $('export-posts').addEventListener('click', exportPosts);
  $('copy-link').addEventListener('click', copyLink);
  $('copy-summary').addEventListener('click', copySummary);
  $('download-summary').addEventListener('click', () => {
    download(fileName('txt'), $('plan-summary').value, 'text/plain;charset=utf-8');
    status('Summary downloaded as a text file, to attach to an email.');
  });
  $('print-plan').addEventListener('click', () => window.print());
  $('import-plan').addEventListener('change', (event) => openFile(event.target.files[0]));
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('drag'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('drag'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('drag');
    openFile(event.dataTransfer.files[0]);
  });
  window.addEventListener('beforeprint', prepareReport);
  window.addEventListener('resize', keepFocusedFieldVisible);
  document.addEventListener('focusin', onFocusIn);
}

function postIndexOf(target) {
  const body = target.closest('tbody.post');
  return body ? Number(body.dataset.index) : -1;
}

/** Writes a changed input into the plan state; true when the state changed. */
function readInput(target) {
  const field = target.dataset.field;
  if (target.id === 'population') state.population = target.value;
  else if (target.id === 'plan-name') state.name = target.value;
  else if (target.dataset.practice !== undefined) state.practices[Number(target.dataset.practice)][field] = target.value;
  else if (target.dataset.scenario !== undefined) {
    const scenario = state.scenarios[Number(target.dataset.scenario)];
    if (target.dataset.keep !== undefined) {
      const number = Number(target.dataset.keep);
      scenario.remove_posts = scenario.remove_posts.filter((n) => n !== number);
      if (!target.checked) scenario.remove_posts.push(number);
    } else if (target.dataset.added !== undefined) {
      readScenarioPost(scenario.add_posts[Number(target.dataset.added)], field, target);
    } else scenario[field] = target.type === 'checkbox' ? target.checked : target.value;
  } else if (field) {
    const post = state.posts[postIndexOf(target)];
    if (!post) return false;
    if (field === 'time') post.time.value = target.value;
    else if (field === 'pension') post.pension = target.checked;
    else if (field === 'pay_point') {
      const [band, point] = target.value.split('|');
      const role = choices.roles.find((r) => r.id === post.role);
      post.pay_point = point || '';
      if (role && role.bands.length <= 1) post.band = point ? band : '';
    } else if (field === 'salary') {
      post.salary = target.value;
      if (post.pay_point) {
        post.pay_point = '';
        const select = $(postFieldId(postIndexOf(target) + 1, 'pay_point'));
        if (select) select.value = '';
      }
    }
    else if (field !== 'unit') post[field] = target.value;
  } else return false;
  return true;
}

/** Writes a changed input of a post added in a scenario into it. */
function readScenarioPost(post, field, target) {
  if (!post) return;
  if (field === 'time') post.time.value = target.value;
  else if (field === 'unit') {
    const converted = post.time.value.trim() ? arrs.convert_working_time({ value: post.time.value.trim(), unit: post.time.unit }, target.value) : null;
    post.time = converted && !converted.errors ? { value: converted.value, unit: converted.unit } : { value: '', unit: target.value };
    const input = target.closest('.time-pair').querySelector('input');
    input.value = post.time.value;
  } else if (field === 'award') post.award = target.checked;
  else post[field] = target.value;
}

function onInput(event) {
  const target = event.target;
  touched = true;
  if (target.matches('select, input[type="checkbox"], input[type="file"]')) return;
  if (readInput(target)) compute();
}

function onChange(event) {
  const target = event.target;
  touched = true;
  if (target.id === 'year') return changeYear(target.value);
  if (target.id === 'practice-basis') {
    state.basis = target.value;
    renderPractices();
    return compute();
  }
  const field = target.dataset.field;
  const index = postIndexOf(target);
  if (field === 'unit' && index >= 0) return changeUnit(index, target.value);
  if (!target.matches('select, input[type="checkbox"]')) {
    // Leaving a text field shows its problem, if it has one (GOV.UK: not while typing).
    showErrors = showErrors || errors.length > 0;
    return compute({ show: showErrors });
  }
  const yearBefore = target.dataset.scenario !== undefined && field === 'year' ? scenarioYear(Number(target.dataset.scenario)) : null;
  readInput(target);
  if (index >= 0 && (field === 'role' || field === 'band')) {
    const post = state.posts[index];
    if (field === 'role') { post.band = ''; post.share = ''; post.pay_point = ''; }
    const role = choices.roles.find((r) => r.id === post.role);
    if (field === 'role' && role && role.unit && role.unit !== post.time.unit) changeUnit(index, role.unit, true);
    renderTeam(target.id);
  } else if (index >= 0 && field === 'pay_point') {
    renderTeam(target.id);
  } else if (target.dataset.added !== undefined && field === 'role') {
    // An added post's pay areas follow its role (GPs have one London rate).
    const [scenario, k] = [Number(target.dataset.scenario), Number(target.dataset.added)];
    const post = state.scenarios[scenario].add_posts[k];
    const region = $(scenarioPostFieldId(scenario + 1, k + 1, 'region'));
    if (region) showPayAreas(region, choices, post.role, post.region);
  } else if (yearBefore !== null) {
    const scenarioIndex = Number(target.dataset.scenario);
    ensureYears([target.value]).then(() => {
      changeScenarioYear(scenarioIndex, yearBefore);
      compute();
    });
    return;
  }
  compute();
}

function changeUnit(index, unit, quiet) {
  const post = state.posts[index];
  const converted = post.time.value.trim() ? arrs.convert_working_time({ value: post.time.value.trim(), unit: post.time.unit }, unit) : null;
  post.time = converted && !converted.errors ? { value: converted.value, unit: converted.unit } : { value: '', unit };
  const input = $(postFieldId(index + 1, 'working_time'));
  input.value = post.time.value;
  $(postFieldId(index + 1, 'unit')).value = unit;
  if (!quiet) announce(post.time.value ? `Working time converted to ${post.time.value}.` : 'Enter the working time in the new unit.');
  if (!quiet) compute();
}

async function changeYear(year) {
  await ensureYears([year]);
  const before = state.year;
  state.year = year;
  const next = yearChoices(year);
  if (next) choices = next;
  renderTeam();
  renderYearNote();
  const datedPosts = postsInPlanYear().filter(dated).length;
  if (datedPosts && before !== year) {
    $('year-move-text').textContent = `${datedPosts} ${datedPosts === 1 ? 'post has' : 'posts have'} start or end dates set for another year.`;
    $('year-move-year').textContent = choices.year_label;
    $('year-move').hidden = false;
    announce(`${$('year-move-text').textContent} Move the dates into ${choices.year_label}, or keep them: the buttons follow the year.`);
  }
  compute({ show: showErrors });
}

/**
 * Moves `post`'s start and end dates to the same day and month of `year` (the core's rule),
 * shown as the date fields ask; a post the core cannot move keeps its dates.
 */
function moveIntoYear(post, year) {
  if (!dated(post)) return;
  const moved = arrs.move_post_dates(postForCore(post), year);
  if (moved && !moved.errors) { post.from = fieldDate(moved.from || ''); post.to = fieldDate(moved.to || ''); }
}

/** The posts that follow the plan's year: its own and those added to scenarios of the same year. */
function postsInPlanYear() {
  return [...state.posts, ...state.scenarios.filter((scenario) => !scenario.year).flatMap((scenario) => scenario.add_posts)];
}

function moveDates(move) {
  $('year-move').hidden = true;
  if (move) {
    for (const post of postsInPlanYear()) moveIntoYear(post, state.year);
    renderTeam();
    renderScenarios();
    announce(`Dates moved into ${choices.year_label}.`);
  }
  $('year').focus();
  compute({ show: showErrors });
}

/**
 * After scenario `index`'s year changed from `before`: when its added posts have dates, offer
 * inside the scenario to move them into its new year (the plan's year offers the same).
 */
function changeScenarioYear(index, before) {
  const scenario = state.scenarios[index];
  if (!scenario) return;
  if (scenarioYear(index) !== before && scenario.add_posts.some(dated)) {
    scenarioMoveOffers.add(scenario);
    renderScenarios();
    announce(`Scenario ${scenarioLetter(index)}: ${scenarioMoveQuestion(index)} The Move and Keep buttons follow the year.`);
  } else if (scenarioMoveOffers.delete(scenario)) {
    renderScenarios();
  }
}

/** The reader's answer to scenario `index`'s offer to move its added posts' dates. */
function answerScenarioMove(index, move) {
  const scenario = state.scenarios[index];
  if (!scenario) return;
  scenarioMoveOffers.delete(scenario);
  if (move) for (const post of scenario.add_posts) moveIntoYear(post, scenarioYear(index));
  renderScenarios();
  announce(move ? `Scenario ${scenarioLetter(index)}: dates of the added posts moved into ${scenarioYearLabel(index)}.`
    : `Scenario ${scenarioLetter(index)}: dates kept.`);
  $(`scenario-${index + 1}-year`).focus();
  compute({ show: showErrors });
}

function onClick(event) {
  const link = event.target.closest('#error-summary a');
  if (link) {
    event.preventDefault();
    const target = $(link.hash.slice(1));
    if (target) target.focus();
    return;
  }
  const button = event.target.closest('button');
  if (!button) return;
  if (button.id === 'add-post') return addPost();
  if (button.id === 'start-again') return startAgain();
  if (button.dataset.removePractice !== undefined) return removeItem('practices', Number(button.dataset.removePractice), 'add-practice');
  if (button.dataset.removeScenario !== undefined) return removeItem('scenarios', Number(button.dataset.removeScenario), 'add-scenario');
  if (button.dataset.addScenarioPost !== undefined) return addScenarioPost(Number(button.dataset.addScenarioPost), null);
  if (button.dataset.changePost !== undefined) return addScenarioPost(Number(button.dataset.scenario), Number(button.dataset.changePost));
  if (button.dataset.moveScenarioDates !== undefined) return answerScenarioMove(Number(button.dataset.moveScenarioDates), true);
  if (button.dataset.keepScenarioDates !== undefined) return answerScenarioMove(Number(button.dataset.keepScenarioDates), false);
  if (button.dataset.removeScenarioPost !== undefined) return removeScenarioPost(Number(button.dataset.scenario), Number(button.dataset.removeScenarioPost));
  const index = postIndexOf(button);
  if (index < 0) return;
  const n = index + 1;
  if (button.dataset.action === 'details') {
    if (openEditors.has(index)) openEditors.delete(index); else openEditors.add(index);
    const body = button.closest('tbody');
    const open = openEditors.has(index);
    body.classList.toggle('open', open);
    $(postFieldId(n, 'editor')).hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.firstChild.textContent = open ? 'Close' : 'Change';
    if (open) $(postFieldId(n, 'legend')).focus();
  } else if (button.dataset.action === 'duplicate') {
    state.posts.splice(index + 1, 0, emptyPost(state.posts[index]));
    shiftEditors(index + 1, 1);
    shiftRemovedPosts(state.scenarios, n + 1, 1);
    renderScenarios();
    renderTeam(postFieldId(n + 1, 'role'));
    announce(`Post ${n + 1} added, a copy of post ${n}.`);
    compute();
  } else if (button.dataset.action === 'remove') {
    state.posts.splice(index, 1);
    openEditors.delete(index);
    shiftEditors(index + 1, -1);
    shiftRemovedPosts(state.scenarios, n, -1);
    renderScenarios();
    if (state.posts.length === 0) state.posts.push(emptyPost());
    renderTeam(postFieldId(Math.min(n, state.posts.length), 'role'));
    announce(`Post ${n} removed.`);
    compute();
  }
}

/**
 * Adds a post to scenario `index`: a new one (the last added post's pay area and dates), or a
 * copy of the plan's post `changing` (from 1), which the scenario then leaves out.
 */
function addScenarioPost(index, changing) {
  const scenario = state.scenarios[index];
  if (!scenario) return;
  const letter = scenarioLetter(index);
  if (changing) {
    scenario.remove_posts = [...scenario.remove_posts.filter((n) => n !== changing), changing];
    // The copy is still the plan's post: it keeps the scenario's pay award unless unticked.
    const copy = { ...emptyPost(state.posts[changing - 1]), award: true };
    // In a scenario of another year the copy's dates move into that year, as the kept posts' do.
    if (scenario.year && scenario.year !== state.year) moveIntoYear(copy, scenario.year);
    scenario.add_posts.push(copy);
  } else {
    const last = scenario.add_posts[scenario.add_posts.length - 1];
    scenario.add_posts.push(emptyPost(last ? { region: last.region, from: last.from, to: last.to } : {}));
  }
  renderScenarios();
  const k = scenario.add_posts.length;
  $(changing ? scenarioPostFieldId(index + 1, k, 'legend') : scenarioPostFieldId(index + 1, k, 'role')).focus();
  announce(changing ? `Scenario ${letter}: post ${changing} left out and a copy added as added post ${k}, to change.`
    : `Scenario ${letter}: added post ${k}.`);
  compute();
}

function removeScenarioPost(index, k) {
  const scenario = state.scenarios[index];
  scenario.add_posts.splice(k, 1);
  renderScenarios();
  const next = scenario.add_posts.length ? scenarioPostFieldId(index + 1, Math.min(k + 1, scenario.add_posts.length), 'legend') : `scenario-${index + 1}-legend`;
  $(next).focus();
  announce(`Scenario ${scenarioLetter(index)}: added post ${k + 1} removed.`);
  compute();
}

/** How many of the plan's posts scenario `number` (from 1) keeps. */
function keptPosts(number) {
  const scenario = state.scenarios[number - 1];
  if (!scenario) return state.posts.length;
  return state.posts.length - new Set(scenario.remove_posts.filter((n) => n >= 1 && n <= state.posts.length)).size;
}

function shiftEditors(from, by) {
  const moved = Array.from(openEditors).map((i) => (i >= from ? i + by : i));
  openEditors.clear();
  for (const i of moved) openEditors.add(i);
}

function addPost() {
  const last = state.posts[state.posts.length - 1];
  // A new post starts with the last post's pay area and dates (no need to enter them again).
  state.posts.push(emptyPost(last ? { region: last.region, from: last.from, to: last.to, practice: last.practice } : {}));
  renderTeam(postFieldId(state.posts.length, 'role'));
  announce(`Post ${state.posts.length} added.`);
  compute();
}

function startAgain() {
  state = emptyState(arrs.current_year(todayIso()));
  openEditors.clear();
  showErrors = false;
  touched = false;
  renderAll();
  compute();
  $(postFieldId(1, 'role')).focus();
  announce('The plan was cleared.');
}

function removeItem(list, index, fallback) {
  state[list].splice(index, 1);
  if (list === 'practices') { renderPractices(); renderTeam(); } else renderScenarios();
  const prefix = list === 'practices' ? 'practice' : 'scenario';
  const next = $(`${prefix}-${Math.min(index + 1, state[list].length)}-name`);
  (next || $(fallback)).focus();
  compute();
}

/** Adds the core's projection scenarios (one per later year) for the typed assumptions. */
async function addProjection() {
  const files = await onUseOr('projection-years-error');
  if (!files) return;
  const answer = files.projection($('projection-years').value, $('pay-award').value, $('cap-uplift').value, $('growth').value);
  const ids = { project_years: 'projection-years', pay_award_percent: 'pay-award', cap_uplift_percent: 'cap-uplift', entitlement_growth_percent: 'growth' };
  for (const id of Object.values(ids)) {
    $(id + '-error').hidden = true;
    $(id).removeAttribute('aria-invalid');
  }
  if (answer.errors) {
    for (const error of answer.errors) {
      const id = ids[error.field] || 'projection-years';
      $(id + '-error').hidden = false;
      $(id + '-error').replaceChildren(el('span', { class: 'visually-hidden' }, 'Error: '), error.message);
      $(id).setAttribute('aria-invalid', 'true');
      $(id).setAttribute('aria-describedby', id + '-error');
      $(id).focus();
    }
    return;
  }
  for (const spec of answer) {
    const scenario = stateFromFile({ scenarios: [spec] }, state.year).scenarios[0];
    state.scenarios.push(scenario);
  }
  renderScenarios();
  compute();
  announce(`${answer.length} projection years added as scenarios.`);
  const table = $('scenarios-table');
  (table ? table.closest('.table-scroll') : $('add-scenario')).focus();
}

function announce(text) {
  $('announce').textContent = text;
}

// ---------- computing ----------

/** Hands the plan to the rules core and shows what it returns. */
function compute({ show = showErrors, extra = [] } = {}) {
  const { file, errors: parseErrors } = fileFromState(state, (field, text) => arrs.parse_field(field, text));
  let answer = null;
  let found = [...extra, ...parseErrors];
  if (!found.length) {
    answer = rules.plan(file);
    if (answer && answer.errors) found = answer.errors;
  }
  found = found.map((error) => placeScenarioPost(error, keptPosts));
  errors = found;
  if (show || found.length === 0) showErrorList(found, show);
  else clearFixedErrors(found);
  if (found.length) {
    result = null;
    showStale(found.length);
  } else {
    result = answer;
    showResult();
  }
  scheduleUrl(file, found.length === 0);
  return found.length === 0;
}

function scheduleUrl(file, ok) {
  clearTimeout(urlTimer);
  if (!ok) return;
  urlTimer = setTimeout(() => {
    const query = arrs.encode_share_link(file);
    history.replaceState(null, '', `${window.location.pathname}?${query}`);
    $('share-link').value = window.location.href;
  }, 250);
}

function showStale(count) {
  for (const id of ['entitlement', 'total-cost', 'total-claim', 'total-top-up', 'total-provider-share', 'headroom', 'over-committed']) $(id).textContent = '–';
  $('summary').classList.remove('warning');
  $('summary-words').classList.remove('warning-text');
  // Without a result there is nothing over-committed or paid by a provider to show.
  $('headroom-card').classList.remove('zero');
  $('over-card').classList.add('zero');
  $('provider-card').classList.add('zero');
  for (const body of $('team').querySelectorAll('tbody')) showPostResult(body, null);
  if (!touched) {
    $('summary-words').textContent = 'Enter your weighted population, then choose a role and enter a salary for each post: the totals appear here as you type.';
    return;
  }
  $('summary-words').textContent = `No estimate yet: ${count === 1 ? '1 answer needs' : `${count} answers need`} checking. ` +
    (showErrors ? 'The problems are listed at the top of the form.' : 'Select “Check the plan” to see which.');
}

function showResult() {
  const t = result.totals;
  const hasPopulation = result.weighted_population !== null;
  const over = hasPopulation && isPositive(t.over_committed);
  $('entitlement').textContent = hasPopulation ? money(t.entitlement) : 'No population';
  $('total-cost').textContent = money(t.cost);
  $('total-claim').textContent = money(t.claim);
  $('total-top-up').textContent = money(t.top_up);
  $('total-provider-share').textContent = money(t.provider_share);
  $('over-committed').textContent = hasPopulation ? money(t.over_committed) : '–';
  $('headroom').textContent = !hasPopulation ? '–' : over ? `${moneyUnsigned(t.over_committed)} over` : money(t.unclaimed);
  $('headroom-label').textContent = over ? 'Headroom' : 'Unclaimed';
  $('summary').classList.toggle('warning', over);
  // Over-committed: one card says so (the headroom card would repeat the same amount).
  $('headroom-card').classList.toggle('zero', over);
  $('provider-card').classList.toggle('zero', !isPositive(t.provider_share));
  $('over-card').classList.toggle('zero', !over);
  $('summary-title').textContent = `${result.name ? result.name + ', ' : 'Your plan, '}${result.year_label}`;
  const status = result.status === 'published' ? ['published', 'Published figures']
    : result.year_status === 'scenario' || result.status === 'scenario' ? ['scenario', 'Includes scenario figures'] : ['derived', 'Includes derived figures'];
  $('year-status').className = `status status-${status[0]} status-phrase`;
  $('year-status').textContent = status[1];
  $('summary-words').textContent = summaryWords(result, hasPopulation, over);
  $('summary-words').classList.toggle('warning-text', over);
  const bodies = $('team').querySelectorAll('tbody');
  result.posts.forEach((post, index) => bodies[index] && showPostResult(bodies[index], post, state.posts[index]));
  for (const panel of ['pots', 'charts', 'practices', 'scenarios', 'recruit', 'months', 'figures']) dirtyPanels.add(panel);
  renderPanels();
}

/** The totals in plain words, over-commitment first when there is one. */
function summaryWords(r, hasPopulation, over) {
  const t = r.totals;
  const provider = isPositive(t.provider_share) ? ` The mental health provider pays ${money(t.provider_share)} of jointly funded posts.` : '';
  const estimate = r.year_status === 'published' ? '' : ` Some ${r.year_label} figures are derived or scenario estimates: NHS England\'s tables for that year are not yet in this guide.`;
  if (!hasPopulation) {
    return `Your posts would claim ${money(t.claim)}; the practices would pay ${money(t.top_up)} in top-ups. Enter the weighted population to see your entitlement.${provider}${estimate}`;
  }
  if (over) {
    return `Your posts would claim ${money(t.claim)}; only ${money(t.entitlement)} is available. ${moneyUnsigned(t.over_committed)} would not be reimbursed, ` +
      `and the practices would also pay ${money(t.top_up)} in top-ups.${provider}${estimate}`;
  }
  return `Your posts claim ${money(t.claim)} of your ${money(t.entitlement)} entitlement, leaving ${money(t.unclaimed)} unclaimed. ` +
    `The practices pay ${money(t.top_up)} in top-ups.${provider}${estimate}`;
}

const PANELS = {
  pots: ['panel-pots', potsPanel],
  charts: ['panel-charts', chartsPanel],
  practices: ['panel-practices', practicesPanel],
  scenarios: ['panel-scenarios', scenariosPanel],
  recruit: ['panel-recruit', recruitPanel],
  months: ['panel-posts', monthsPanel],
  figures: ['panel-figures', figuresPanel],
};

/** Redraws the open panels (closed ones are drawn when opened, to keep typing fast). */
function renderPanels(all = false) {
  if (!result) return;
  for (const [name, [id, draw]] of Object.entries(PANELS)) {
    const details = $(id);
    if (!dirtyPanels.has(name) || !(details.open || all)) continue;
    details.querySelector(`[data-panel="${name}"]`).replaceChildren(...draw(result).filter(Boolean));
    dirtyPanels.delete(name);
  }
}

function recruitPanel() {
  const from = $('recruit-from') ? $('recruit-from').value : '';
  const answer = rules.recruit(fileFromState(state, (f, t) => arrs.parse_field(f, t)).file, from);
  const input = el('input', { id: 'recruit-from', type: 'text', autocomplete: 'off', class: 'input-date', 'aria-describedby': 'recruit-from-hint' });
  input.value = from;
  input.addEventListener('change', () => { dirtyPanels.add('recruit'); renderPanels(); $('recruit-from').focus(); });
  const field = el('div', { class: 'field' }, el('label', { for: 'recruit-from' }, 'Start date of a new post'),
    el('p', { class: 'hint', id: 'recruit-from-hint' }, `Like 1/1/${choices.last_day.slice(0, 4)}. Empty: from the start of the year.`), input);
  if (!answer || answer.errors) {
    return [field, el('p', { class: 'error-message' }, (answer ? answer.errors : []).map((e) => e.message).join(' '))];
  }
  const rows = answer.roles.map((role) => ({
    cells: [role.role_name, money(role.salary), money(role.claim_per_wte), role.wte,
      role.wte === '0' ? '–' : el('button', { type: 'button', class: 'button-small', 'data-recruit': role.role }, 'Add', el('span', { class: 'visually-hidden' }, ` a ${role.role_name} post`))],
  }));
  const table = dataTable('recruit-table', `What still fits in ${money(answer.unclaimed)} unclaimed, for posts from ${longDate(answer.from)}`,
    ['Role', 'Typical salary', 'Claim for 1 WTE to 31 March', 'WTE that fits', 'Add as a post'], rows, { left: [4] });
  table.addEventListener('click', (event) => {
    const button = event.target.closest('[data-recruit]');
    if (!button) return;
    const role = answer.roles.find((item) => item.role === button.dataset.recruit);
    state.posts.push(emptyPost({ role: role.role, salary: role.salary, time: { value: role.post_wte, unit: 'wte' }, from: fieldDate(role.from) }));
    renderTeam(postFieldId(state.posts.length, 'role'));
    announce(`Post ${state.posts.length} added: ${role.role_name}, ${role.post_wte} WTE from ${longDate(role.from)}.`);
    compute();
  });
  return [field, el('p', { class: 'hint' }, 'A post at a typical salary (the band’s intermediate pay point, national pay area), and how much of it your unclaimed entitlement would reimburse to 31 March.'), table];
}

// ---------- errors ----------

function showErrorList(found, show) {
  showErrors = show && found.length > 0;
  renderErrors(show ? found : [], (n) => {
    if (openEditors.has(n - 1)) return;
    openEditors.add(n - 1);
    $(postFieldId(n, 'editor')).hidden = false;
    $(postFieldId(n, 'editor')).closest('tbody').classList.add('open');
  });
}

/** While typing, only take away the messages of problems that are now fixed. */
function clearFixedErrors(found) {
  if (!showErrors) return;
  const still = new Set(found.map(errorTarget));
  const shown = Array.from(document.querySelectorAll('#error-summary-list a'), (a) => a.hash.slice(1));
  if (shown.some((id) => !still.has(id))) showErrorList(found.filter((error) => shown.includes(errorTarget(error))), true);
}

// ---------- the summary stays in view without covering the focused field ----------

function keepFocusedFieldVisible() {
  const bar = $('summary');
  document.documentElement.style.scrollPaddingTop = `${bar.offsetHeight + 12}px`;
}

function onFocusIn(event) {
  const target = event.target;
  if (!(target instanceof HTMLElement) || $('summary').contains(target)) return;
  const bar = $('summary').getBoundingClientRect();
  const box = target.getBoundingClientRect();
  if (box.top < bar.bottom + 4 && box.bottom > 0) window.scrollBy(0, box.top - bar.bottom - 12);
}

// ---------- files ----------

function currentFile() {
  return fileFromState(state, (field, text) => arrs.parse_field(field, text)).file;
}

function fileName(extension) {
  const base = (state.name || 'arrs-plan').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'arrs-plan';
  return `${base}-${state.year}.${extension}`;
}

function status(text) {
  $('files-status').textContent = text;
}

async function savePlan() {
  const files = await onUseOr('files-status');
  if (!files) return;
  download(fileName('json'), files.plan_file_text(currentFile()), 'application/json');
  status('Plan saved as a file. Open it here later with “Open a plan file”.');
}

function exportResults() {
  const csv = rules.results_csv(currentFile());
  if (csv && csv.errors) return status('The results cannot be exported until the problems in the plan are fixed.');
  download(`arrs-results-${state.year}.csv`, csv, 'text/csv;charset=utf-8');
  status('Results exported as CSV.');
}

async function exportPosts() {
  const files = await onUseOr('files-status');
  if (!files) return;
  download(fileName('csv').replace(/\.csv$/, '-posts.csv'), files.plan_to_posts_csv(currentFile()), 'text/csv;charset=utf-8');
  status('Posts downloaded as CSV. Edit them in a spreadsheet and open the file here again.');
}

async function copyLink() {
  const link = shareLink();
  $('share-link').value = link;
  try {
    await navigator.clipboard.writeText(link);
    status('Share link copied. Anyone with the link sees this plan; nothing is stored on a server.');
  } catch {
    $('share-link').focus();
    $('share-link').select();
    status('Copy the share link from the box below.');
  }
}

/**
 * Copies the plan as plain text (its inputs and the core's totals, written by the rules core)
 * for a colleague who cannot run the calculator, and shows it in a box to copy from.
 */
async function copySummary() {
  const text = rules.plan_summary(currentFile(), todayIso(), shareLink());
  if (typeof text !== 'string') {
    status('The summary can be copied once the problems in the plan are fixed.');
    return;
  }
  $('plan-summary').value = text;
  $('plan-summary-box').hidden = false;
  try {
    await navigator.clipboard.writeText(text);
    status('Summary copied as text: paste it into an email or a document. It can be read without JavaScript.');
  } catch {
    $('plan-summary').focus();
    $('plan-summary').select();
    status('Copy the summary from the box below.');
  }
}

async function openFile(file) {
  if (!file) return;
  const text = await file.text();
  const files = await onUseOr('files-status');
  if (!files) return;
  const isCsv = /\.csv$/i.test(file.name) || !text.trimStart().startsWith('{');
  const answer = isCsv ? files.posts_csv_to_plan(text, currentFile()) : files.parse_plan_file(text);
  if (!answer || answer.errors) {
    const problems = (answer ? answer.errors : []).map((e) => ({ ...e, post: null, scenario: null, practice: null,
      message: `${file.name}${e.line ? ':' + e.line : ''}: ${e.column ? 'column ' + e.column + ': ' : ''}${e.message}` }));
    showErrorList(problems.map((p) => ({ ...p, field: 'file' })), true);
    for (const link of document.querySelectorAll('#error-summary-list a')) link.hash = '#import-plan';
    $('error-summary').focus();
    status(`${file.name} could not be opened.`);
    return;
  }
  await ensureYears(yearsOfFile(answer));
  state = stateFromFile(answer, state.year);
  if (state.posts.length === 0) state.posts.push(emptyPost());
  openEditors.clear();
  showErrors = true;
  renderAll();
  compute({ show: true });
  status(`Opened ${file.name}: ${state.posts.length} ${state.posts.length === 1 ? 'post' : 'posts'}.`);
  (errors.length ? $('error-summary') : $('summary-heading')).focus();
  $('import-plan').value = '';
}

// ---------- the board report (print) ----------

function shareLink() {
  return `${window.location.origin}${window.location.pathname}?${arrs.encode_share_link(currentFile())}`;
}

function fillReport() {
  $('report-text').replaceChildren(...reportText(result, longDate(todayIso()), shareLink()));
}

function prepareReport() {
  if (!result) return;
  for (const name of Object.keys(PANELS)) dirtyPanels.add(name);
  for (const details of document.querySelectorAll('#panels details')) details.open = true;
  renderPanels(true);
  fillReport();
  for (const id of ['report-posts', 'report-scenarios']) {
    const old = $(id);
    if (old) old.closest('.table-scroll, #report-scenarios').remove();
  }
  $('report-meta').append(...[reportPostsTable(result), reportScenarios(result, state.scenarios)].filter(Boolean));
}
