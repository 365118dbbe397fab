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
