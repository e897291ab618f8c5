// Amounts as a person types them (15 亿元, 1500.5 万元) and as the services take them: whole yuan,
// a decimal string (the JSON mapping of int64), converted digit by digit so that no floating point
// error creeps in ("15" 亿元 is exactly "1500000000", "0.07" 亿元 "7000000").
// Contract: toYuan(text, unit, max) → { yuan } (a string of digits) or { error } (a zh-CN
// sentence); text empty → { yuan: undefined } (unknown, not 0).

export const UNITS = [
  { unit: '万元', digits: 4 },
  { unit: '亿元', digits: 8 },
  { unit: '元', digits: 0 },
];

// The services' bound on any amount (common/money.h kMaxYuan: 10万亿元), unless /api/labels says.
export const DEFAULT_MAX_YUAN = '10000000000000';

const cmp = (a, b) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0);  // digit strings

export function toYuan(text, unit = '万元', max = DEFAULT_MAX_YUAN) {
  const s = String(text ?? '').trim().replace(/[,，\s]/g, '');
  if (s === '') return { yuan: undefined };
  const u = UNITS.find((x) => x.unit === unit);
  if (!u) return { error: `未知的金额单位：${unit}` };
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && !m[2])) return { error: '请填写数字，例如 15 或 1500.5' };
  const whole = m[1] || '0';
  const frac = m[2] || '';
  if (frac.replace(/0+$/, '').length > u.digits) {
    return { error: u.digits ? `按${unit}填写时最多${u.digits}位小数（到元为止）` : '金额须为整数元' };
  }
  const digits = (whole + frac.padEnd(u.digits, '0').slice(0, u.digits)).replace(/^0+(?=\d)/, '');
  if (cmp(digits, String(max)) > 0) return { error: `金额不能超过${fromYuan(String(max)).text}` };
  return { yuan: digits };
}

// Whole yuan as { value, unit, text } in the largest unit it is a whole-ish number of: for putting
// a stored amount back into a form (1500000000 → "15" 亿元) without rounding.
export function fromYuan(yuan) {
  const s = String(yuan ?? '');
  if (!/^\d+$/.test(s)) return { value: '', unit: '万元', text: '' };
  const n = s.replace(/^0+(?=\d)/, '');
  const scaled = (d) => {
    const padded = n.padStart(d + 1, '0');
    const whole = padded.slice(0, padded.length - d);
    const frac = padded.slice(padded.length - d).replace(/0+$/, '');
    return frac ? `${whole}.${frac}` : whole;
  };
  const unit = n.length > 8 ? '亿元' : '万元';
  const value = scaled(unit === '亿元' ? 8 : 4);
  return { value, unit, text: value + unit };
}

// 亩 typed in a form: a number ≥ 0 with at most 2 decimals, or unknown when empty.
export function toMu(text) {
  const s = String(text ?? '').trim();
  if (s === '') return { mu: undefined };
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return { error: '用地面积请填写数字（亩），最多两位小数' };
  return { mu: Number(s) };
}
