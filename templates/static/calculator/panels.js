// The panels under the team table, each drawn from the rules core's result: pots and the
// claims schedule, charts, member practices, scenarios side by side, each post month by month
// and the figures used.

import { cumulativeChart, scenarioChart, topUpChart } from './charts.js';
import { dataTable, el } from './dom.js';
import { longDate, money, percent } from './format.js';

/** Pots and the PCN-wide claims schedule. */
export function potsPanel(result) {
  const pots = dataTable('pots-table', `Entitlement and claims by pot, ${result.year_label}`,
    ['Pot', 'Entitlement', 'Claims', 'Unclaimed', 'Over-committed'],
    result.pots.map((pot) => ({ cells: [pot.name + (pot.restricted ? ' (ring-fenced)' : ''), money(pot.entitlement), money(pot.claim), money(pot.unclaimed), money(pot.over_committed)] })));
  const columns = ['Month', ...result.pots.flatMap((pot) => result.pots.length > 1
    ? [`${pot.name}: claim`, 'Claimed so far', 'Left']
    : ['Claim', 'Claimed so far', 'Entitlement left'])];
  if (result.pots.length > 1) columns.splice(1, 0, 'Claim, all pots');
  const rows = result.schedule.map((month) => ({
    cells: [month.label, ...(result.pots.length > 1 ? [money(month.claim)] : []),
      ...result.pots.flatMap((pot) => {
        const entry = month.pots.find((item) => item.pot === pot.id) || {};
        return [money(entry.claim), money(entry.cumulative), money(entry.left)];
      })],
  }));
  return [el('h3', {}, 'Pots'), pots,
    el('h3', {}, 'Claims schedule'),
    el('p', { class: 'hint' }, 'What the PCN claims each month, what it has claimed so far and the entitlement left.'),
    dataTable('schedule-table', `Claims schedule, ${result.year_label}`, columns, rows)];
}

/** Charts of the year (and of scenarios when there are any). */
export function chartsPanel(result) {
  return [cumulativeChart(result), topUpChart(result), result.scenarios.length ? scenarioChart(result) : null];
}

/** Each member practice's part of the top-ups and of any over-commitment. */
export function practicesPanel(result) {
  if (!result.practices.length) return [];
  return [dataTable('practices-table', `What each practice funds, ${result.year_label}`,
    ['Practice', 'Share', 'Posts employed', 'Top-up', 'Over-commitment', 'To fund'],
    result.practices.map((p) => ({ cells: [p.name, percent(p.share), String(p.posts), money(p.top_up), money(p.over_committed), money(p.to_fund)] })))];
}

const COMPARED = [
  ['entitlement', 'Entitlement'], ['cost', 'Total cost'], ['claim', 'Claim'], ['top_up', 'Top-up by practices'],
  ['provider_share', 'Provider share'], ['unclaimed', 'Unclaimed'], ['over_committed', 'Over-committed'],
];

function signed(text) {
  if (text === null || text === undefined) return '–';
  if (/^-/.test(text)) return money(text);
  return /[1-9]/.test(text) ? '+' + money(text) : money(text);
}

/** The plan and each scenario side by side, with the differences. */
export function scenariosPanel(result) {
  if (!result.scenarios.length) return [];
  const columns = ['', `A: this plan (${result.year_label})`];
  result.scenarios.forEach((scenario, index) => {
    const letter = String.fromCharCode(66 + index);
    columns.push(`${letter}: ${scenario.name} (${scenario.result.year_label})`, `${letter} − A`);
  });
  const rows = COMPARED.map(([key, name]) => ({
    cells: [name, money(result.totals[key]), ...result.scenarios.flatMap((s) => [money(s.result.totals[key]), signed(s.difference[key])])],
  }));
  return [dataTable('scenarios-table', 'This plan (A) and its scenarios, with the differences', columns, rows, { className: 'scenario-compare' })];
}

/** Each post month by month, in a closed section per post. */
export function monthsPanel(result) {
  const note = el('p', { class: 'hint' }, 'Each month’s pay is worked out on its own (a twelfth of the salary, for the days in post) and rounded to the penny, so a year’s pay can differ from the salary by a few pence.');
  return [note, ...result.posts.map((post) => {
    const rows = post.months.map((m) => ({ cells: [m.label, money(m.claim), money(m.top_up), money(m.cost), money(m.cap), money(m.pay), money(m.ni), money(m.pension), money(m.provider_share)] }));
    const t = post.totals;
    rows.push({ className: 'total-row', cells: ['Total', money(t.claim), money(t.top_up), money(t.cost), money(t.cap), money(t.pay), money(t.ni), money(t.pension), money(t.provider_share)] });
    const title = `Post ${post.number}: ${post.label ? post.label + ', ' : ''}${post.role_name}`;
    const shareNote = post.share !== '1' ? ` Claimed at ${percent(post.share)}: the mental health provider pays the rest of the cost.` : '';
    return el('details', { class: 'post-result', id: `post-result-${post.number}` },
      el('summary', {}, el('span', { class: 'post-result-title' }, title), ` – claim ${money(post.all_posts.claim)}, top-up ${money(post.all_posts.top_up)}`),
      el('p', {}, `${money(post.salary)} full-time salary, ${post.band_label}, ${post.region_name}, ${longDate(post.from)} to ${longDate(post.to)}` +
        (post.count > 1 ? `, ${post.count} identical posts (figures below are for one).` : '.') + shareNote),
      dataTable(`post-${post.number}-months`, `${title}: month by month`,
        ['Month', 'Claim', 'Top-up', 'Cost', 'Cap', 'Pay', 'Employer NI', 'Employer pension', 'Provider share'], rows, { className: 'months' }));
  })];
}

/** The figures used, each with its status and source. */
export function figuresPanel(result) {
  const show = (figure) => (figure.unit === 'money' ? money(figure.value)
    : figure.unit === 'fraction' ? percent(figure.value)
      : figure.unit === 'pounds_per_patient' ? `£${figure.value}` : figure.value);
  // The core names periods with ISO dates (`2025-04-01 to 2025-09-30`); readers get `1 April 2025`.
  const named = (text) => text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, longDate);
  return [el('p', {}, `Rules for ${result.year_label}: ${result.year_status === 'published' ? 'published figures' : 'some figures derived or assumed'}. Published figures come from NHS England documents; derived ones are worked out from published ones by a stated method; scenario figures are assumptions.`),
    el('ul', { class: 'figures' }, result.figures.map((figure) => el('li', {},
      `${named(figure.figure)}: ${show(figure)} `,
      el('span', { class: `status status-${figure.status}` }, figure.status),
      figure.url ? [' ', el('a', { href: figure.url, class: 'cited' }, 'source')] : null)))];
}
