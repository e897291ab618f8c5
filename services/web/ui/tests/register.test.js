// A whole view in happy-dom with the web API mocked: the register asks for what the old page asked
// for, shows labels (never enum names), amounts as the district writes them, unknown as —, and
// markup in a name as text.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { state } from '../src/store.js';
import Register from '../src/views/Register.vue';

const MARKUP = '<img src=x onerror="window.hacked=1">';

beforeEach(() => {
  state.csrf = 'csrf-1';
  state.labels = { STAGE_PLANNING: '谋划', STAGE_SIGNED: '签约', LEVEL_PROVINCIAL: '省重点' };
  state.order = ['STAGE_UNSPECIFIED', 'STAGE_PLANNING', 'STAGE_SIGNED', 'LEVEL_PROVINCIAL'];
  state.sectors = ['高端装备', '城市更新'];
  location.hash = '#/projects?sector=%E9%AB%98%E7%AB%AF%E8%A3%85%E5%A4%87';
  globalThis.fetch = vi.fn(async () => ({ ok: true, status: 200, json: async () => ({
    projects: [
      { id: 'P00000001', name: '林德液压', sector: '高端装备', level: 'LEVEL_PROVINCIAL', stage: 'STAGE_SIGNED',
        totalInvestmentYuan: '1000000000', landAreaMu: 240, investedToDateYuan: '140000000', investedByYearYuan: { 2020: '140000000' }, leader: '刘副区长' },
      { id: 'P00000005', name: MARKUP, sector: '高端装备', stage: 'STAGE_PLANNING', investedToDateYuan: '0' },
    ],
    nextPageToken: 'next-1',
  }) }));
});
afterEach(() => { delete window.hacked; });

describe('the projects register', () => {
  it('lists a filtered page with labels, 亿元/万元 and —', async () => {
    const w = mount(Register, { props: { name: 'projects', params: new URLSearchParams('sector=高端装备') } });
    await flushPromises();
    const [url, init] = globalThis.fetch.mock.calls[0];
    expect(url).toBe('/api/district.project.v1.ProjectService/ListProjects');
    expect(init.headers['X-CSRF-Token']).toBe('csrf-1');
    expect(JSON.parse(init.body)).toEqual({ pageSize: 50, pageToken: '', sector: '高端装备' });
    const rows = w.findAll('#register tr').map((r) => r.findAll('td').map((t) => t.text()));
    expect(rows[1]).toEqual(['P00000001', '林德液压', '高端装备', '省重点', '签约', '10亿元', '240', '1.4亿元', '刘副区长', '—']);
    // No report: the investment to date is unknown, not 0; no level: —.
    expect(rows[2]).toEqual(['P00000005', MARKUP, '高端装备', '—', '谋划', '—', '—', '—', '—', '—']);
    expect(w.find('#register img').exists()).toBe(false);
    expect(w.text()).not.toMatch(/STAGE_|LEVEL_/);
    // The stage filter offers the labels, without UNSPECIFIED; the export takes the same filter.
    const stages = w.findAll('select[name=stage] option').map((o) => o.text());
    expect(stages).toEqual(['全部', '谋划', '签约']);
    expect(decodeURIComponent(w.find('#export').attributes('href'))).toBe('/api/export/projects.xlsx?filter={"sector":"高端装备"}');
    expect(w.find('#next').attributes('disabled')).toBeUndefined();
    expect(w.find('#prev').attributes('disabled')).toBeDefined();
  });
  it('sorts the page by a column when its heading is clicked', async () => {
    const w = mount(Register, { props: { name: 'projects', params: new URLSearchParams('') } });
    await flushPromises();
    await w.find('th[data-key="totalInvestmentYuan"]').trigger('click');
    expect(location.hash).toBe('#/projects?sort=totalInvestmentYuan%3Aasc');
  });
});
