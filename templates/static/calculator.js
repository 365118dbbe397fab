// ARRS funding calculator: the page's form, its URL and its results.
//
// Every figure comes from the WebAssembly rules core (calc-wasm), which returns JSON with money
// as decimal strings ("1234.50"). This script only reads inputs, shows results and formats
// those strings; it never does arithmetic on money.
//
// URL contract: ?year=2025-26&population=30000&post=role,region,salary,wte,from,to&post=...
// A post may carry extra items after `to`: hours=30, sessions=6, share=1, band=8a,
// pension=no, label=Name (each `key=value`, percent-encoded like the rest of the value).

const form = document.getElementById('calculator');
if (form) {
  start().catch(() => showStartFailure());
}

const UNITS = { wte: 'WTE', hours: 'hours a week', sessions: 'GP sessions a week' };
const FIELD_LABELS = {
  year: 'Financial year',
  weighted_population: 'Weighted population',
  role: 'Role',
  region: 'Pay area',
  salary: 'Full-time annual salary',
  wte: 'Working time',
  hours: 'Hours a week',
  sessions: 'GP sessions a week',
  from: 'Start date',
  to: 'End date',
  share: 'Share claimed through ARRS',
  band: 'Band',
  label: 'Name for this post',
  pension: 'Pension',
  pay_award: 'Pay award',
  cap_uplift: 'Cap uplift',
  entitlement_growth: 'Entitlement growth',
  project_years: 'Number of later years',
  rules: 'The rules data',
};
// Rules-core field names mapped to the input that shows the error.
const FIELD_INPUTS = { wte: 'time', hours: 'time', sessions: 'time' };
const POST_INPUTS = ['role', 'region', 'salary', 'time', 'from', 'to', 'share', 'band', 'label'];
const PLAN_INPUTS = {
  weighted_population: 'population', pay_award: 'pay-award', cap_uplift: 'cap-uplift',
  entitlement_growth: 'growth', project_years: 'projection-years', year: 'year',
};

let wasm = null;
const rulesCache = new Map();
let lastResult = null;
let shownErrors = false;
let nextPostKey = 1;
let computeToken = 0;

function showStartFailure() {
  const status = document.getElementById('calc-status');
  status.replaceChildren(paragraph('The calculator could not start in this browser, so no estimate can be shown here. ' +
    'You can still work out an estimate by hand with the maximum reimbursable amounts, the method and the worked examples below.'));
  form.hidden = true;
  document.getElementById('results').hidden = true;
}

async function start() {
  const bindings = await import(form.dataset.module);
  await bindings.default();
  wasm = bindings;

  const status = document.getElementById('calc-status');
  status.replaceChildren();
  status.hidden = true;
  form.hidden = false;

  const state = readUrl(new URLSearchParams(window.location.search));
  document.getElementById('year').value = state.year || document.getElementById('year').value;
  document.getElementById('population').value = state.population;
  for (const [id, value] of Object.entries(state.projection)) {
    if (value !== null) document.getElementById(id).value = value;
  }
  if (Object.values(state.projection).some((value) => value !== null)) {
    document.getElementById('projection-details').open = true;
  }
  await loadRules(yearValue());
  if (state.posts.length === 0) state.posts.push({});
  for (const post of state.posts) addPost(post);

  form.addEventListener('input', onInput);
  form.addEventListener('change', onChange);
  form.addEventListener('submit', onSubmit);
  form.addEventListener('click', onFormClick);
  document.getElementById('add-post').addEventListener('click', () => {
    const item = addPost({});
    item.querySelector('legend').focus();
    recompute(false);
  });
  document.getElementById('projection-details').addEventListener('toggle', () => recompute(shownErrors));
  document.getElementById('download-csv').addEventListener('click', downloadCsv);
  document.getElementById('print-plan').addEventListener('click', () => window.print());
  window.addEventListener('beforeprint', () => {
    for (const details of document.querySelectorAll('#results details')) details.open = true;
  });

  await recompute(false);
  const missingSalary = state.posts.findIndex((post) => post.role && !post.salary);
  if (missingSalary >= 0) {
    const item = postItems()[missingSalary];
    document.getElementById('calc-summary').textContent =
      'Enter the full-time annual salary for post ' + (missingSalary + 1) + ' to see the estimate.';
    item.querySelector('[data-name="salary"]').focus();
  }
}

// ---------- URL ----------

function readUrl(params) {
  const posts = params.getAll('post').map(parsePostValue);
  return {
    year: params.get('year') || '',
    population: params.get('population') || '',
    posts,
    projection: {
      'pay-award': params.get('pay_award'),
      'cap-uplift': params.get('cap_uplift'),
      growth: params.get('growth'),
      'projection-years': params.get('years'),
    },
  };
}

function parsePostValue(value) {
  const parts = value.split(',');
  const post = {
    role: parts[0] || '', region: parts[1] || 'national', salary: parts[2] || '',
    unit: 'wte', time: parts[3] || '', from: parts[4] || '', to: parts[5] || '',
    share: '', band: '', pension: true, label: '',
  };
  for (const item of parts.slice(6)) {
    const at = item.indexOf('=');
    if (at < 0) continue;
    const key = item.slice(0, at);
    const text = item.slice(at + 1);
    if (key === 'hours' || key === 'sessions') { post.unit = key; post.time = text; }
    else if (key === 'share' || key === 'band' || key === 'label') post[key] = text;
    else if (key === 'pension') post.pension = text !== 'no';
  }
  if (post.time === '' && post.unit === 'wte') post.time = '1';
  return post;
}

function postValue(post) {
  const clean = (text) => text.replace(/[,=]/g, ' ').trim();
  const parts = [post.role, post.region, clean(post.salary),
    post.unit === 'wte' ? clean(post.time) : '', post.from, post.to];
  if (post.unit !== 'wte') parts.push(post.unit + '=' + clean(post.time));
  if (post.share) parts.push('share=' + post.share);
  if (post.band) parts.push('band=' + post.band);
  if (!post.pension) parts.push('pension=no');
  if (post.label.trim()) parts.push('label=' + clean(post.label));
  while (parts.length > 4 && parts.length <= 6 && parts[parts.length - 1] === '') parts.pop();
  return parts.join(',');
}

function writeUrl(plan) {
  const params = new URLSearchParams();
  params.set('year', plan.year);
  if (plan.population.trim()) params.set('population', plan.population.trim());
  for (const post of plan.posts) params.append('post', postValue(post));
  const details = document.getElementById('projection-details');
  if (details.open) {
    params.set('pay_award', plan.projection.pay_award);
    params.set('cap_uplift', plan.projection.cap_uplift);
    params.set('growth', plan.projection.growth);
    params.set('years', plan.projection.years);
  }
  const query = params.toString().replace(/%2C/gi, ',').replace(/%3D/gi, '=');
  history.replaceState(null, '', window.location.pathname + '?' + query);
}

// ---------- rules data ----------

async function loadRules(year) {
  if (rulesCache.has(year)) return rulesCache.get(year);
  const response = await fetch(form.dataset.rules + encodeURIComponent(year) + '.json');
  if (!response.ok) throw new Error('rules for ' + year + ' not found');
  const text = await response.text();
  const entry = { text, data: JSON.parse(text) };
  rulesCache.set(year, entry);
  return entry;
}

function yearValue() {
  return document.getElementById('year').value;
}

function roleRule(rules, roleId) {
  return rules.data.roles.find((role) => role.id === roleId) || null;
}

function bandLabel(band) {
  if (band === 'salaried-gp') return 'Salaried GP rate';
  return 'Band ' + band.replace('-', '–');
}

function shareLabel(share) {
  return share === '1' ? '100%' : share === '0.5' ? '50%' : share;
}

// ---------- posts in the form ----------

function postItems() {
  return Array.from(document.querySelectorAll('#posts > li'));
}

function addPost(post) {
  const template = document.getElementById('post-template');
  const item = template.content.firstElementChild.cloneNode(true);
  item.dataset.key = String(nextPostKey++);
  document.getElementById('posts').append(item);
  const set = (name, value) => {
    const input = item.querySelector('[data-name="' + name + '"]');
    if (input.type === 'checkbox') input.checked = value;
    else if (value !== undefined) input.value = value;
  };
  set('role', post.role || '');
  if (item.querySelector('[data-name="role"]').value !== (post.role || '')) set('role', '');
  set('region', post.region || 'national');
  set('salary', post.salary || '');
  set('time-unit', post.unit || 'wte');
  set('time', post.time === undefined ? '1' : post.time);
  set('from', post.from || '');
  set('to', post.to || '');
  set('label', post.label || '');
  set('pension', post.pension !== false);
  numberPosts();
  refreshPostChoices(item, post);
  return item;
}

function numberPosts() {
  postItems().forEach((item, index) => {
    const number = String(index + 1);
    for (const slot of item.querySelectorAll('[data-slot="number"]')) slot.textContent = number;
    const prefix = 'post-' + number + '-';
    for (const input of item.querySelectorAll('[data-name]')) input.id = prefix + input.dataset.name;
    for (const label of item.querySelectorAll('[data-for]')) label.htmlFor = prefix + label.dataset.for;
    for (const hint of item.querySelectorAll('[data-hint]')) hint.id = prefix + hint.dataset.hint + '-hint';
    for (const error of item.querySelectorAll('[data-error]')) error.id = prefix + error.dataset.error + '-error';
    item.querySelector('legend').id = prefix + 'legend';
    describe(item, 'salary', ['salary-hint', 'salary-error']);
    describe(item, 'time', ['time-hint', 'time-error']);
    for (const name of ['role', 'from', 'to', 'share', 'band']) describe(item, name, [name + '-error']);
  });
  const single = postItems().length === 1;
  for (const button of document.querySelectorAll('#posts [data-action="remove"]')) button.hidden = single;
}

function describe(item, name, parts) {
  const input = item.querySelector('[data-name="' + name + '"]');
  const ids = parts.map((part) => input.id.replace(new RegExp(name + '$'), part))
    .filter((id) => {
      const element = document.getElementById(id);
      return element && !element.hidden;
    });
  if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
  else input.removeAttribute('aria-describedby');
}

function refreshPostChoices(item, wanted) {
  const rules = rulesCache.get(yearValue());
  if (!rules) return;
  const roleSelect = item.querySelector('[data-name="role"]');
  for (const option of roleSelect.querySelectorAll('option[data-title]')) {
    const rule = roleRule(rules, option.value);
    option.disabled = !rule;
    option.textContent = option.dataset.title + (rule ? ' (' + bandLabel(rule.band) + ')' : ' (not in this year)');
  }
  const rule = roleRule(rules, roleSelect.value);
  const bandHint = item.querySelector('[data-slot="band"]');
  bandHint.textContent = rule ? 'Reimbursed at ' + bandLabel(rule.band) + '.' : '';

  const shares = rule && rule.shares ? rule.shares : [];
  const bands = rule && rule.bands_offered ? rule.bands_offered : [];
  const mhp = item.querySelector('[data-slot="mhp"]');
  mhp.hidden = shares.length === 0 && bands.length === 0;
  fillSelect(item.querySelector('[data-name="share"]'), shares.map((share, index) =>
    [share, shareLabel(share) + (index === 0 ? ' (default)' : '')]), wanted && wanted.share);
  fillSelect(item.querySelector('[data-name="band"]'), (bands.length ? bands : (rule ? [rule.band] : []))
    .map((band) => [band, bandLabel(band)]), (wanted && wanted.band) || (rule ? rule.band : ''));

  const payBand = rule ? (item.querySelector('[data-name="band"]').value || rule.band) : '';
  const scale = rules.data.pay_scales.find((entry) => entry.band === payBand);
  const payPoint = item.querySelector('[data-slot="pay-point"]');
  payPoint.hidden = !scale;
  const intermediate = item.querySelector('[data-name="point"] option[value="intermediate"]');
  intermediate.hidden = !(scale && scale.intermediate);
  intermediate.disabled = intermediate.hidden;
  item.querySelector('[data-name="point"]').value = '';
  updateTimeHint(item);
}

function fillSelect(select, options, wanted) {
  const current = wanted || select.value;
  select.replaceChildren(...options.map(([value, text]) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    return option;
  }));
  if (options.some(([value]) => value === current)) select.value = current;
}

function updateTimeHint(item) {
  const unit = item.querySelector('[data-name="time-unit"]').value;
  const hints = {
    wte: '1 is full time; 0.6 is 3 days a week.',
    hours: 'Full time is 37.5 hours a week.',
    sessions: 'Full time is 9 sessions a week.',
  };
  item.querySelector('[data-hint="time"]').textContent = hints[unit];
}

function readPost(item) {
  const value = (name) => item.querySelector('[data-name="' + name + '"]').value;
  const mhpHidden = item.querySelector('[data-slot="mhp"]').hidden;
  return {
    role: value('role'), region: value('region'), salary: value('salary'),
    unit: value('time-unit'), time: value('time'), from: value('from'), to: value('to'),
    share: mhpHidden ? '' : value('share'), band: mhpHidden ? '' : value('band'),
    pension: item.querySelector('[data-name="pension"]').checked, label: value('label'),
  };
}

function readPlan() {
  return {
    year: yearValue(),
    population: document.getElementById('population').value,
    posts: postItems().map(readPost),
    projection: {
      pay_award: document.getElementById('pay-award').value,
      cap_uplift: document.getElementById('cap-uplift').value,
      growth: document.getElementById('growth').value,
      years: document.getElementById('projection-years').value,
    },
  };
}

// ---------- events ----------

function onInput(event) {
  if (event.target.matches('select, input[type="checkbox"], input[type="date"]')) return;
  recompute(shownErrors);
}

async function onChange(event) {
  const target = event.target;
  const item = target.closest('#posts > li');
  if (target.id === 'year') {
    try {
      await loadRules(yearValue());
    } catch (error) {
      showStartFailure();
      return;
    }
    for (const post of postItems()) refreshPostChoices(post, readPost(post));
    // A new year can make earlier answers wrong (a role not in it, dates outside it): say which.
    recompute(true);
    return;
  } else if (item && (target.dataset.name === 'role' || target.dataset.name === 'band')) {
    refreshPostChoices(item, target.dataset.name === 'band' ? readPost(item) : null);
  } else if (item && target.dataset.name === 'point') {
    fillPayPoint(item, target.value);
  } else if (item && target.dataset.name === 'time-unit') {
    updateTimeHint(item);
  }
  recompute(shownErrors);
}

function fillPayPoint(item, point) {
  const rules = rulesCache.get(yearValue());
  const post = readPost(item);
  const rule = roleRule(rules, post.role);
  if (!rule || !point) return;
  const band = post.band || rule.band;
  const scale = rules.data.pay_scales.find((entry) => entry.band === band);
  if (scale && scale[point]) item.querySelector('[data-name="salary"]').value = String(scale[point]);
}

function onSubmit(event) {
  event.preventDefault();
  recompute(true).then((ok) => {
    if (!ok) {
      document.getElementById('error-summary').focus();
    } else {
      document.getElementById('results-heading').setAttribute('tabindex', '-1');
      document.getElementById('results-heading').focus();
    }
  });
}

function onFormClick(event) {
  const link = event.target.closest('#error-summary a');
  if (link) {
    event.preventDefault();
    const input = document.getElementById(link.hash.slice(1));
    if (input) {
      const legend = input.closest('fieldset') && input.closest('fieldset').querySelector('legend');
      (legend || input).scrollIntoView();
      input.focus({ preventScroll: true });
    }
    return;
  }
  const remove = event.target.closest('[data-action="remove"]');
  if (remove) {
    const item = remove.closest('li');
    const items = postItems();
    const index = items.indexOf(item);
    item.remove();
    numberPosts();
    const rest = postItems();
    const focusTarget = rest[Math.min(index, rest.length - 1)];
    if (focusTarget) focusTarget.querySelector('legend').focus();
    else document.getElementById('add-post').focus();
    document.getElementById('calc-summary').textContent = 'Post ' + (index + 1) + ' removed.';
    recompute(shownErrors);
  }
}

// ---------- computing ----------

async function recompute(showErrors) {
  const token = ++computeToken;
  const plan = readPlan();
  let rules;
  try {
    rules = await loadRules(plan.year);
  } catch (error) {
    showStartFailure();
    return false;
  }
  if (token !== computeToken) return false;
  writeUrl(plan);

  const request = encodeRequest(plan);
  let response;
  try {
    response = JSON.parse(wasm.calculate(rules.text, request));
  } catch (error) {
    // The rules core returns every problem as a value; this is only reached if the
    // WebAssembly itself fails. Say so rather than leave stale figures on the page.
    showStartFailure();
    return false;
  }
  const errors = response.errors || [];
  if (showErrors || errors.length === 0) showErrorList(errors);
  else clearFixedErrors(errors);
  if (errors.length > 0) {
    markResultsStale(errors.length);
    return false;
  }
  lastResult = { plan, response };
  showResults(plan, response, rules);
  return true;
}

// One request string for the rules core: lines of `key=value`; `post` starts a new post.
function encodeRequest(plan) {
  const safe = (text) => String(text).replace(/[\r\n]/g, ' ');
  const lines = ['year=' + plan.year, 'population=' + safe(plan.population)];
  const details = document.getElementById('projection-details');
  if (details.open) {
    for (const [key, value] of Object.entries(plan.projection)) lines.push(key + '=' + safe(value));
  }
  for (const post of plan.posts) {
    lines.push('post=');
    lines.push('role=' + post.role, 'region=' + post.region, 'salary=' + safe(post.salary));
    lines.push(post.unit + '=' + safe(post.time));
    if (post.from) lines.push('from=' + post.from);
    if (post.to) lines.push('to=' + post.to);
    if (post.share) lines.push('share=' + post.share);
    if (post.band) lines.push('band=' + post.band);
    if (!post.pension) lines.push('pension=no');
    if (post.label.trim()) lines.push('label=' + safe(post.label));
  }
  return lines.join('\n');
}

// ---------- errors ----------

function errorTarget(error) {
  if (error.post === null || error.post === undefined) {
    return PLAN_INPUTS[error.field] || 'year';
  }
  const name = FIELD_INPUTS[error.field] || error.field;
  return 'post-' + (error.post + 1) + '-' + (POST_INPUTS.includes(name) ? name : 'role');
}

function errorText(error) {
  const label = FIELD_LABELS[error.field] || error.field || 'The plan';
  const problem = error.problem || '';
  let text;
  if (problem === 'is required') text = 'Enter the ' + label.toLowerCase();
  else text = label + ' ' + problem;
  if (error.post !== null && error.post !== undefined) text = 'Post ' + (error.post + 1) + ': ' + text;
  return text;
}

function errorElementFor(inputId) {
  return document.getElementById(inputId + '-error');
}

function showErrorList(errors) {
  shownErrors = errors.length > 0;
  for (const element of form.querySelectorAll('.error-message')) {
    element.hidden = true;
    element.textContent = '';
  }
  for (const element of form.querySelectorAll('.field-error')) element.classList.remove('field-error');
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const list = document.getElementById('error-summary-list');
  list.replaceChildren();
  for (const error of errors) {
    const inputId = errorTarget(error);
    const text = errorText(error);
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = '#' + inputId;
    link.textContent = text;
    item.append(link);
    list.append(item);
    const input = document.getElementById(inputId);
    const message = errorElementFor(inputId);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const field = input.closest('.field');
      if (field) field.classList.add('field-error');
    }
    if (message) {
      message.hidden = false;
      message.textContent = '';
      const prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = 'Error: ';
      message.append(prefix, text);
    }
  }
  document.getElementById('error-summary').hidden = errors.length === 0;
  for (const item of postItems()) numberPostsDescribe(item);
  describePlanInputs();
  const title = document.title.replace(/^Error: /, '');
  document.title = errors.length ? 'Error: ' + title : title;
}

function clearFixedErrors(errors) {
  if (!shownErrors) return;
  const stillWrong = new Set(errors.map(errorTarget));
  const links = Array.from(document.querySelectorAll('#error-summary-list a'));
  const remaining = errors.filter((error) => links.some((link) => link.hash === '#' + errorTarget(error)));
  if (links.some((link) => !stillWrong.has(link.hash.slice(1)))) showErrorList(remaining);
}

function numberPostsDescribe(item) {
  describe(item, 'salary', ['salary-hint', 'salary-error']);
  describe(item, 'time', ['time-hint', 'time-error']);
  for (const name of ['role', 'from', 'to', 'share', 'band']) describe(item, name, [name + '-error']);
}

function describePlanInputs() {
  for (const id of ['population', 'pay-award', 'cap-uplift', 'growth', 'projection-years']) {
    const input = document.getElementById(id);
    const ids = [id + '-hint', id + '-error'].filter((part) => {
      const element = document.getElementById(part);
      return element && !element.hidden;
    });
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
    else input.removeAttribute('aria-describedby');
  }
}

function markResultsStale(count) {
  const results = document.getElementById('results');
  results.hidden = false;
  results.classList.add('stale');
  for (const id of ['entitlement', 'total-cost', 'total-claim', 'total-top-up', 'headroom']) {
    document.getElementById(id).textContent = '–';
  }
  document.getElementById('calc-summary').textContent = (count === 1
    ? 'No estimate yet: 1 answer needs checking.'
    : 'No estimate yet: ' + count + ' answers need checking.') +
    (shownErrors ? ' The problems are listed at the top of the form.' : ' Select Calculate to see which.');
  for (const id of ['pots', 'post-results', 'projection-results', 'figures-used']) {
    document.getElementById(id).replaceChildren();
  }
}

// ---------- results ----------

function money(text) {
  if (text === null || text === undefined || text === '') return '–';
  const negative = text.startsWith('-');
  const [whole, pence = '00'] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-£' : '£') + grouped + '.' + (pence + '00').slice(0, 2);
}

function monthName(month) {
  const [year, number] = month.split('-');
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  return names[Number(number) - 1] + ' ' + year;
}

function longDate(iso) {
  const [year, month, day] = iso.split('-');
  return String(Number(day)) + ' ' + monthName(year + '-' + month).split(' ')[0] + ' ' + year;
}

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function paragraph(text) {
  return element('p', {}, text);
}

function table(caption, headings, rows, options) {
  const head = element('tr', {}, ...headings.map((heading, index) =>
    element('th', { scope: 'col', class: index === 0 ? '' : 'align-right' }, heading)));
  const body = rows.map((row) => element('tr', row.total ? { class: 'total-row' } : {},
    element('th', { scope: 'row' }, row.cells[0]),
    ...row.cells.slice(1).map((cell) => element('td', { class: 'align-right' }, cell))));
  const captionId = options.id + '-caption';
  return element('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': captionId },
    element('table', { class: options.className || '' },
      element('caption', { id: captionId }, caption),
      element('thead', {}, head),
      element('tbody', {}, ...body)));
}

function showResults(plan, response, rules) {
  const result = response.plan;
  const results = document.getElementById('results');
  results.hidden = false;
  results.classList.remove('stale');
  const totals = result.totals;
  const hasPopulation = plan.population.trim() !== '';
  document.getElementById('entitlement').textContent = hasPopulation ? money(totals.entitlement) : 'Enter weighted population';
  document.getElementById('total-cost').textContent = money(totals.cost);
  document.getElementById('total-claim').textContent = money(totals.claim);
  document.getElementById('total-top-up').textContent = money(totals.top_up);
  // The rules core computes unclaimed and over-committed per pot, never netted; the page shows them.
  const overCommitted = hasPopulation && totals.over_committed !== '0.00';
  document.getElementById('headroom-label').textContent = overCommitted
    ? 'Unclaimed entitlement (' + money(totals.over_committed) + ' over-committed: not reimbursed)' : 'Unclaimed entitlement';
  document.getElementById('headroom').textContent = hasPopulation ? money(totals.unclaimed) : 'Enter weighted population';

  const summary = hasPopulation
    ? 'Your posts would claim ' + money(totals.claim) + ' of an entitlement of ' + money(totals.entitlement) +
      (overCommitted ? '; ' + money(totals.over_committed) + ' would not be reimbursed' : ', leaving ' + money(totals.unclaimed) + ' unclaimed') +
      '. Practices pay ' + money(totals.top_up) + ' in top-ups; the mental health provider pays ' + money(totals.provider_share) + '.'
    : 'You can claim ' + money(totals.claim) + ' for these posts. Practices pay ' + money(totals.top_up) + ' in top-ups.';
  document.getElementById('calc-summary').textContent = summary;
  document.getElementById('plan-basis').textContent = 'Financial year ' + result.year +
    (hasPopulation ? ', weighted population ' + plan.population.trim() : ', no weighted population entered') +
    ', ' + result.posts.length + (result.posts.length === 1 ? ' post.' : ' posts.');

  showPots(result, hasPopulation);
  showPosts(plan, result);
  showProjection(result.projection, hasPopulation);
  showFigures(result, rules);
}

function regionName(id) {
  const option = document.getElementById('post-template').content
    .querySelector('[data-name="region"] option[value="' + id + '"]');
  return option ? option.textContent : id;
}

function showPots(result, hasPopulation) {
  const container = document.getElementById('pots');
  if (!hasPopulation || result.pots.length === 0) {
    container.replaceChildren();
    return;
  }
  const rows = result.pots.map((pot) => ({
    cells: [pot.name, money(pot.entitlement), money(pot.claim), money(pot.headroom)],
  }));
  container.replaceChildren(
    element('h3', {}, 'Entitlement by pot'),
    table('Entitlement, claims and headroom by pot, ' + result.year,
      ['Pot', 'Entitlement', 'Claims', 'Headroom'], rows, { id: 'pots-table' }));
}

function postTitle(estimate, index) {
  const name = document.getElementById('post-template').content
    .querySelector('option[value="' + estimate.role + '"]');
  const role = name ? name.dataset.title : estimate.role;
  return 'Post ' + (index + 1) + ': ' + (estimate.label ? estimate.label + ', ' : '') + role;
}

function showPosts(plan, result) {
  const container = document.getElementById('post-results');
  const sections = result.posts.map((estimate, index) => {
    const post = plan.posts[index];
    const rows = estimate.months.map((line) => ({
      cells: [monthName(line.month), money(line.pay), money(line.ni), money(line.pension),
        money(line.cost), money(line.cap), money(line.claim), money(line.top_up)],
    }));
    const t = estimate.totals;
    rows.push({ total: true, cells: ['Total', money(t.pay), money(t.ni), money(t.pension),
      money(t.cost), money(t.cap), money(t.claim), money(t.top_up)] });
    const working = post.unit === 'wte' ? estimate.wte + ' WTE' : post.time + ' ' + UNITS[post.unit] + ' (' + estimate.wte + ' WTE)';
    const id = 'post-result-' + (index + 1);
    return element('details', { class: 'post-result', id },
      element('summary', {},
        element('span', { class: 'post-result-title' }, postTitle(estimate, index)),
        ' – claim ' + money(t.claim) + ', top-up ' + money(t.top_up)),
      paragraph(money(estimate.salary) + ' full-time salary, ' + working + ', ' + regionName(estimate.region) + ', ' +
        longDate(estimate.from) + ' to ' + longDate(estimate.to) + '.'),
      element('p', {}, element('a', { href: '#post-' + (index + 1) + '-legend' }, 'Change post ' + (index + 1))),
      table(postTitle(estimate, index) + ': month by month',
        ['Month', 'Pay', 'Employer NI', 'Employer pension', 'Cost', 'Cap', 'Claim', 'Top-up'],
        rows, { id: id + '-months', className: 'months' }));
  });
  container.replaceChildren(...(sections.length ? [element('h3', {}, 'Each post, month by month')] : []), ...sections);
}

function showProjection(projection, hasPopulation) {
  const container = document.getElementById('projection-results');
  if (!projection || projection.years.length === 0) {
    container.replaceChildren();
    return;
  }
  const rows = projection.years.map((year) => ({
    cells: [year.basis === 'full-year' ? year.year + ' (full-year effect)' : year.year,
      money(year.cost), money(year.claim), money(year.top_up),
      hasPopulation ? money(year.entitlement) : '–', hasPopulation ? money(year.headroom) : '–'],
  }));
  container.replaceChildren(
    element('h3', {}, 'Projection'),
    paragraph('The first row is this year with every post in place for all 12 months. Later rows apply a pay award of ' +
      projection.pay_award + '%, a cap uplift of ' + projection.cap_uplift + '% and entitlement growth of ' +
      projection.entitlement_growth + '% a year. These are ' + projection.status + ' figures, not published rates.'),
    table('Projected cost, claims and top-up by year', ['Year', 'Cost', 'Claim', 'Top-up', 'Entitlement', 'Headroom'],
      rows, { id: 'projection-table' }));
}

function showFigures(result, rules) {
  const seen = new Map();
  for (const estimate of result.posts) {
    for (const source of estimate.sources) {
      const key = source.figure + '|' + source.value;
      if (!seen.has(key)) seen.set(key, source);
    }
  }
  const items = Array.from(seen.values()).map((source) => element('li', {},
    source.figure + ': ' + (/amount|threshold|salary/.test(source.figure) ? money(source.value) : source.value) + ' ',
    element('span', { class: 'status status-' + source.status }, '(' + source.status + ')'),
    source.url ? ' ' : null,
    source.url ? element('a', { href: source.url, class: 'cited' }, 'source') : null));
  const container = document.getElementById('figures-used');
  container.replaceChildren(
    element('h3', {}, 'Figures used'),
    paragraph('Rules for ' + rules.data.year + ' (' + rules.data.status + '). Published figures come from NHS England documents; derived figures are worked out from published ones by a stated method; scenario figures are assumptions.'),
    element('ul', { class: 'figures' }, ...items));
}

// ---------- CSV ----------

function csvCell(text) {
  // Same rule as the rules core's CSV writer: a cell that would start a formula is kept as text.
  let value = String(text);
  if (/^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value)) value = "'" + value;
  return /[",\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

function downloadCsv() {
  if (!lastResult) return;
  const { plan, response } = lastResult;
  const result = response.plan;
  const lines = [['year', 'post', 'label', 'role', 'region', 'salary', 'wte', 'month', 'pay', 'employer_ni',
    'employer_pension', 'cost', 'cap', 'claim', 'top_up']];
  result.posts.forEach((estimate, index) => {
    for (const line of estimate.months) {
      lines.push([result.year, index + 1, estimate.label || '', estimate.role, estimate.region, estimate.salary,
        estimate.wte, line.month, line.pay, line.ni, line.pension, line.cost, line.cap, line.claim, line.top_up]);
    }
    const t = estimate.totals;
    lines.push([result.year, index + 1, estimate.label || '', estimate.role, estimate.region, estimate.salary,
      estimate.wte, 'total', t.pay, t.ni, t.pension, t.cost, t.cap, t.claim, t.top_up]);
  });
  lines.push([]);
  lines.push(['plan', 'weighted_population', 'entitlement', 'cost', 'claim', 'top_up', 'provider_share', 'unclaimed', 'over_committed']);
  const totals = result.totals;
  lines.push([result.year, plan.population.trim(), totals.entitlement ?? '', totals.cost, totals.claim, totals.top_up,
    totals.provider_share, totals.unclaimed ?? '', totals.over_committed ?? '']);
  lines.push([]);
  lines.push(['estimate only; rules', result.year, window.location.href]);
  const text = lines.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = element('a', { href: url, download: 'arrs-plan-' + result.year + '.csv' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
