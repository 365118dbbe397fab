// Charts drawn as inline SVG from the rules core's figures, each with a table of the same
// figures for readers who cannot see the picture. Money strings become numbers here only to
// place marks on the drawing; every figure written on the page is the core's string.

import { dataTable, el } from './dom.js';
import { money } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 72, right: 16, top: 16, bottom: 40 };

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

function text(x, y, content, className) {
  const node = svg('text', { x, y, class: className });
  node.textContent = content;
  return node;
}

/**
 * A round upper bound for the axis, close above `value` so the marks fill the drawing (£212,809
 * gets £240k, not £500k), and whose quarters (the grid lines) are round too.
 */
function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function axisLabel(value) {
  if (value >= 1e6) return `£${(value / 1e6).toLocaleString('en-GB', { maximumFractionDigits: 2 })}m`;
  if (value >= 1e3) return `£${(value / 1e3).toLocaleString('en-GB', { maximumFractionDigits: 2 })}k`;
  return `£${value}`;
}

function frame(id, title, description, max) {
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'chart', focusable: 'false' });
  const titleNode = svg('title', { id: `${id}-title` });
  titleNode.textContent = title;
  const descNode = svg('desc', { id: `${id}-desc` });
  descNode.textContent = description;
  chart.append(titleNode, descNode);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  for (let i = 0; i <= 4; i += 1) {
    const value = (max * i) / 4;
    const y = PAD.top + plotHeight - (plotHeight * i) / 4;
    chart.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: 'grid' }),
      text(PAD.left - 6, y + 4, axisLabel(value), 'axis axis-y'));
  }
  return chart;
}

function figure(id, title, chart, table, legend) {
  return el('figure', { class: 'chart-figure', id },
    el('figcaption', {}, title),
    legend || null,
    chart,
    el('details', { class: 'chart-data' }, el('summary', {}, `${title}: the figures as a table`), table));
}

function legendItems(items) {
  return el('ul', { class: 'chart-legend' }, items.map(([className, label]) =>
    el('li', {}, el('span', { class: `key ${className}`, 'aria-hidden': 'true' }), label)));
}

/** Cumulative claims month by month against each pot's entitlement. */
export function cumulativeChart(result) {
  const pots = result.pots;
  const values = [];
  for (const month of result.schedule) for (const pot of month.pots) values.push(Number(pot.cumulative));
  for (const pot of pots) if (pot.entitlement !== null) values.push(Number(pot.entitlement));
  const max = niceMax(Math.max(...values, 0));
  const id = 'chart-cumulative';
  const title = `Claims so far against entitlement, ${result.year_label}`;
  const summaryText = pots.map((pot) => `${pot.name}: claims reach ${money(pot.claim)} by March` +
    (pot.entitlement !== null ? ` against an entitlement of ${money(pot.entitlement)}` : '')).join('. ');
  const chart = frame(id, title, summaryText + '.', max);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const months = result.schedule;
  const x = (i) => PAD.left + (plotWidth * (i + 0.5)) / months.length;
  const y = (v) => PAD.top + plotHeight - (plotHeight * v) / max;
  months.forEach((month, i) => {
    if (i % 2 === 0 || months.length <= 6) chart.append(text(x(i), HEIGHT - PAD.bottom + 18, month.label.split(' ')[0], 'axis axis-x'));
  });
  pots.forEach((pot, p) => {
    if (pot.entitlement !== null) {
      chart.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(Number(pot.entitlement)), y2: y(Number(pot.entitlement)), class: `limit series-${p}` }));
    }
    const points = months.map((month, i) => {
      const entry = month.pots.find((item) => item.pot === pot.id);
      return `${x(i).toFixed(1)},${y(entry ? Number(entry.cumulative) : 0).toFixed(1)}`;
    });
    chart.append(svg('polyline', { points: points.join(' '), class: `line series-${p}` }));
  });
  const columns = ['Month', ...pots.flatMap((pot) => [`${pot.name}: claimed so far`, `${pot.name}: entitlement left`])];
  const rows = months.map((month) => ({
    cells: [month.label, ...pots.flatMap((pot) => {
      const entry = month.pots.find((item) => item.pot === pot.id);
      return [money(entry ? entry.cumulative : null), money(entry ? entry.left : null)];
    })],
  }));
  const legend = legendItems(pots.flatMap((pot, p) => [[`line series-${p}`, `${pot.name}: claims so far`],
    ...(pot.entitlement !== null ? [[`limit series-${p}`, `${pot.name}: entitlement`]] : [])]));
  return figure(id, title, chart, dataTable(`${id}-table`, title, columns, rows), legend);
}

/** Horizontal-free bar chart: one bar per labelled value (money strings). */
function barChart(id, title, description, bars, valueHeading) {
  const max = niceMax(Math.max(...bars.map((bar) => Number(bar.value)), 0));
  const chart = frame(id, title, description, max);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(bars.length, 1);
  bars.forEach((bar, i) => {
    const height = (plotHeight * Math.max(Number(bar.value), 0)) / max;
    const x = PAD.left + slot * i + slot * 0.15;
    chart.append(svg('rect', { x: x.toFixed(1), y: (PAD.top + plotHeight - height).toFixed(1), width: (slot * 0.7).toFixed(1), height: height.toFixed(1), class: `bar${bar.className ? ' ' + bar.className : ''}` }));
    if (bars.length <= 16) chart.append(text(PAD.left + slot * (i + 0.5), HEIGHT - PAD.bottom + 18, bar.short, 'axis axis-x'));
  });
  const rows = bars.map((bar) => ({ cells: [bar.label, money(bar.value)] }));
  return figure(id, title, chart, dataTable(`${id}-table`, title, ['', valueHeading], rows));
}

/** Top-up paid by the practices, post by post. */
export function topUpChart(result) {
  const bars = result.posts.map((post) => ({
    label: `${post.number}. ${post.label || post.role_name}`,
    short: String(post.number),
    value: post.all_posts.top_up,
  }));
  const above = result.posts.filter((post) => !post.within_cap).length;
  return barChart('chart-top-up', `Top-up by post, ${result.year_label}`,
    `${above} of ${result.posts.length} posts cost more than their cap; the practices pay ${money(result.totals.top_up)} in top-ups in all.`,
    bars, 'Top-up');
}

/** The top-up of the plan and of each scenario (a projection is a row of later years). */
export function scenarioChart(result) {
  const bars = [{ label: `This plan (${result.year_label})`, short: 'Plan', value: result.totals.top_up },
    ...result.scenarios.map((scenario, i) => ({
      label: `${scenario.name} (${scenario.result.year_label})`, short: String.fromCharCode(66 + i), value: scenario.result.totals.top_up, className: 'alt',
    }))];
  return barChart('chart-scenarios', 'Top-up the practices fund, plan and scenarios',
    bars.map((bar) => `${bar.label}: ${money(bar.value)}`).join('; ') + '.', bars, 'Top-up');
}
