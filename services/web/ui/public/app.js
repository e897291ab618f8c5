// The district workbench page: hash routes, each a view over the web service's JSON API (the
// protobuf JSON mapping of the suite's own messages). No framework: a page of forms and tables.
'use strict';

const DISTRICT = '奎文区';
const SVC = {
  project: 'district.project.v1.ProjectService',
  recruitment: 'district.recruitment.v1.RecruitmentService',
  parks: 'district.parks.v1.ParkMetricsService',
  aggregator: 'district.aggregator.v1.DistrictService',
};
const SERVICE_NAMES = { project: '项目服务', recruitment: '招商服务', parks: '园区服务' };
const state = { csrf: '', signedIn: false, labels: {}, order: [], sectors: [] };
// An enum's values in the protos' order, without UNSPECIFIED: e.g. values('STAGE_').
const values = (prefix) => state.order.filter((k) => k.startsWith(prefix) && !k.endsWith('_UNSPECIFIED'));

// ---------- the API ----------

// A refusal as the services send it (AIP-193): the sentence to show (localizedMessage, zh-CN) when
// there is one, else the developers' message; the field at fault and every violation.
class ApiError extends Error {
  constructor(error, http) {
    super(error.localizedMessage || error.message || '请求失败');
    this.code = error.code; this.field = error.field; this.violations = error.violations || [];
    this.developerMessage = error.message; this.http = http;
  }
}

// A write-safe POST of JSON to the web service (it wants the CSRF header on every POST).
async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf },
    body: JSON.stringify(body || {}),
  });
  const data = await res.json().catch(() => ({ error: { code: 'UNKNOWN', message: res.statusText } }));
  if (!res.ok) throw new ApiError(data.error || {}, res.status);
  return data;
}

// A method of one of the suite's services, e.g. api('project', 'GetProject', { id }).
const api = (service, method, body) => post(`/api/${SVC[service]}/${method}`, body);

// ---------- formatting: amounts as the district writes them; unknown is "—" ----------

const UNKNOWN = '—';
const known = (v) => v !== undefined && v !== null && v !== '';
function trim2(x) { return Number(x.toFixed(2)).toString(); }
function yuan(v) {
  if (!known(v)) return UNKNOWN;
  const n = Number(v);
  if (Math.abs(n) >= 1e8) return trim2(n / 1e8) + '亿元';
  if (Math.abs(n) >= 1e4) return trim2(n / 1e4) + '万元';
  return n.toLocaleString('zh-CN') + '元';
}
const pct = (v) => (known(v) ? trim2(Number(v) * 100) + '%' : UNKNOWN);
const num = (v) => (known(v) ? Number(v).toLocaleString('zh-CN') : UNKNOWN);
function date(d) {
  if (!d || !d.year) return UNKNOWN;
  return `${d.year}年${d.month}月${d.day ? d.day + '日' : ''}`;
}
const label = (v) => (known(v) ? state.labels[v] || v : UNKNOWN);
function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
const text = (v) => (known(v) ? esc(v) : UNKNOWN);
function parseDate(s) {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s || '');
  return m ? { year: +m[1], month: +m[2], day: +m[3] } : undefined;
}
// An <input type=month> value ("2020-03") as a YearMonth, and a YearMonth as a chart label.
function parseMonth(s) {
  const [year, month] = (s || '').split('-').map(Number);
  return { year, month };
}
const monthLabel = (ym) => `${ym.year}-${String(ym.month).padStart(2, '0')}`;
// A stage history, oldest first, as a timeline.
function timeline(history) {
  return `<ul class="timeline">${(history || []).map((c) => `<li>${date(c.effectiveDate)} ${label(c.toStage)}${c.reason ? '（' + esc(c.reason) + '）' : ''}</li>`).join('')}</ul>`;
}
function wanToYuan(s) {
  if (!known(s)) return undefined;
  return String(Math.round(Number(s) * 10000));
}
const statusClass = (s) => 's-' + String(s || 'TARGET_STATUS_NO_DATA').replace('TARGET_STATUS_', '');
// A supervision light as a coloured chip with its text (红灯/黄灯/绿灯/无计划): colour alone fails
// colour-blind readers and printouts.
const lightChip = (l) => `<span class="light l-${String(l || 'LIGHT_UNSPECIFIED').replace('LIGHT_', '')}">${label(l || 'LIGHT_UNSPECIFIED')}</span>`;

// ---------- page frame ----------

const main = () => document.getElementById('main');
function unavailable(service, why) {
  return `<div class="unavailable" data-unavailable="${service}">${SERVICE_NAMES[service] || service}暂不可用${why ? '（' + esc(why) + '）' : ''}</div>`;
}
function partOk(parts, service) {
  const p = (parts || []).find((x) => x.service === service);
  return !p || p.available;
}
function partWhy(parts, service) {
  const p = (parts || []).find((x) => x.service === service);
  return p ? p.error : '';
}
const charts = [];
function chart(el, option) {
  const c = echarts.init(el, null, { renderer: 'svg' });
  for (const s of option.series || []) if (s.type === 'bar') s.barMaxWidth = 48;
  c.setOption(Object.assign({ animation: false, tooltip: {}, grid: { left: 60, right: 20, top: 30, bottom: 40, containLabel: true } }, option));
  charts.push(c);
  return c;
}
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

function showError(e) {
  if (e.http === 401) return signInForm('请先登录');
  main().innerHTML = `<div class="unavailable">${esc(e.message)}</div>`;
}

// ---------- session ----------

async function loadSession() {
  const res = await fetch('/api/session', { credentials: 'same-origin' });
  const s = await res.json();
  state.csrf = s.csrf; state.signedIn = s.signedIn;
  const el = document.getElementById('session');
  if (s.signedIn) {
    el.innerHTML = '<span>已登录</span><button class="secondary" id="signout">退出</button>';
    document.getElementById('signout').onclick = async () => { await post('/api/signout'); location.reload(); };
  } else {
    el.innerHTML = '<a href="#/signin">登录</a>';
  }
}

function signInForm(message) {
  main().innerHTML = `<div class="panel" style="max-width:480px">
    <h2>登录</h2><p class="muted">${esc(message || '请输入您的访问令牌（由系统管理员发放）。')}</p>
    <form id="signin" class="inline"><label>访问令牌<input type="password" name="token" autocomplete="off" required></label>
    <button>登录</button></form><div class="form-error" id="signin-error"></div></div>`;
  document.getElementById('signin').onsubmit = async (ev) => {
    ev.preventDefault();
    try {
      await post('/api/session', { token: ev.target.token.value });
      await loadSession();
      document.getElementById('banner').hidden = true;
      if (location.hash === '#/overview') route(); else location.hash = '#/overview';
    } catch (e) { document.getElementById('signin-error').textContent = e.message; }
  };
}

// ---------- forms: service errors next to the field they name ----------

function wireForm(form, submit, done) {
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    form.querySelectorAll('.field-error').forEach((x) => x.remove());
    const general = form.querySelector('.form-error') || form.appendChild(Object.assign(document.createElement('div'), { className: 'form-error' }));
    general.textContent = '';
    try {
      await submit(Object.fromEntries(new FormData(form)));
      await done();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const msg = e.code === 'PERMISSION_DENIED' ? '无权限：' + e.message : e.message;
      const name = (e.field || '').split('.').pop();
      const input = name && (form.querySelector(`[data-field="${e.field}"]`) || form.querySelector(`[data-field$=".${name}"]`) || form.querySelector(`[name="${name}"]`));
      if (input) {
        input.closest('label').appendChild(Object.assign(document.createElement('span'), { className: 'field-error', textContent: msg }));
      } else {
        general.textContent = msg;
      }
    }
  };
}

// ---------- 驾驶舱: the overview of a year ----------

async function overview(params) {
  const year = Number(params.get('year')) || 2020;
  const [o, board, taxes, listed] = await Promise.all([
    api('aggregator', 'GetOverview', { year }),
    api('aggregator', 'GetScoreboard', { year }),
    api('parks', 'GetTaxTotals', { year }).catch((e) => ({ failed: e })),
    api('project', 'ListProjects', { pageSize: 1000, programmeYear: year }).catch((e) => ({ failed: e })),
  ]);
  const today = new Date();
  const asOf = year < today.getFullYear() ? `${year}年12月31日` : `${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`;
  if (!state.signedIn) showBanner('匿名访问：服务未要求登录，仅供本地开发使用。');
  const p = o.projects || {}; const prog = p.programme || {}; const land = p.landStart || {};
  const r = o.recruitment || {}; const k = o.parks || {}; const w = o.warnings || {};
  const years = [year - 1, year, year + 1].map((y) => `<option ${y === year ? 'selected' : ''}>${y}</option>`).join('');
  main().innerHTML = `
    <h1>${DISTRICT}重点工作驾驶舱 · ${year}年 <select id="year">${years}</select>
      <a class="export" id="export" href="/api/export/overview.xlsx?filter=${encodeURIComponent(JSON.stringify({ year }))}" download>导出 Excel</a></h1>
    <div class="asof">数据截至 ${asOf}</div>
    <div class="cards" id="cards">${(board.entries || []).map(card).join('') || '<p class="muted">本年度尚未设定目标</p>'}</div>
    <div class="grid">
      <div class="panel" id="programme"><h2>年度计划与拿地即开工</h2>${partOk(o.parts, 'project') ? programmeFacts(year, prog, land, p) : unavailable('project', partWhy(o.parts, 'project'))}</div>
      <div class="panel"><h2>项目阶段分布</h2>${partOk(o.parts, 'project') ? '<div class="chart" id="chart-stage"></div>' : unavailable('project', partWhy(o.parts, 'project'))}</div>
      <div class="panel"><h2>行业分布</h2>${partOk(o.parts, 'project') ? '<div class="chart" id="chart-sector"></div>' : unavailable('project')}</div>
      <div class="panel"><h2>层级分布</h2>${partOk(o.parts, 'project') ? '<div class="chart" id="chart-level"></div>' : unavailable('project')}</div>
      <div class="panel" id="tiers"><h2>招商梯次</h2>${partOk(o.parts, 'recruitment') ? tierTable(o.tiers, r) : unavailable('recruitment', partWhy(o.parts, 'recruitment'))}</div>
      <div class="panel"><h2>园区与楼宇税收</h2>${partOk(o.parts, 'parks') && !taxes.failed ? '<div class="chart" id="chart-tax"></div>' + parkFacts(k) : unavailable('parks', partWhy(o.parts, 'parks'))}</div>
      <div class="panel" id="top-projects"><h2>${year}年重点项目（按总投资）</h2>${listed.failed ? unavailable('project', listed.failed.message) : topProjects(listed.projects)}</div>
      <div class="panel wide" id="warnings"><h2>预警</h2>${warnings(w, o.parts, p)}</div>
    </div>`;
  document.getElementById('year').onchange = (ev) => { location.hash = `#/overview?year=${ev.target.value}`; };
  if (partOk(o.parts, 'project')) {
    bucketChart('chart-stage', p.byStage, true);
    bucketChart('chart-sector', p.bySector, false);
    bucketChart('chart-level', p.byLevel, true);
  }
  if (partOk(o.parts, 'parks') && !taxes.failed) taxChart(taxes);
}

function topProjects(projects) {
  const rows = [...(projects || [])].sort((a, b) => Number(b.totalInvestmentYuan || 0) - Number(a.totalInvestmentYuan || 0)).slice(0, 10);
  if (!rows.length) return '<p class="muted">本年度计划尚无项目入库</p>';
  return `<table><tr><th>项目</th><th>阶段</th><th class="num">总投资</th><th>包靠领导</th></tr>${rows.map((p) => `<tr>
    <td><a href="#/project/${esc(p.id)}">${esc(p.name)}</a></td><td>${label(p.stage)}</td><td class="num">${yuan(p.totalInvestmentYuan)}</td>
    <td>${p.leader ? `<a href="#/leader/${encodeURIComponent(p.leader)}">${esc(p.leader)}</a>` : UNKNOWN}</td></tr>`).join('')}</table>`;
}

// The scoreboard's names carry an English gloss for the command line: the page shows the Chinese.
const chineseName = (name) => String(name || '').replace(/\s*\([A-Za-z][^)]*\)\s*$/, '');

function card(e) {
  const fmt = (v) => (e.unit === 'yuan' ? yuan(v) : e.unit === 'share' ? pct(v) : num(v));
  return `<div class="card ${statusClass(e.status)}" data-target="${esc(e.name)}">
    <div class="name">${esc(chineseName(e.name))}</div>
    <div class="actual">${known(e.actual) ? fmt(e.actual) : UNKNOWN}</div>
    <div class="goal">目标 ${fmt(e.target)} · 完成 ${pct(e.shareDone)}</div>
    <span class="status ${statusClass(e.status)}">${label(e.status || 'TARGET_STATUS_NO_DATA')}</span></div>`;
}

function programmeFacts(year, prog, land, p) {
  return `<dl class="facts">
    <dt>${year}年计划</dt><dd>${prog.declared ? `${num(prog.declaredProjectCount)}个项目，计划投资${yuan(prog.declaredInvestmentYuan)}` : UNKNOWN}</dd>
    <dt>已入库</dt><dd>${num(prog.projectCount)}个（开工${num(prog.startedProjectCount)}个）</dd>
    <dt>完成投资</dt><dd>${known(prog.investedYuan) ? `${yuan(prog.investedYuan)}（${pct(prog.investedShare)}）` : UNKNOWN + '（暂无月报）'}</dd>
    <dt>拿地即开工率</dt><dd>${known(land.rate) ? pct(land.rate) : UNKNOWN}（${num(land.startedWithinWindow)}/${num(land.landAcquired)}，目标 ≥ ${pct(land.targetShare)}）</dd>
    <dt>登记项目</dt><dd>${num(p.projectCount)}个，总投资${yuan(p.totalInvestmentYuan)}</dd></dl>`;
}

function bucketChart(id, buckets, labelled) {
  const el = document.getElementById(id);
  const rows = buckets || [];
  const names = rows.map((b) => (labelled ? label(b.key) : b.key || '未分类'));
  chart(el, {
    tooltip: { trigger: 'axis' },
    legend: { data: ['项目数', '投资(亿元)'] },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0 } },
    yAxis: [{ type: 'value', name: '个' }, { type: 'value', name: '亿元' }],
    series: [
      { name: '项目数', type: 'bar', data: rows.map((b) => b.count) },
      { name: '投资(亿元)', type: 'bar', yAxisIndex: 1, data: rows.map((b) => Number(b.totalInvestmentYuan) / 1e8) },
    ],
  });
}

function taxChart(taxes) {
  const rows = [...(taxes.parks || []).map((x) => ({ n: x.name || x.parkId, v: x.taxRevenueYuan })),
    ...(taxes.buildings || []).map((x) => ({ n: x.name || x.buildingId, v: x.taxRevenueYuan }))];
  rows.sort((a, b) => Number(a.v) - Number(b.v));
  const el = document.getElementById('chart-tax');
  if (!rows.length) {
    el.outerHTML = '<p class="muted" id="chart-tax">本年度尚无楼宇月报（暂无数据）</p>';
    return;
  }
  chart(el, {
    tooltip: { trigger: 'axis', valueFormatter: (v) => trim2(v) + '万元' },
    grid: { left: 20, right: 56, top: 30, bottom: 30, containLabel: true },  // room for the unit
    xAxis: { type: 'value', name: '万元' },
    yAxis: { type: 'category', data: rows.map((r) => r.n) },
    series: [{ type: 'bar', data: rows.map((r) => Number(r.v) / 1e4),
      markLine: { symbol: 'none', data: [{ xAxis: 5000, name: '5000万' }, { xAxis: 10000, name: '1亿' }], label: { formatter: '{b}' } } }],
  });
}

function parkFacts(k) {
  return `<p class="muted">园区${num(k.parkCount)}个，楼宇${num(k.buildingCount)}座，企业${num(k.enterpriseCount)}家；全年税收${yuan(k.districtTaxRevenueYuan)}；
    过5000万元楼宇${num(k.buildingsAbove50mYuan)}座，亿元楼宇${num(k.buildingsAbove100mYuan)}座</p>`;
}

function tierTable(tiers, r) {
  const rows = (tiers && tiers.rows) || [];
  if (!rows.length) return '<p class="muted">暂无在谈项目</p>';
  return `<table><tr><th>梯次</th><th class="num">项目数</th><th class="num">意向投资</th><th>项目</th></tr>
    ${rows.map((t) => `<tr data-tier="${t.tier}"><td>${label(t.tier)}</td><td class="num">${num(t.count)}</td>
      <td class="num">${yuan(t.intendedInvestmentYuan)}${t.unknownAmountCount ? `<br><span class="muted">${t.unknownAmountCount}个未报金额</span>` : ''}</td>
      <td>${(t.leads || []).map((l) => `<a href="#/lead/${esc(l.id)}">${esc(l.investor)}</a>`).join('、')}</td></tr>`).join('')}
    </table><p class="muted">线索${num(r.leadCount)}个；本年签约${num(r.signedInYear)}个（${yuan(r.signedAmountInYearYuan)}），落地${num(r.landedInYear)}个</p>`;
}

function warnings(w, parts, p) {
  const items = [];
  if (partOk(parts, 'project')) {
    const lights = Object.fromEntries((p.byLight || []).map((b) => [b.key, b.count]));
    if (lights.RED || lights.YELLOW) {
      items.push(`<li>督办亮灯：${lightChip('LIGHT_RED')} ${num(lights.RED || 0)} 个　${lightChip('LIGHT_YELLOW')} ${num(lights.YELLOW || 0)} 个（<a href="#/bulletin">月通报</a>）</li>`);
    }
    if (p.overdueOrderCount) {
      items.push(`<li class="overdue">逾期督办 ${num(p.overdueOrderCount)} 项（未办结 ${num(p.openOrderCount)} 项，<a href="#/reminders">待办提醒</a>）</li>`);
    }
    for (const m of w.overdue || []) {
      items.push(`<li class="overdue">逾期节点：<a href="#/project/${esc(m.projectId)}">${esc(m.projectName)}</a> — ${esc(m.title)}（计划 ${date(m.plannedDate)}）</li>`);
    }
    if (w.openObstacles) items.push(`<li>待解决问题 ${w.openObstacles} 个，涉及 ${w.projectsWithOpenObstacles} 个项目</li>`);
  } else items.push(`<li>${unavailable('project', partWhy(parts, 'project'))}</li>`);
  if (partOk(parts, 'recruitment')) {
    for (const s of w.stalled || []) {
      items.push(`<li>停滞线索：<a href="#/lead/${esc(s.leadId)}">${esc(s.name)}</a>（${esc(s.investor)}${s.leader ? '，' + esc(s.leader) : ''}），最近进展 ${date(s.lastActivityDate)}</li>`);
    }
  } else items.push(`<li>${unavailable('recruitment', partWhy(parts, 'recruitment'))}</li>`);
  return items.length ? `<ul class="warnings">${items.join('')}</ul>` : '<p class="ok">无预警</p>';
}

function showBanner(message) {
  const b = document.getElementById('banner');
  b.textContent = message; b.hidden = false;
}

// ---------- registers: filters, sorting, paging, export ----------

const REGISTERS = {
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
    columns: [['id', '编号'], ['name', '名称'], ['kind', '类型', label], ['categories', '类别', (v) => (v && v.length ? esc(v.join('、')) : UNKNOWN)], ['parkId', '园区'], ['buildingId', '楼宇'], ['settledDate', '落户日期', date]],
  },
};
// JSON field (camelCase) -> request field as the export's filter takes it (the same mapping).
const toSnake = (s) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

async function register(name, params) {
  const spec = REGISTERS[name];
  const filter = {};
  for (const f of spec.filters) if (params.get(f.f)) filter[f.f] = f.bool ? params.get(f.f) === 'true' : params.get(f.f);
  const token = params.get('page') || '';
  const sort = params.get('sort') || '';
  const page = await api(spec.service, spec.method, Object.assign({ pageSize: 50, pageToken: token }, filter));
  let rows = page[spec.items] || [];
  if (sort) {
    const [key, dir] = sort.split(':');
    const col = spec.columns.find((c) => c[0] === key);
    const v = (x) => (col && col[3] ? Number(x[key] ?? -Infinity) : String(x[key] ?? ''));
    rows = [...rows].sort((a, b) => (v(a) < v(b) ? -1 : v(a) > v(b) ? 1 : 0) * (dir === 'desc' ? -1 : 1));
  }
  const enumOptions = values;
  const filterInputs = spec.filters.map((f) => {
    const v = filter[f.f] || '';
    if (f.e || f.sector) {
      const options = f.sector ? state.sectors : enumOptions(f.e);
      return `<label>${f.l}<select name="${f.f}"><option value="">全部</option>${options.map((o) => `<option value="${esc(o)}" ${o === v ? 'selected' : ''}>${esc(f.sector ? o : label(o))}</option>`).join('')}</select></label>`;
    }
    if (f.bool) {
      return `<label>${f.l}<select name="${f.f}"><option value="">否</option><option value="true" ${v === true ? 'selected' : ''}>是</option></select></label>`;
    }
    return `<label>${f.l}<input name="${f.f}" value="${esc(v)}"></label>`;
  }).join('');
  const exportFilter = Object.fromEntries(Object.entries(filter).map(([k, v]) => [toSnake(k), v]));
  const back = params.get('back') ? params.get('back').split(',') : [];
  main().innerHTML = `<h1>${spec.title}</h1>
    <form class="filters" id="filters">${filterInputs}<button>筛选</button>
      <a href="/api/export/${name}.xlsx?filter=${encodeURIComponent(JSON.stringify(exportFilter))}" id="export" download>导出 Excel</a></form>
    <div class="panel"><table id="register"><tr>${spec.columns.map((c) => `<th class="sortable ${c[3] ? 'num' : ''}" data-key="${c[0]}">${c[1]}${sort.startsWith(c[0] + ':') ? (sort.endsWith('desc') ? ' ▼' : ' ▲') : ''}</th>`).join('')}</tr>
    ${rows.map((x) => `<tr>${spec.columns.map((c, i) => {
      const shown = c[2] ? c[2](x[c[0]], x) : text(x[c[0]]);
      return `<td class="${c[3] ? 'num' : ''}">${i <= 1 && spec.link ? `<a href="${spec.link(x)}">${shown}</a>` : shown}</td>`;
    }).join('')}</tr>`).join('') || `<tr><td colspan="${spec.columns.length}" class="muted">无记录</td></tr>`}</table>
    <div class="pager"><button class="secondary" id="prev" ${back.length ? '' : 'disabled'}>上一页</button>
      <button class="secondary" id="next" ${page.nextPageToken ? '' : 'disabled'}>下一页</button>
      <span class="muted">本页 ${rows.length} 条（排序在本页内）</span></div></div>
    ${spec.importer ? `<div class="panel" style="margin-top:14px"><h2>${spec.importer.title}</h2>
      <p class="muted">Excel (.xlsx) 或 CSV UTF-8，第一行为列名：${spec.importer.columns}。整表校验，有错则一行不写；同一月份再次导入将覆盖，不会重复。</p>
      <form class="inline" id="import"><label>文件<input type="file" name="file" accept=".xlsx,.csv" required></label><button>导入</button></form>
      <div id="import-result"></div></div>` : ''}`;
  if (spec.importer) wireImport(spec.importer.kind, () => register(name, params));
  const go = (changes) => {
    const q = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) q.set(k, v); else q.delete(k);
    location.hash = `#/${name}?${q}`;
  };
  document.getElementById('filters').onsubmit = (ev) => {
    ev.preventDefault();
    const values = Object.fromEntries(new FormData(ev.target));
    go(Object.assign(values, { page: '', back: '' }));
  };
  document.querySelectorAll('#register th.sortable').forEach((th) => {
    th.onclick = () => go({ sort: `${th.dataset.key}:${sort === th.dataset.key + ':asc' ? 'desc' : 'asc'}` });
  });
  document.getElementById('next').onclick = () => go({ page: page.nextPageToken, back: [...back, token || '-'].join(',') });
  document.getElementById('prev').onclick = () => {
    const prev = back.pop();
    go({ page: prev === '-' ? '' : prev, back: back.join(',') });
  };
}

// A monthly return: the file goes as it is; the service answers with the rows recorded, or with
// the first bad cells and how many there are in all (and nothing written).
function wireImport(kind, reload) {
  document.getElementById('import').onsubmit = async (ev) => {
    ev.preventDefault();
    const file = ev.target.file.files[0];
    const out = document.getElementById('import-result');
    out.innerHTML = '<p class="muted">导入中…</p>';
    const res = await fetch(`/api/import/${kind}`, {
      method: 'POST', credentials: 'same-origin', body: await file.arrayBuffer(),
      headers: { 'X-CSRF-Token': state.csrf, 'X-File-Name': encodeURIComponent(file.name), 'Content-Type': 'application/octet-stream' },
    });
    const data = await res.json().catch(() => ({}));
    if (res.ok) {
      await reload();
      document.getElementById('import-result').innerHTML = `<p class="ok">已导入 ${data.recorded} 条月报。</p>`;
    } else if (data.errors) {
      out.innerHTML = `<p class="form-error">未导入：请修改以下单元格后重新导入。</p><table id="import-errors"><tr><th>行</th><th>列</th><th>问题</th></tr>
        ${data.errors.map((e) => `<tr><td>${e.row}</td><td>${esc(e.column)}</td><td>${esc(e.message)}</td></tr>`).join('')}</table>
        ${data.errorCount > data.errors.length ? `<p class="muted" id="import-more">还有 ${data.errorCount - data.errors.length} 处错误未列出。</p>` : ''}`;
    } else {
      const e = data.error || {};
      out.innerHTML = `<p class="form-error">${e.code === 'PERMISSION_DENIED' ? '无权限：' : ''}${esc(e.localizedMessage || e.message || res.statusText)}</p>`;
    }
  };
}

// ---------- a project ----------

async function projectPage(id) {
  const [p, ms, inv, obs, orders] = await Promise.all([
    api('project', 'GetProject', { id }),
    api('project', 'ListMilestones', { projectId: id }),
    api('project', 'ListInvestmentReports', { projectId: id }),
    api('project', 'ListObstacles', { projectId: id }),
    api('project', 'ListOrders', { projectId: id }).catch(() => ({})),
  ]);
  // Its light and why, as of today: the board of its leader's projects holds it.
  const board = await api('project', 'GetLightBoard', p.leader ? { leader: p.leader } : {}).catch(() => ({}));
  const light = (board.projects || []).find((x) => x.projectId === id) || {};
  const plan = (p.plans || []).slice().sort((a, b) => b.year - a.year)[0];
  const stages = values('STAGE_');
  const kinds = values('OBSTACLE_KIND_');
  const reports = inv.reports || [];
  main().innerHTML = `<h1>${esc(p.name)} ${lightChip(light.light)} <span class="muted light-asof">截至今日</span></h1><p class="muted">${esc(p.id)} · ${label(p.level)} · ${text(p.sector)} · 包靠领导 ${text(p.leader)}${p.leaderTitle ? '（' + esc(p.leaderTitle) + '）' : ''} · 责任单位 ${text(p.responsibleUnit)}</p>
   ${(light.reasons || []).length ? `<div class="panel reasons-panel" id="light-reasons"><ul class="reasons">${light.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul></div>` : ''}
   <div class="grid">
    <div class="panel"><h2>基本情况</h2><dl class="facts">
      <dt>阶段</dt><dd id="stage">${label(p.stage)}</dd><dt>建设单位</dt><dd>${text(p.owner)}</dd>
      <dt>总投资</dt><dd>${yuan(p.totalInvestmentYuan)}</dd><dt>用地</dt><dd>${known(p.landAreaMu) ? num(p.landAreaMu) + '亩' : UNKNOWN}</dd>
      <dt>累计完成投资</dt><dd id="invested">${reports.length ? yuan(p.investedToDateYuan) : UNKNOWN}</dd><dt>来源</dt><dd>${text(p.source)}</dd></dl></div>
    <div class="panel"><h2>阶段进程</h2>${timeline(p.stageHistory)}
      <form class="inline" id="advance"><label>推进到<select name="toStage" data-field="to_stage">${stages.map((s) => `<option value="${s}">${label(s)}</option>`).join('')}</select></label>
      <label>日期<input name="date" type="date" data-field="effective_date" required></label><label>原因<input name="reason" data-field="reason"></label><button>推进阶段</button></form></div>
    <div class="panel wide"><h2>月度投资</h2>${reports.length ? '<div class="chart" id="chart-investment"></div>' : '<p class="muted">暂无投资月报</p>'}
      <form class="inline" id="investment"><label>月份<input name="month" type="month" data-field="month" required></label>
      <label>本月完成投资(万元)<input name="wan" type="number" step="0.01" min="0" data-field="invested_yuan" required></label>
      <label>说明<input name="note" data-field="note"></label><button>报送投资月报</button></form></div>
    <div class="panel"><h2>节点计划</h2><table id="milestones"><tr><th>节点</th><th>计划</th><th>实际</th></tr>
      ${(ms.milestones || []).map((m) => `<tr class="${m.overdue ? 'overdue' : ''}"><td>${esc(m.title)}${m.overdue ? '（逾期）' : ''}</td><td>${date(m.plannedDate)}</td><td>${date(m.actualDate)}</td></tr>`).join('')}</table>
      <form class="inline" id="milestone"><label>节点<input name="title" data-field="milestone.title" required></label>
      <label>计划日期<input name="planned" type="date" data-field="milestone.planned_date" required></label><button>添加节点</button></form></div>
    <div class="panel"><h2>问题与要素保障</h2><table id="obstacles"><tr><th>类型</th><th>问题</th><th>责任人</th><th>时限</th><th>状态</th></tr>
      ${(obs.obstacles || []).map((o) => `<tr><td>${label(o.kind)}</td><td>${esc(o.description)}</td><td>${text(o.owner)}</td><td>${date(o.deadline)}</td><td>${label(o.status)}</td></tr>`).join('')}</table>
      <form class="inline" id="obstacle"><label>类型<select name="kind" data-field="obstacle.kind">${kinds.map((s) => `<option value="${s}">${label(s)}</option>`).join('')}</select></label>
      <label>问题<input name="description" data-field="obstacle.description" required></label><label>责任人<input name="owner" data-field="obstacle.owner"></label>
      <label>时限<input name="deadline" type="date" data-field="obstacle.deadline"></label><button>登记问题</button></form></div>
    <div class="panel" id="plan"><h2>${plan ? plan.year : ''}年度计划</h2>${plan ? planFacts(plan) : '<p class="muted">未制定年度计划</p>'}</div>
    <div class="panel wide" id="history"><h2>变更记录</h2><p class="muted">加载中…</p></div>
    <div class="panel" id="orders"><h2>督办事项</h2>${(orders.orders || []).length ? `<table><tr><th>事项</th><th>责任单位</th><th>时限</th><th>状态</th></tr>
      ${orders.orders.map((o) => `<tr class="${o.overdue ? 'overdue' : ''}"><td>${esc(o.subject)}${o.escalationLevel ? `（升级 ${o.escalationLevel} 级）` : ''}</td><td>${esc(o.responsibleUnit)}</td><td>${date(o.deadline)}${o.overdue ? '（逾期）' : ''}</td><td>${label(o.state)}</td></tr>`).join('')}</table>` : '<p class="muted">无督办事项</p>'}</div>
   </div>`;
  if (reports.length) {
    const sorted = [...reports].sort((a, b) => (a.month.year - b.month.year) || (a.month.month - b.month.month));
    chart(document.getElementById('chart-investment'), {
      tooltip: { trigger: 'axis' }, legend: { data: ['当月(万元)', '累计(万元)'] },
      xAxis: { type: 'category', data: sorted.map((r) => monthLabel(r.month)) },
      yAxis: { type: 'value', name: '万元' },
      series: [{ name: '当月(万元)', type: 'bar', data: sorted.map((r) => Number(r.investedYuan) / 1e4) },
        { name: '累计(万元)', type: 'line', data: sorted.map((r) => Number(r.cumulativeYuan) / 1e4) }],
    });
  }
  await showHistory('project', id);
  const reload = () => projectPage(id);
  wireForm(document.getElementById('advance'), (v) => api('project', 'AdvanceStage', { id, toStage: v.toStage, effectiveDate: parseDate(v.date), reason: v.reason, etag: p.etag }), reload);
  wireForm(document.getElementById('investment'), (v) => {
    return api('project', 'RecordInvestment', { projectId: id, month: parseMonth(v.month), investedYuan: wanToYuan(v.wan), note: v.note });
  }, reload);
  wireForm(document.getElementById('milestone'), (v) => api('project', 'CreateMilestone', { milestone: { projectId: id, title: v.title, plannedDate: parseDate(v.planned) } }), reload);
  wireForm(document.getElementById('obstacle'), (v) => api('project', 'CreateObstacle', { obstacle: { projectId: id, kind: v.kind, description: v.description, owner: v.owner, deadline: parseDate(v.deadline) } }), reload);
}

// A record's audit trail (admins only): who changed what, when, from what to what.
const FIELD_NAMES = {
  name: '名称', owner: '建设单位', sector: '领域', level: '级别', stage: '阶段', leader: '包靠领导',
  leader_title: '领导职务', responsible_unit: '责任单位', total_investment_yuan: '总投资', land_area_mu: '用地(亩)',
  plans: '年度计划', invested_to_date_yuan: '累计完成投资', invested_by_year_yuan: '年度完成投资',
  invested_by_month_yuan: '月度完成投资', signed_amount_yuan: '签约金额', park_id: '园区', tags: '标签',
  programme: '年度计划批次', expansion: '扩建项目', source: '来源',
};
const METHOD_NAMES = {
  CreateProject: '登记', UpdateProject: '修改', AdvanceStage: '推进阶段', RecordInvestment: '报送投资月报',
  BatchRecordInvestment: '导入投资月报', DeleteProject: '删除',
};
async function showHistory(kind, id) {
  const el = document.getElementById('history');
  const res = await fetch(`/api/history/${kind}/${encodeURIComponent(id)}`, { credentials: 'same-origin' });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = data.error || {};
    el.innerHTML = `<h2>变更记录</h2><p class="muted">${e.code === 'PERMISSION_DENIED' ? '仅管理员可查看变更记录' : esc(e.message || res.statusText)}</p>`;
    return;
  }
  const value = (v) => (known(v) ? esc(v.length > 80 ? v.slice(0, 80) + '…' : v) : UNKNOWN);
  const rows = (data.entries || []).slice().reverse().map((a) => `<tr><td>${esc(new Date(a.time).toLocaleString('zh-CN', { hour12: false }))}</td>
    <td>${esc(a.principal)}</td><td>${esc(METHOD_NAMES[a.method] || a.method)}</td>
    <td>${(a.changes || []).map((c) => `<div class="change"><b>${esc(FIELD_NAMES[c.field] || c.field)}</b>：${value(c.oldValue)} → ${value(c.newValue)}</div>`).join('') || '<span class="muted">—</span>'}</td></tr>`).join('');
  el.innerHTML = `<h2>变更记录</h2><table id="history-entries"><tr><th>时间</th><th>操作人</th><th>操作</th><th>变更内容（原值 → 新值）</th></tr>${rows || '<tr><td colspan="4" class="muted">无记录</td></tr>'}</table>`;
}

// A year's plan: its dates and its investment by month.
function planFacts(plan) {
  const months = plan.monthlyInvestmentYuan || [];
  const total = months.reduce((a, m) => a + Number(m || 0), 0);
  return `<dl class="facts"><dt>计划开工</dt><dd>${date(plan.plannedStartDate)}</dd><dt>计划竣工</dt><dd>${date(plan.plannedCompletionDate)}</dd>
    <dt>计划投产</dt><dd>${date(plan.plannedProductionDate)}</dd><dt>年度计划投资</dt><dd>${months.length ? yuan(total) : UNKNOWN}</dd></dl>
    ${months.length ? `<table class="months">${[0, 6].map((h) => `<tr>${months.slice(h, h + 6).map((_, i) => `<th class="num">${h + i + 1}月</th>`).join('')}</tr>
      <tr>${months.slice(h, h + 6).map((m) => `<td class="num">${yuan(m)}</td>`).join('')}</tr>`).join('')}</table>` : ''}`;
}

// ---------- a lead ----------

async function leadPage(id) {
  const [l, fu] = await Promise.all([api('recruitment', 'GetLead', { id }), api('recruitment', 'ListFollowUps', { leadId: id })]);
  const stages = values('LEAD_STAGE_').filter((k) => k !== 'LEAD_STAGE_LANDED');
  const kinds = values('FOLLOW_UP_KIND_');
  main().innerHTML = `<h1>${esc(l.name)}</h1><p class="muted">${esc(l.id)} · ${esc(l.investor)} · ${text(l.sector)} · ${label(l.tier)}${l.stalled ? ' · <span class="overdue">停滞</span>' : ''}</p>
   <div class="grid">
    <div class="panel"><h2>基本情况</h2><dl class="facts"><dt>阶段</dt><dd id="stage">${label(l.stage)}</dd>
      <dt>意向投资</dt><dd>${yuan(l.intendedInvestmentYuan)}</dd><dt>签约</dt><dd>${l.signedDate ? date(l.signedDate) + ' ' + yuan(l.signedAmountYuan) : UNKNOWN}</dd>
      <dt>包靠领导</dt><dd>${text(l.leader)}</dd><dt>落地项目</dt><dd>${l.projectId ? `<a href="#/project/${esc(l.projectId)}">${esc(l.projectId)}</a>` : UNKNOWN}</dd></dl></div>
    <div class="panel"><h2>阶段进程</h2>${timeline(l.stageHistory)}
      <form class="inline" id="advance"><label>推进到<select name="toStage" data-field="to_stage">${stages.map((s) => `<option value="${s}">${label(s)}</option>`).join('')}</select></label>
      <label>日期<input name="date" type="date" data-field="effective_date" required></label>
      <label>签约金额(万元)<input name="wan" type="number" step="0.01" min="0" data-field="signed_amount_yuan"></label><label>原因<input name="reason" data-field="reason"></label><button>推进阶段</button></form></div>
    <div class="panel wide"><h2>跟进记录</h2><table id="follow-ups"><tr><th>日期</th><th>方式</th><th>内容</th><th>人员</th></tr>
      ${(fu.followUps || []).map((f) => `<tr><td>${date(f.date)}</td><td>${label(f.kind)}</td><td>${esc(f.summary)}</td><td>${text(f.who)}</td></tr>`).join('')}</table>
      <form class="inline" id="follow-up"><label>日期<input name="date" type="date" data-field="follow_up.date" required></label>
      <label>方式<select name="kind" data-field="follow_up.kind">${kinds.map((s) => `<option value="${s}">${label(s)}</option>`).join('')}</select></label>
      <label>内容<input name="summary" data-field="follow_up.summary" required></label><label>人员<input name="who" data-field="follow_up.who"></label><button>添加跟进</button></form></div>
   </div>`;
  const reload = () => leadPage(id);
  wireForm(document.getElementById('advance'), (v) => api('recruitment', 'AdvanceLead', { id, toStage: v.toStage, effectiveDate: parseDate(v.date), signedAmountYuan: wanToYuan(v.wan), reason: v.reason, etag: l.etag }), reload);
  wireForm(document.getElementById('follow-up'), (v) => api('recruitment', 'CreateFollowUp', { followUp: { leadId: id, date: parseDate(v.date), kind: v.kind, summary: v.summary, who: v.who } }), reload);
}

// ---------- a building ----------

async function buildingPage(id) {
  const [b, series] = await Promise.all([api('parks', 'GetBuilding', { id }), api('parks', 'GetBuildingSeries', { buildingId: id })]);
  const months = series.months || [];
  main().innerHTML = `<h1>${esc(b.name)}</h1><p class="muted">${esc(b.id)} · ${label(b.status)} · 园区 ${text(b.parkId)} · ${known(b.floorAreaM2) && b.floorAreaM2 ? num(b.floorAreaM2) + '㎡' : UNKNOWN}</p>
    <div class="panel"><h2>月度税收与入驻率</h2>${months.length ? '<div class="chart" id="chart-building"></div>' : '<p class="muted">暂无楼宇月报</p>'}
    <form class="inline" id="month"><label>月份<input name="month" type="month" data-field="metrics.month" required></label>
      <label>税收(万元)<input name="wan" type="number" step="0.01" min="0" data-field="metrics.tax_revenue_yuan" required></label>
      <label>入驻率(%)<input name="occupancy" type="number" step="0.1" min="0" max="100" data-field="metrics.occupancy"></label>
      <label>企业数<input name="enterprises" type="number" min="0" data-field="metrics.enterprise_count"></label><button>报送楼宇月报</button></form></div>`;
  if (months.length) {
    chart(document.getElementById('chart-building'), {
      tooltip: { trigger: 'axis' }, legend: { data: ['税收(万元)', '入驻率(%)'] },
      xAxis: { type: 'category', data: months.map((m) => monthLabel(m.month)) },
      yAxis: [{ type: 'value', name: '万元' }, { type: 'value', name: '%', max: 100 }],
      series: [{ name: '税收(万元)', type: 'bar', data: months.map((m) => Number(m.taxRevenueYuan) / 1e4) },
        { name: '入驻率(%)', type: 'line', yAxisIndex: 1, data: months.map((m) => Number(m.occupancy || 0) * 100) }],
    });
  }
  wireForm(document.getElementById('month'), (v) => {
    return api('parks', 'RecordMetrics', { metrics: { buildingId: id, month: parseMonth(v.month), taxRevenueYuan: wanToYuan(v.wan),
      occupancy: known(v.occupancy) ? Number(v.occupancy) / 100 : undefined, enterpriseCount: known(v.enterprises) ? Number(v.enterprises) : undefined } });
  }, () => buildingPage(id));
}

// ---------- a leader ----------

async function leaderPage(name) {
  const v = await api('aggregator', 'GetLeaderView', { leader: name });
  main().innerHTML = `<h1>${esc(name)}</h1><div class="grid">
    <div class="panel"><h2>包靠项目</h2>${partOk(v.parts, 'project') ? `<ul>${(v.projects || []).map((p) => `<li><a href="#/project/${esc(p.id)}">${esc(p.name)}</a> · ${label(p.stage)} · ${yuan(p.totalInvestmentYuan)}</li>`).join('') || '<li class="muted">无</li>'}</ul>` : unavailable('project', partWhy(v.parts, 'project'))}</div>
    <div class="panel"><h2>招商项目</h2>${partOk(v.parts, 'recruitment') ? `<ul>${(v.leads || []).map((l) => `<li><a href="#/lead/${esc(l.id)}">${esc(l.name)}</a> · ${label(l.stage)}${l.stalled ? ' <span class="overdue">停滞</span>' : ''}</li>`).join('') || '<li class="muted">无</li>'}</ul>` : unavailable('recruitment', partWhy(v.parts, 'recruitment'))}</div>
    <div class="panel" id="leader-lights"><h2>督办亮灯</h2>${v.lights ? `<p>${lightChip('LIGHT_RED')} ${num(v.lights.redCount || 0)}　${lightChip('LIGHT_YELLOW')} ${num(v.lights.yellowCount || 0)}　${lightChip('LIGHT_GREEN')} ${num(v.lights.greenCount || 0)}　${lightChip('LIGHT_UNSPECIFIED')} ${num(v.lights.unspecifiedCount || 0)}</p>
      <ul>${(v.lights.projects || []).filter((x) => x.light === 'LIGHT_RED' || x.light === 'LIGHT_YELLOW').map((x) => `<li>${lightChip(x.light)} <a href="#/project/${esc(x.projectId)}">${esc(x.name)}</a>：${esc((x.reasons || []).join('；'))}</li>`).join('')}</ul>` : unavailable('project', partWhy(v.parts, 'project'))}
      <p><a href="#/reminders?leader=${encodeURIComponent(name)}">查看待办提醒 →</a></p></div>
    <div class="panel wide"><h2>预警</h2><ul>${(v.projectWarnings || []).map((w) => `<li class="overdue"><a href="#/project/${esc(w.projectId)}">${esc(w.projectName)}</a>：逾期节点${w.overdueMilestones}个，待解决问题${w.openObstacles}个</li>`).join('') || '<li class="ok">无预警</li>'}</ul></div></div>`;
}

// ---------- 月通报: the monthly bulletin ----------

function lastMonth() {
  const d = new Date();
  d.setDate(0);  // the last day of the month before
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

async function bulletinPage(params) {
  const monthText = params.get('month') || lastMonth();
  const month = parseMonth(monthText);
  const b = await api('project', 'GetBulletin', { month });
  const land = b.landStart || {};
  const groupRows = (groups) => (groups || []).map((g, i) => `<tr><td class="num">${i + 1}</td><td>${g.name ? esc(g.name) : '<span class="muted">未指定</span>'}</td>
    <td class="num">${num(g.projectCount)}</td><td class="num">${yuan(g.plannedYuan)}</td><td class="num">${yuan(g.investedYuan)}</td>
    <td class="num">${pct(g.completion)}</td><td class="num">${g.redCount ? `<span class="overdue">${g.redCount}</span>` : 0}</td></tr>`).join('');
  const groupTable = (id, who, groups) => `<table id="${id}"><tr><th class="num">名次</th><th>${who}</th><th class="num">项目数</th><th class="num">计划投资</th><th class="num">完成投资</th><th class="num">完成率</th><th class="num">红灯</th></tr>${groupRows(groups) || `<tr><td colspan="7" class="muted">无</td></tr>`}</table>`;
  main().innerHTML = `
    <h1>${DISTRICT}重点项目月通报 · ${month.year}年${month.month}月
      <input type="month" id="month" value="${esc(monthText)}">
      <a class="export" id="export" href="/api/export/bulletin.xlsx?filter=${encodeURIComponent(JSON.stringify({ month }))}" download>导出 Excel</a></h1>
    <div class="asof">按各项目年度计划与月报，截至 ${month.year}年${month.month}月末</div>
    <div class="cards" id="light-cards">
      <div class="card l-RED"><div class="name">红灯项目</div><div class="actual">${num(b.redCount || 0)}</div>${lightChip('LIGHT_RED')}</div>
      <div class="card l-YELLOW"><div class="name">黄灯项目</div><div class="actual">${num(b.yellowCount || 0)}</div>${lightChip('LIGHT_YELLOW')}</div>
      <div class="card l-GREEN"><div class="name">绿灯项目</div><div class="actual">${num(b.greenCount || 0)}</div>${lightChip('LIGHT_GREEN')}</div>
      <div class="card l-UNSPECIFIED"><div class="name">未制定计划</div><div class="actual">${num(b.unspecifiedCount || 0)}</div>${lightChip('LIGHT_UNSPECIFIED')}</div>
      <div class="card"><div class="name">拿地即开工率（当年至月末）</div><div class="actual">${pct(land.rate)}</div>
        <div class="goal">${num(land.startedWithinWindow)}/${num(land.landAcquired)} · 目标 ≥ ${pct(land.targetShare)}</div></div>
    </div>
    <div class="grid">
      <div class="panel wide" id="red"><h2>红灯项目及原因</h2>${(b.red || []).length ? `<table><tr><th>项目</th><th>包靠领导</th><th>责任单位</th><th>原因</th></tr>
        ${b.red.map((r) => `<tr><td><a href="#/project/${esc(r.projectId)}">${esc(r.name)}</a></td><td>${text(r.leader)}</td><td>${text(r.responsibleUnit)}</td>
        <td><ul class="reasons">${(r.reasons || []).map((x) => `<li>${esc(x)}</li>`).join('')}</ul></td></tr>`).join('')}</table>` : '<p class="ok">本月无红灯项目</p>'}</div>
      <div class="panel wide"><h2>项目投资完成排名</h2><table id="ranking"><tr><th class="num">名次</th><th>项目</th><th>包靠领导</th><th>责任单位</th><th class="num">计划投资</th><th class="num">完成投资</th><th class="num">完成率</th><th>状态</th></tr>
        ${(b.projects || []).map((p, i) => `<tr><td class="num">${i + 1}</td><td><a href="#/project/${esc(p.projectId)}">${esc(p.name)}</a></td><td>${text(p.leader)}</td><td>${text(p.responsibleUnit)}</td>
        <td class="num">${yuan(p.plannedYuan)}</td><td class="num">${yuan(p.investedYuan)}</td><td class="num">${pct(p.completion)}</td><td>${lightChip(p.light)}</td></tr>`).join('') || '<tr><td colspan="8" class="muted">本年度尚无项目制定计划</td></tr>'}</table></div>
      <div class="panel"><h2>责任单位排名</h2>${groupTable('by-unit', '责任单位', b.byUnit)}</div>
      <div class="panel"><h2>包靠领导排名</h2>${groupTable('by-leader', '包靠领导', b.byLeader)}</div>
      <div class="panel" id="new-starts"><h2>本月新开工</h2>${(b.newStarts || []).length ? `<ul>${b.newStarts.map((n) => `<li><a href="#/project/${esc(n.projectId)}">${esc(n.name)}</a> · ${date(n.startDate)}</li>`).join('')}</ul>` : '<p class="muted">本月无新开工项目</p>'}</div>
    </div>`;
  document.getElementById('month').onchange = (ev) => { if (ev.target.value) location.hash = `#/bulletin?month=${ev.target.value}`; };
}

// ---------- 待办提醒: what a leader, unit or park must do ----------

const SCOPES = { leader: '包靠领导', responsibleUnit: '责任单位', parkId: '园区' };

// The live part of the reminders page: the service pushes when a reminder arises or goes (Server-
// Sent Events over WatchReminders); the page then reads the list again. Closed on leaving the page.
const live = { source: null, timer: null };
function stopLive() {
  if (live.source) live.source.close();
  if (live.timer) clearInterval(live.timer);
  live.source = null; live.timer = null;
}

async function remindersPage(params) {
  const scope = Object.keys(SCOPES).find((k) => params.get(k)) || '';
  const value = scope ? params.get(scope) : '';
  const withinDays = Number(params.get('within')) || 7;
  const request = { withinDays };
  if (scope) request[scope] = value;
  const r = await api('aggregator', 'GetReminders', request);
  main().innerHTML = `<h1>待办提醒${value ? ' · ' + esc(value) : ' · 全区'} <span class="muted live" id="live"></span></h1>
    <div class="asof">逾期的在前；${withinDays} 天内到期的节点与督办，逾期问题，上月投资未报，停滞线索</div>
    <form class="filters" id="scope"><label>范围<select name="scope">${['', ...Object.keys(SCOPES)].map((k) => `<option value="${k}" ${k === scope ? 'selected' : ''}>${k ? SCOPES[k] : '全区'}</option>`).join('')}</select></label>
      <label>名称<input name="value" value="${esc(value)}"></label>
      <label>提前天数<input name="within" type="number" min="0" max="366" value="${withinDays}"></label><button>查看</button></form>
    <div id="reminder-list">${reminderTable(r)}</div>`;
  document.getElementById('scope').onsubmit = (ev) => {
    ev.preventDefault();
    const v = Object.fromEntries(new FormData(ev.target));
    const q = new URLSearchParams({ within: v.within });
    if (v.scope && v.value) q.set(v.scope, v.value);
    location.hash = `#/reminders?${q}`;
  };
  const refresh = async () => {
    const again = await api('aggregator', 'GetReminders', request).catch(() => null);
    const list = document.getElementById('reminder-list');
    if (!again || !list) return;
    list.innerHTML = reminderTable(again);
    document.getElementById('live').textContent = `已更新 ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}`;
  };
  const q = new URLSearchParams();
  if (scope) q.set(scope, value);
  live.source = new EventSource(`/api/reminders/watch?${q}`);
  let first = true;
  live.source.addEventListener('reminders', () => {
    document.getElementById('live').textContent = '实时更新中';
    if (first) { first = false; return; }  // the first brings what the page has already
    refresh();
  });
  live.source.onerror = () => {
    if (live.source && live.source.readyState === EventSource.CLOSED && !live.timer) {
      live.timer = setInterval(refresh, 60000);  // no stream to be had: read every minute
    }
  };
}

function reminderTable(r) {
  const subject = (x) => (x.kind === 'REMINDER_KIND_STALLED_LEAD'
    ? `<a href="#/lead/${esc(x.subjectId)}">${esc(x.projectName)}</a>`
    : `<a href="#/project/${esc(x.projectId)}">${esc(x.projectName)}</a>`);
  const rows = (r.reminders || []).map((x) => `<tr class="${x.daysOverdue ? 'overdue-row' : ''}" data-key="${esc(x.key)}">
    <td>${date(x.dueDate)}</td><td>${x.daysOverdue ? `<span class="overdue">逾期 ${x.daysOverdue} 天</span>` : '<span class="muted">未到期</span>'}</td>
    <td>${label(x.kind)}</td><td>${subject(x)}</td><td>${esc(x.text)}</td></tr>`).join('');
  const parts = ['project', 'recruitment'].filter((sv) => !partOk(r.parts, sv)).map((sv) => unavailable(sv, partWhy(r.parts, sv))).join('');
  return `${parts}<div class="panel wide"><table id="reminders"><tr><th>到期</th><th>状态</th><th>类型</th><th>项目/线索</th><th>事项</th></tr>
      ${rows || '<tr><td colspan="5" class="ok">无待办事项</td></tr>'}</table></div>`;
}

// ---------- routing ----------

async function route() {
  charts.splice(0).forEach((c) => c.dispose());
  stopLive();
  const [path, query] = (location.hash.slice(1) || '/overview').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('header nav a').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === '#/' + parts[0]));
  main().innerHTML = '<p class="muted">加载中…</p>';
  try {
    if (parts[0] === 'signin') return signInForm();
    if (parts[0] === 'project' && parts[1]) return await projectPage(parts[1]);
    if (parts[0] === 'lead' && parts[1]) return await leadPage(parts[1]);
    if (parts[0] === 'building' && parts[1]) return await buildingPage(parts[1]);
    if (parts[0] === 'leader' && parts[1]) return await leaderPage(parts[1]);
    if (parts[0] === 'bulletin') return await bulletinPage(params);
    if (parts[0] === 'reminders') return await remindersPage(params);
    if (REGISTERS[parts[0]]) return await register(parts[0], params);
    return await overview(params);
  } catch (e) {
    if (!(e instanceof ApiError)) { main().innerHTML = `<div class="unavailable">${esc(e.message)}</div>`; throw e; }
    showError(e);
  } finally {
    document.body.dataset.ready = location.hash;  // for tests: this route has rendered
  }
}

async function start() {
  await loadSession();
  const labels = await fetch('/api/labels').then((r) => r.json());
  state.labels = labels.enums || {}; state.order = labels.order || []; state.sectors = labels.sectors || [];
  window.addEventListener('hashchange', route);
  await route();
}
start();
