// The calculator's number and date formats (templates/static/calculator/format.js), run in Node:
// whole pounds where a figure is whole, pence otherwise, digit grouping, a real minus sign,
// rates as percentages moved by string (no floating point), dates as `1 April 2026`, and dates the
// page puts into a date field as its hint asks (`1/10/2026`).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldDate, grouped, isNegative, isPositive, longDate, money, moneyUnsigned, percent } from '../../templates/static/calculator/format.js';

test('money: whole pounds without pence, pence when there are any, grouped, signed', () => {
  assert.equal(money('183618.24'), '£183,618.24');
  assert.equal(money('133155.00'), '£133,155');
  assert.equal(money('1000000'), '£1,000,000');
  assert.equal(money('0.50'), '£0.50');
  assert.equal(money('-50463.24'), '−£50,463.24');
  assert.equal(moneyUnsigned('-50463.24'), '£50,463.24');
  assert.equal(money(null), '–');
});

test('percent: rates written as percentages without floating-point error', () => {
  assert.equal(percent('0.1438'), '14.38%');
  assert.equal(percent('0.15'), '15%');
  assert.equal(percent('0.138'), '13.8%');
  assert.equal(percent('0.5'), '50%');
  assert.equal(percent('1'), '100%');
  assert.equal(percent('0.07'), '7%');
});

test('dates, grouping and signs', () => {
  assert.equal(longDate('2026-04-01'), '1 April 2026');
  assert.equal(longDate('2027-03-31'), '31 March 2027');
  assert.equal(grouped('30000'), '30,000');
  assert.equal(grouped('31250.5'), '31,250.5');
  assert.ok(isNegative('-0.01') && !isNegative('-0.00') && !isNegative('5'));
  assert.ok(isPositive('0.01') && !isPositive('0.00') && !isPositive('-3'));
});

test('dates filled in by the page read like the hint: day and month without leading zeros; typed text is kept', () => {
  assert.equal(fieldDate('2026-10-01'), '1/10/2026');
  assert.equal(fieldDate('2027-03-31'), '31/3/2027');
  assert.equal(fieldDate('2026-06-15'), '15/6/2026');
  for (const typed of ['01/10/2026', '1/10/26', '1 October 2026', 'soon', '']) assert.equal(fieldDate(typed), typed);
  assert.equal(fieldDate(undefined), '');
});
