import { describe, expect, it } from 'vitest';
import { toYuan, fromYuan, toMu, DEFAULT_MAX_YUAN } from '../src/amounts.js';

describe('amounts typed in 万元 or 亿元 as whole yuan, exactly', () => {
  it('converts without floating point error', () => {
    expect(toYuan('15', '亿元')).toEqual({ yuan: '1500000000' });
    expect(toYuan('1500.5', '万元')).toEqual({ yuan: '15005000' });
    expect(toYuan('0.07', '亿元')).toEqual({ yuan: '7000000' });
    expect(toYuan('1.1', '亿元')).toEqual({ yuan: '110000000' });  // 1.1 * 1e8 is 110000000.00000001
    expect(toYuan('0.29', '万元')).toEqual({ yuan: '2900' });       // 0.29 * 1e4 is 2899.9999999999995
    expect(toYuan('1,234.5678', '万元')).toEqual({ yuan: '12345678' });
    expect(toYuan('  8 ', '元')).toEqual({ yuan: '8' });
    expect(toYuan('0', '亿元')).toEqual({ yuan: '0' });
    expect(toYuan('.5', '万元')).toEqual({ yuan: '5000' });
    expect(toYuan('12.000000000', '亿元')).toEqual({ yuan: '1200000000' });
  });
  it('treats an empty box as unknown, not 0', () => {
    expect(toYuan('', '亿元')).toEqual({ yuan: undefined });
    expect(toYuan(undefined)).toEqual({ yuan: undefined });
  });
  it('refuses what is not an amount, in Chinese', () => {
    for (const bad of ['15亿', '-1', 'abc', '1.2.3', '.', '1e5']) expect(toYuan(bad, '万元').error).toMatch(/数字/);
    expect(toYuan('0.00001', '万元').error).toMatch(/最多4位小数/);
    expect(toYuan('1.5', '元').error).toMatch(/整数/);
  });
  it("refuses more than the contract's bound", () => {
    expect(toYuan('100000', '亿元')).toEqual({ yuan: DEFAULT_MAX_YUAN });
    expect(toYuan('100000.00000001', '亿元').error).toMatch(/不能超过10万亿元|不能超过100000亿元/);
    expect(toYuan('99999999999999999999', '万元').error).toMatch(/不能超过/);
    expect(toYuan('600', '亿元', '50000000000').error).toMatch(/不能超过500亿元/);
  });
  it('puts a stored amount back in the largest unit, exactly', () => {
    expect(fromYuan('1500000000')).toEqual({ value: '15', unit: '亿元', text: '15亿元' });
    expect(fromYuan('15005000')).toEqual({ value: '1500.5', unit: '万元', text: '1500.5万元' });
    expect(fromYuan('123456789')).toEqual({ value: '1.23456789', unit: '亿元', text: '1.23456789亿元' });
    expect(fromYuan('0')).toEqual({ value: '0', unit: '万元', text: '0万元' });
    expect(fromYuan(undefined).value).toBe('');
    for (const y of ['1', '99', '100000000', '110000000', '10000000000000']) {
      const f = fromYuan(y);
      expect(toYuan(f.value, f.unit).yuan).toBe(y);
    }
  });
  it('takes 亩 with two decimals at most', () => {
    expect(toMu('12.5')).toEqual({ mu: 12.5 });
    expect(toMu('')).toEqual({ mu: undefined });
    expect(toMu('1.234').error).toMatch(/亩/);
  });
});
