// Display formats for figures the rules core returns. Money arrives as decimal strings
// ("1234.50"); these functions only add the pound sign and digit grouping and drop ".00",
// and never do arithmetic on money.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** `"183618.24"` → `£183,618.24`; `"52000.00"` → `£52,000`; `"-5.5"` → `−£5.50`; null → `–`. */
export function money(text) {
  if (text === null || text === undefined || text === '') return '–';
  const value = String(text).trim();
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const pence = fraction.padEnd(2, '0').slice(0, 2);
  return (negative ? '−£' : '£') + grouped + (/^0*$/.test(pence) ? '' : '.' + pence);
}

/** A money string without its sign, for sentences that say "over" or "under" in words. */
export function moneyUnsigned(text) {
  return money(String(text).replace(/^-/, ''));
}

/** True when a decimal string is below zero. */
export function isNegative(text) {
  return typeof text === 'string' && /^-\d*\.?\d*[1-9]/.test(text);
}

/** True when a decimal string is above zero. */
export function isPositive(text) {
  return typeof text === 'string' && !text.startsWith('-') && /[1-9]/.test(text);
}

/** `"2026-04-01"` → `1 April 2026`. */
export function longDate(iso) {
  if (!iso) return '';
  const [year, month, day] = iso.split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/**
 * A date the page puts into a date field, in the form the fields' hints ask for:
 * `"2026-10-01"` → `1/10/2026`. Anything that is not an ISO date is returned unchanged, so
 * what a reader typed is never rewritten.
 */
export function fieldDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  return match ? `${Number(match[3])}/${Number(match[2])}/${match[1]}` : text ?? '';
}

/** `"0.1438"` → `14.38%` (moves the decimal point; no floating point). */
export function percent(rate) {
  const text = String(rate);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const padded = fraction.padEnd(2, '0');
  const units = (whole + padded.slice(0, 2)).replace(/^0+(?=\d)/, '');
  const rest = padded.slice(2).replace(/0+$/, '');
  return (negative ? '−' : '') + units + (rest ? '.' + rest : '') + '%';
}

/** `"30000"` → `30,000` (a plain number with digit grouping). */
export function grouped(text) {
  if (text === null || text === undefined) return '';
  const [whole, fraction] = String(text).split('.');
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? '.' + fraction : '');
}

/** Today's date as `YYYY-MM-DD` in the reader's time zone. */
export function todayIso() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Working time in words: `{value: "30", unit: "hours"}` → `30 hours a week`. */
export function workingTime(time, wte) {
  if (!time) return '';
  if (time.unit === 'hours') return `${time.value} hours a week (${wte} WTE)`;
  if (time.unit === 'sessions') return `${time.value} sessions a week (${wte} WTE)`;
  return `${time.value} WTE`;
}
