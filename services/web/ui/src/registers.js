// The registers: what each lists, its filters and its columns ([field, heading, format, numeric]).
// Formats return text: the templates put it in the page as text, never as markup.
import { UNKNOWN, yuan, num, date } from './format.js';
import { label } from './store.js';

export const REGISTERS = {
  projects: {
    title: '重点项目', service: 'project', method: 'ListProjects', items: 'projects', link: (x) => `#/project/${x.id}`,
    importer: { kind: 'investment', title: '导入投资月报', columns: '项目编号、月份、本月完成投资(万元)、说明' },
    filters: [{ f: 'stage', l: '阶段', e: 'STAGE_' }, { f: 'level', l: '级别', e: 'LEVEL_' }, { f: 'sector', l: '领域', sector: true }, { f: 'leader', l: '包靠领导' }, { f: 'responsibleUnit', l: '责任单位' }, { f: 'parkId', l: '园区编号' }],
    columns: [['id', '编号'], ['name', '项目名称'], ['sector', '领域'], ['level', '级别', label], ['stage', '阶段', label],
      ['totalInvestmentYuan', '总投资', yuan, true], ['landAreaMu', '用地(亩)', num, true], ['investedToDateYuan', '累计投资', (v, x) => (Object.keys(x.investedByYearYuan || {}).length ? yuan(v) : UNKNOWN), true], ['leader', '包靠领导'], ['responsibleUnit', '责任单位']],
  },
  leads: {
    title: '招商项目', service: 'recruitment', method: 'ListLeads', items: 'leads', link: (x) => `#/lead/${x.id}`,
    filters: [{ f: 'tier', l: '梯次', e: 'TIER_' }, { f: 'stage', l: '阶段', e: 'LEAD_STAGE_' }, { f: 'sector', l: '领域', sector: true }, { f: 'leader', l: '包靠领导' }, { f: 'responsibleUnit', l: '责任单位' }, { f: 'stalledOnly', l: '仅停滞', bool: true }],
    columns: [['id', '编号'], ['name', '项目名称'], ['investor', '投资方'], ['sector', '领域'], ['tier', '梯次', label], ['stage', '阶段', label],
      ['intendedInvestmentYuan', '意向投资', yuan, true], ['signedAmountYuan', '签约金额', (v, x) => (x.signedDate ? yuan(v) : UNKNOWN), true], ['leader', '包靠领导'], ['responsibleUnit', '责任单位']],
  },
  parks: {
    title: '园区', service: 'parks', method: 'ListParks', items: 'parks', link: (x) => `#/buildings?parkId=${x.id}`,
    filters: [{ f: 'kind', l: '类型', e: 'PARK_KIND_' }],
    columns: [['id', '编号'], ['name', '名称'], ['kind', '类型', label], ['theme', '主题'], ['areaMu', '面积(亩)', num, true]],
  },
  buildings: {
    title: '楼宇', service: 'parks', method: 'ListBuildings', items: 'buildings', link: (x) => `#/building/${x.id}`,
    importer: { kind: 'buildings', title: '导入楼宇月报', columns: '楼宇编号、月份、税收(万元)、入驻率(%)、入驻企业数、从业人员数、来源' },
    filters: [{ f: 'parkId', l: '园区编号' }, { f: 'status', l: '状态', e: 'BUILDING_STATUS_' }],
    columns: [['id', '编号'], ['name', '名称'], ['parkId', '园区'], ['status', '状态', label], ['floorAreaM2', '建筑面积(㎡)', num, true]],
  },
  enterprises: {
    title: '企业', service: 'parks', method: 'ListEnterprises', items: 'enterprises',
    filters: [{ f: 'parkId', l: '园区编号' }, { f: 'kind', l: '类型', e: 'ENTERPRISE_KIND_' }, { f: 'category', l: '类别' }],
    columns: [['id', '编号'], ['name', '名称'], ['kind', '类型', label], ['categories', '类别', (v) => (v && v.length ? v.join('、') : UNKNOWN)], ['parkId', '园区'], ['buildingId', '楼宇'], ['settledDate', '落户日期', date]],
  },
};
// JSON field (camelCase) -> request field as the export's filter takes it (the same mapping).
export const toSnake = (s) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
