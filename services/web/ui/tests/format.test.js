import { describe, expect, it } from 'vitest';
import { yuan, pct, num, date, parseDate, parseMonth, monthLabel, wanToYuan, chineseName, lastMonth, UNKNOWN } from '../src/format.js';

describe('amounts as the district writes them', () => {
  it('writes 亿元, 万元 and 元 with two decimals at most', () => {
    expect(yuan('69100000000')).toBe('691亿元');
    expect(yuan('1235000000')).toBe('12.35亿元');
    expect(yuan(50000000)).toBe('5000万元');
    expect(yuan('123456')).toBe('12.35万元');
    expect(yuan(9999)).toBe('9,999元');
    expect(yuan('0')).toBe('0元');
  });
  it('shows unknown as —, not 0', () => {
    for (const v of [undefined, null, '']) {
      expect(yuan(v)).toBe(UNKNOWN);
      expect(pct(v)).toBe(UNKNOWN);
      expect(num(v)).toBe(UNKNOWN);
    }
    expect(UNKNOWN).toBe('—');
  });
  it('writes shares and counts', () => {
    expect(pct(0.5)).toBe('50%');
    expect(pct(0.12345)).toBe('12.35%');
    expect(num(1234567)).toBe('1,234,567');
  });
  it('takes 万元 typed in a form as whole yuan', () => {
    expect(wanToYuan('5000')).toBe('50000000');
    expect(wanToYuan('1500.5')).toBe('15005000');
    expect(wanToYuan('')).toBeUndefined();
  });
});

describe('dates', () => {
  it('writes 2020年6月 and 2020年3月30日', () => {
    expect(date({ year: 2020, month: 6 })).toBe('2020年6月');
    expect(date({ year: 2020, month: 3, day: 30 })).toBe('2020年3月30日');
    expect(date(undefined)).toBe('—');
    expect(date({})).toBe('—');
  });
  it('reads the inputs of forms', () => {
    expect(parseDate('2020-04-01')).toEqual({ year: 2020, month: 4, day: 1 });
    expect(parseDate('')).toBeUndefined();
    expect(parseMonth('2020-03')).toEqual({ year: 2020, month: 3 });
    expect(monthLabel({ year: 2020, month: 3 })).toBe('2020-03');
    expect(lastMonth(new Date(2020, 6, 15))).toBe('2020-06');
    expect(lastMonth(new Date(2021, 0, 5))).toBe('2020-12');
  });
  it('drops the scoreboard names\' English gloss', () => {
    expect(chineseName('年度重点项目 (key projects of the year)')).toBe('年度重点项目');
    expect(chineseName('首个亿元楼宇')).toBe('首个亿元楼宇');
  });
});
