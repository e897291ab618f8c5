// Components in happy-dom: labels come from GET /api/labels (never an enum's name), markup in data
// is text, a service's error shows next to the field it names.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { state } from '../src/store.js';
import LightChip from '../src/components/LightChip.vue';
import GroupTable from '../src/components/GroupTable.vue';
import Timeline from '../src/components/Timeline.vue';
import FieldError from '../src/components/FieldError.vue';
import ImportPanel from '../src/components/ImportPanel.vue';
import DateField from '../src/components/DateField.vue';
import { useForm } from '../src/forms.js';
import { ApiError } from '../src/api.js';

const MARKUP = '<img src=x onerror="window.hacked=1">';

beforeEach(() => {
  state.labels = { LIGHT_RED: '红灯', LIGHT_UNSPECIFIED: '无计划', STAGE_SIGNED: '签约' };
  state.order = Object.keys(state.labels);
  delete window.hacked;
});

describe('LightChip', () => {
  it('says its colour in words, from the labels', () => {
    const w = mount(LightChip, { props: { light: 'LIGHT_RED' } });
    expect(w.text()).toBe('红灯');
    expect(w.classes()).toContain('l-RED');
  });
  it('shows no plan when there is no light', () => {
    expect(mount(LightChip).text()).toBe('无计划');
  });
  it('never shows an enum value\'s name', () => {
    const w = mount(LightChip, { props: { light: 'LIGHT_PURPLE' } });
    expect(w.text()).not.toContain('LIGHT_');
  });
});

describe('GroupTable', () => {
  it('ranks with 名次, amounts in 万元/亿元, unknown as —, markup as text', () => {
    const w = mount(GroupTable, { props: { id: 'by-unit', who: '责任单位', groups: [
      { name: MARKUP, projectCount: 2, plannedYuan: '250000000', investedYuan: '50000000', completion: 0.2, redCount: 1 },
      { projectCount: 1 },
    ] } });
    const rows = w.findAll('tr');
    expect(rows).toHaveLength(3);
    const first = rows[1].findAll('td').map((t) => t.text());
    expect(first).toEqual(['1', MARKUP, '2', '2.5亿元', '5000万元', '20%', '1']);
    expect(w.find('img').exists()).toBe(false);
    const second = rows[2].findAll('td').map((t) => t.text());
    expect(second).toEqual(['2', '未指定', '1', '—', '—', '—', '0']);
  });
});

describe('Timeline', () => {
  it('shows stages by their labels with dates', () => {
    const w = mount(Timeline, { props: { history: [{ effectiveDate: { year: 2020, month: 3, day: 30 }, toStage: 'STAGE_SIGNED', reason: MARKUP }] } });
    expect(w.text()).toBe(`2020年3月30日 签约（${MARKUP}）`);
    expect(w.find('img').exists()).toBe(false);
  });
});

describe('forms', () => {
  const Form = defineComponent({
    props: { submit: Function },
    setup(props) {
      const form = useForm(props.submit, null, { saved: '' });
      return () => h('form', { id: 'f', onSubmit: (ev) => { ev.preventDefault(); return form.onSubmit(ev); } }, [
        h('label', ['面积', h('input', { name: 'area', 'data-field': 'project.land_area_mu', value: '12' }), h(FieldError, { form, name: 'area' })]),
        h('div', { class: 'form-error' }, form.general),
      ]);
    },
  });
  it('shows the localized message next to the field the error names', async () => {
    const submit = vi.fn(() => Promise.reject(new ApiError({ code: 'FAILED_PRECONDITION', field: 'project.land_area_mu',
      message: 'project.land_area_mu: required', localizedMessage: '取得土地前须先填写用地面积（亩）' }, 400)));
    const w = mount(Form, { props: { submit } });
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(submit).toHaveBeenCalledWith({ area: '12' });
    expect(w.find('label .field-error').text()).toBe('取得土地前须先填写用地面积（亩）');
    expect(w.find('.form-error').text()).toBe('');
  });
  it('shows an error without a field under the form, and permission errors as such', async () => {
    const submit = () => Promise.reject(new ApiError({ code: 'PERMISSION_DENIED', message: 'denied', localizedMessage: '只读账号不能修改' }, 403));
    const w = mount(Form, { props: { submit } });
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.find('.field-error').exists()).toBe(false);
    expect(w.find('.form-error').text()).toBe('无权限：只读账号不能修改');
  });
});

describe('DateField', () => {
  const Form = defineComponent({
    props: { submit: Function },
    setup(props) {
      const form = useForm(props.submit, null, { saved: '' });
      return () => h('form', { onSubmit: (ev) => { ev.preventDefault(); return form.onSubmit(ev); } }, [
        h('label', ['日期', h(DateField, { name: 'date', field: 'effective_date', required: true }), h(FieldError, { form, name: 'date' })]),
      ]);
    },
  });
  it('is a zh-CN picker whose empty required value is asked for before any call', async () => {
    const submit = vi.fn(() => Promise.resolve({}));
    const w = mount(Form, { props: { submit } });
    expect(w.find('.el-date-editor input').attributes('placeholder')).toBe('选择日期');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(submit).not.toHaveBeenCalled();
    expect(w.find('.field-error').text()).toBe('请填写此项');
  });
  it('sends the value the form holds, as YYYY-MM-DD', async () => {
    const submit = vi.fn(() => Promise.resolve({}));
    const w = mount(Form, { props: { submit } });
    await w.find('input[type=hidden]').setValue('2020-04-01');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(submit).toHaveBeenCalledWith({ date: '2020-04-01' });
  });
});

describe('ImportPanel', () => {
  it('lists every bad cell the service names, as text', async () => {
    globalThis.fetch = vi.fn(async () => ({ ok: false, statusText: 'Bad Request',
      json: async () => ({ errors: [{ row: 4, column: '月份', message: '不是月份' }, { row: 5, column: MARKUP, message: '未知项目' }], errorCount: 7 }) }));
    const w = mount(ImportPanel, { props: { importer: { kind: 'investment', title: '导入投资月报', columns: '项目编号' } } });
    const input = w.find('input[type=file]');
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'r.csv')] });
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(globalThis.fetch.mock.calls[0][0]).toBe('/api/import/investment');
    const cells = w.findAll('#import-errors tr').slice(1).map((r) => r.findAll('td').map((t) => t.text()));
    expect(cells).toEqual([['4', '月份', '不是月份'], ['5', MARKUP, '未知项目']]);
    expect(w.find('#import-more').text()).toBe('还有 5 处错误未列出。');
    expect(w.find('img').exists()).toBe(false);
  });
});
