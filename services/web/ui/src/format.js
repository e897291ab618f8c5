// Amounts, shares and dates as the district writes them; unknown is "—".
export const UNKNOWN = '—';
export const known = (v) => v !== undefined && v !== null && v !== '';
export const trim2 = (x) => Number(Number(x).toFixed(2)).toString();

// Whole yuan (a string or number) as 亿元 / 万元 / 元, two decimals at most.
export function yuan(v) {
  if (!known(v)) return UNKNOWN;
  const n = Number(v);
  if (Number.isNaN(n)) return UNKNOWN;
  if (Math.abs(n) >= 1e8) return trim2(n / 1e8) + '亿元';
  if (Math.abs(n) >= 1e4) return trim2(n / 1e4) + '万元';
  return n.toLocaleString('zh-CN') + '元';
}
export const pct = (v) => (known(v) ? trim2(Number(v) * 100) + '%' : UNKNOWN);
export const num = (v) => (known(v) ? Number(v).toLocaleString('zh-CN') : UNKNOWN);
export const text = (v) => (known(v) ? String(v) : UNKNOWN);

// A district.common.v1.Date (or YearMonth) as 2020年6月 / 2020年6月30日.
export function date(d) {
  if (!d || !d.year) return UNKNOWN;
  return `${d.year}年${d.month}月${d.day ? d.day + '日' : ''}`;
}
export function parseDate(s) {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s || '');
  return m ? { year: +m[1], month: +m[2], day: +m[3] } : undefined;
}
// An <input type=month> value ("2020-03") as a YearMonth, and a YearMonth as a chart label.
export function parseMonth(s) {
  const [year, month] = String(s || '').split('-').map(Number);
  return { year, month };
}
export const monthLabel = (ym) => `${ym.year}-${String(ym.month).padStart(2, '0')}`;
// 万元 typed in a form as whole yuan (a string, as the JSON mapping of int64 wants).
export function wanToYuan(s) {
  if (!known(s)) return undefined;
  return String(Math.round(Number(s) * 10000));
}
// The scoreboard's names carry an English gloss for the command line: the page shows the Chinese.
export const chineseName = (name) => String(name || '').replace(/\s*\([A-Za-z][^)]*\)\s*$/, '');
export const statusClass = (s) => 's-' + String(s || 'TARGET_STATUS_NO_DATA').replace('TARGET_STATUS_', '');
export function lastMonth(now = new Date()) {
  const d = new Date(now);
  d.setDate(0);  // the last day of the month before
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
