// The page's plan state (what the reader typed, as strings) and the plan file the rules core
// reads (docs/plan-file.md). Converting between them only moves fields; every check and every
// parse of typed text is the core's (`parse_field`), whose messages come back as field errors.

import { fieldDate } from './format.js';
import { emptyPost } from './team.js';

/** A new plan in the page's state for `year`. */
export function emptyState(year) {
  return { name: '', year, population: '', basis: 'weighted_population', practices: [], posts: [emptyPost()], scenarios: [] };
}

let practiceKey = 0;

/** A new practice with an id no other practice of the page has. */
export function newPractice(practices) {
  let id;
  do { practiceKey += 1; id = `practice-${practiceKey}`; } while (practices.some((p) => p.id === id));
  return { id, name: '', value: '' };
}

/** A new scenario: the plan as it is (every post kept, nothing added), to be changed. */
export function newScenario(year, number) {
  return { name: `Scenario ${String.fromCharCode(65 + number)}`, year, pay_award_percent: '', cap_uplift_percent: '', entitlement_growth_percent: '', full_year: false, remove_posts: [], add_posts: [], passthrough: {} };
}

/** A plan-file post as a post of the page's state (its dates shown as the date fields ask). */
function postFromFile(post) {
  return emptyPost({
    label: post.label ?? '', role: post.role ?? '', region: post.region ?? 'national', salary: post.salary ?? '',
    band: post.band ?? '', pay_point: post.pay_point ?? '',
    time: post.working_time ? { value: String(post.working_time.value ?? ''), unit: post.working_time.unit || 'wte' } : { value: '1', unit: 'wte' },
    from: fieldDate(post.from), to: fieldDate(post.to), pension: post.pension !== false, share: post.share ?? '',
    count: String(post.count ?? 1), practice: post.practice ?? '',
  });
}

/**
 * Keeps each scenario's removed posts on the same base posts when the plan's posts move:
 * `at` (from 1) is where a post was inserted (`by` 1) or removed (`by` −1).
 */
export function shiftRemovedPosts(scenarios, at, by) {
  for (const scenario of scenarios) {
    scenario.remove_posts = scenario.remove_posts
      .filter((number) => by > 0 || number !== at)
      .map((number) => (number > at || (by > 0 && number === at) ? number + by : number));
  }
}

/** The page's state for a plan file (from a link, a saved file or a posts CSV). */
export function stateFromFile(file, fallbackYear) {
  const practices = file.practices || [];
  const basis = practices.some((p) => p.percent !== undefined && p.percent !== null) ? 'percent' : 'weighted_population';
  return {
    name: file.name || '',
    year: file.year || fallbackYear,
    population: file.weighted_population ?? '',
    basis,
    practices: practices.map((p) => ({ id: p.id, name: p.name || '', value: (basis === 'percent' ? p.percent : p.weighted_population) ?? '' })),
    posts: (file.posts || []).map(postFromFile),
    scenarios: (file.scenarios || []).map((scenario) => {
      const { year, pay_award_percent, cap_uplift_percent, entitlement_growth_percent, full_year, remove_posts, add_posts, award_added_posts, ...passthrough } = scenario.changes || {};
      const awarded = (award_added_posts || []).map(Number);
      return {
        name: scenario.name || '', year: year || '', pay_award_percent: pay_award_percent ?? '', cap_uplift_percent: cap_uplift_percent ?? '',
        entitlement_growth_percent: entitlement_growth_percent ?? '', full_year: Boolean(full_year),
        remove_posts: (remove_posts || []).map(Number),
        add_posts: (add_posts || []).map((post, k) => ({ ...postFromFile(post), award: awarded.includes(k + 1) })), passthrough,
      };
    }),
  };
}

const given = (text) => typeof text === 'string' && text.trim() !== '';

/**
 * The plan file for the page's state. `parse(field, text)` is the core's `parse_field`; fields
 * it refuses are left out and their errors returned: `{ file, errors }`.
 */
export function fileFromState(state, parse) {
  const errors = [];
  const parsed = (field, text, where) => {
    const answer = parse(field, text.trim());
    if (answer && answer.errors) {
      for (const error of answer.errors) errors.push({ ...error, field: error.field || field, ...where });
      return undefined;
    }
    return answer.value;
  };
  const file = { schema_version: 1 };
  if (given(state.name)) file.name = state.name.trim();
  file.year = state.year;
  if (given(state.population)) file.weighted_population = state.population.trim();
  file.practices = state.practices.map((p) => ({ id: p.id, name: p.name.trim() || p.id, [state.basis]: p.value.trim() }));
  /** A post of the page's state as a plan-file post; `where` places its errors. */
  const postToFile = (post, where) => {
    const out = { role: post.role };
    if (given(post.label)) out.label = post.label;
    out.region = post.region || 'national';
    if (given(post.pay_point)) out.pay_point = post.pay_point;
    else if (given(post.salary)) out.salary = post.salary.trim();
    if (given(post.band)) out.band = post.band;
    out.working_time = { value: post.time.value.trim(), unit: post.time.unit };
    for (const field of ['from', 'to']) {
      if (!given(post[field])) continue;
      const value = parsed(field, post[field], where);
      if (value !== undefined) out[field] = value;
    }
    if (!post.pension) out.pension = false;
    if (given(post.share)) out.share = post.share;
    if (given(post.count) && post.count.trim() !== '1') {
      const value = parsed('count', post.count, where);
      if (value !== undefined) out.count = Number(value);
    }
    if (given(post.practice)) out.practice = post.practice;
    return out;
  };
  file.posts = state.posts.map((post, index) => postToFile(post, { post: index + 1 }));
  file.scenarios = state.scenarios.map((scenario, index) => {
    const changes = { ...scenario.passthrough };
    if (given(scenario.year)) changes.year = scenario.year;
    for (const key of ['pay_award_percent', 'cap_uplift_percent', 'entitlement_growth_percent']) {
      if (given(scenario[key])) changes[key] = scenario[key].trim();
    }
    if (scenario.full_year) changes.full_year = true;
    const removed = scenario.remove_posts.filter((number) => number >= 1 && number <= state.posts.length);
    if (removed.length) changes.remove_posts = [...removed].sort((a, b) => a - b);
    if (scenario.add_posts.length) {
      changes.add_posts = scenario.add_posts.map((post, k) => postToFile(post, { scenario: index + 1, added: k + 1 }));
      const awarded = scenario.add_posts.flatMap((post, k) => (post.award ? [k + 1] : []));
      if (awarded.length) changes.award_added_posts = awarded;
    }
    return { name: scenario.name.trim() || 'Scenario', changes };
  });
  return { file, errors };
}

/** A post of the page's state as a plan-file post (for the core's date mover). */
export function postForCore(post) {
  const out = { role: post.role, region: post.region, working_time: { value: post.time.value, unit: post.time.unit } };
  if (given(post.salary)) out.salary = post.salary;
  if (given(post.from)) out.from = post.from;
  if (given(post.to)) out.to = post.to;
  return out;
}
