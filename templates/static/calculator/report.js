// The printed board report's own parts: when it was made, the year and the status of its
// figures, the assumptions, the link that reopens the plan, and one row per post.

import { dataTable, el } from './dom.js';
import { grouped, longDate, money } from './format.js';

/** The report's opening paragraph, as nodes: `made` is today in words, `link` the share link. */
export function reportText(result, made, link) {
  const assumptions = [
    result.weighted_population !== null ? `weighted population ${grouped(result.weighted_population)}` : 'no weighted population entered (no entitlement)',
    `${result.posts.length} ${result.posts.length === 1 ? 'post' : 'posts'}`,
    result.practices.length ? `${result.practices.length} member practices` : null,
    result.scenarios.length ? `${result.scenarios.length} ${result.scenarios.length === 1 ? 'scenario' : 'scenarios'}` : null,
  ].filter(Boolean).join(', ');
  const status = result.year_status === 'published' ? 'published figures' : 'some derived or scenario estimates (NHS England\'s tables for this year are not yet in this guide)';
  return [
    `Made on ${made}. Financial year ${result.year_label}: ${status}${result.status === 'derived' ? ' (some derived from published ones)' : ''}. ` +
    `Assumptions: ${assumptions}; on-costs, caps and rates from the rules for the year (listed under “Figures used”). Reopen this plan with the link: `,
    el('span', { class: 'report-link' }, link),
  ];
}

/** One row per post: role, pay area, dates, salary, WTE, cost, claim and top-up. */
export function reportPostsTable(result) {
  const rows = result.posts.map((post) => ({
    cells: [`${post.number}. ${post.label ? post.label + ', ' : ''}${post.role_name}${post.count > 1 ? ' × ' + post.count : ''}`, post.region_name,
      `${longDate(post.from)} to ${longDate(post.to)}`, money(post.salary), post.wte, money(post.all_posts.cost), money(post.all_posts.claim), money(post.all_posts.top_up)],
  }));
  return dataTable('report-posts', `Posts, ${result.year_label}`, ['Post', 'Pay area', 'Dates', 'Salary', 'WTE', 'Cost', 'Claim', 'Top-up'], rows, { left: [1, 2] });
}

/**
 * What each scenario changes, in words, for the printed report (its figures are in the
 * scenarios table): `scenarios` are the page's scenario inputs, in the order of the result's.
 */
export function reportScenarios(result, scenarios) {
  if (!result.scenarios.length) return null;
  const items = result.scenarios.map((scenario, index) => {
    const input = scenarios[index] || { remove_posts: [], add_posts: [] };
    const added = scenario.result.posts.slice(scenario.result.posts.length - input.add_posts.length);
    const changes = [
      input.year ? `year ${scenario.result.year_label}` : null,
      input.pay_award_percent ? `pay award ${input.pay_award_percent}%` : null,
      input.cap_uplift_percent ? `caps raised ${input.cap_uplift_percent}%` : null,
      input.entitlement_growth_percent ? `entitlement rate raised ${input.entitlement_growth_percent}%` : null,
      input.full_year ? 'every post in place all year' : null,
      input.remove_posts.length ? `without post ${[...input.remove_posts].sort((a, b) => a - b).join(', ')}` : null,
      added.length ? `adding ${added.map((post) => `${post.label ? post.label + ', ' : ''}${post.role_name} (${money(post.salary)}${post.pay_award_applied ? ' with the pay award' : ''}, ${post.wte} WTE)`).join('; ')}` : null,
    ].filter(Boolean);
    return el('li', {}, `${String.fromCharCode(66 + index)}: ${scenario.name}: ${changes.length ? changes.join('; ') : 'no changes'}.`);
  });
  return el('div', { id: 'report-scenarios' }, el('h3', {}, 'Scenarios'), el('ul', {}, items));
}
