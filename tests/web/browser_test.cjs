// The district workbench in a real browser: Debian's headless Chromium driven by puppeteer-core,
// against the suite that browser_test.sh started. Screenshots of each page go to $ARTIFACTS.
// Exits non-zero on the first failed check, naming it.
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '../..');
const puppeteer = require(path.join(ROOT, 'services/web/ui/node_modules/puppeteer-core'));

const WEB = process.env.WEB;                  // the suite's page (run.sh's, whose services want tokens)
const TEST_LOGIN = process.env.TEST_LOGIN;    // an administrator whose password is TEST_PASSWORD
const TEST_PASSWORD = process.env.TEST_PASSWORD;
const SECURED = process.env.SECURED_WEB;      // a page over a project service that wants tokens
const VIEWER_TOKEN = process.env.VIEWER_TOKEN;
const RUN_DIR = process.env.RUN_DIR;
const ARTIFACTS = process.env.ARTIFACTS;
fs.mkdirSync(ARTIFACTS, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

async function open(page, url) {
  await page.bringToFront();  // a background tab gets no animation frames, nor screenshots
  await page.goto(url, { waitUntil: 'load' });
  try {
    await page.waitForFunction((hash) => document.body.dataset.ready === hash, { timeout: 15000, polling: 50 }, new URL(url).hash);
  } catch (e) {
    await shot(page, 'timeout');
    const state = await page.evaluate(() => [location.href, document.body.dataset.ready]);
    throw new Error(`${url} did not render in 15 s; the page is at ${state[0]}, ready for ${state[1]}`);
  }
}
async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, name + '.png'), fullPage: true });
}
const bodyText = (page) => page.evaluate(() => document.body.innerText);
// Points of every chart on the page: [id, points of its first series, of all series]. The page
// bundles ECharts by module (no global echarts): each chart writes the points of its series, as its
// instance holds them after setOption, to data-series; a chart must also have drawn its SVG.
const chartPoints = (page) => page.evaluate(() => [...document.querySelectorAll('.chart')].map((el) => {
  const series = el.querySelector('svg') ? JSON.parse(el.dataset.series || '[]') : [];
  return [el.id, series.length ? series[0] : 0, series.reduce((n, s) => n + s, 0)];
}));
// A call of the web API from the page, as the page makes it (session cookie, CSRF header).
const pageApi = (page, method, body) => page.evaluate(async (m, b) => {
  const session = await (await fetch('/api/session', { credentials: 'same-origin' })).json();
  const res = await fetch(`/api/${m}`, { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf }, body: JSON.stringify(b) });
  return { status: res.status, body: await res.json() };
}, method, body);
// At 390 px: nothing wider than the screen (no sideways scrolling).
const pageWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);
async function phone(page, name) {
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await new Promise((r) => setTimeout(r, 200));
  const width = await pageWidth(page);
  check(width <= 390, `${name} fits a 390 px phone (${width} px wide)`);
  // Nor is a table wider than the screen inside a box that scrolls.
  const tables = await page.evaluate(() => [...document.querySelectorAll('main table')]
    .map((t) => [t.id || t.closest('[id]').id, Math.ceil(t.getBoundingClientRect().width)]).filter(([, w]) => w > 390));
  check(tables.length === 0, `${name}: no table is wider than 390 px (${JSON.stringify(tables)})`);
  await shot(page, name + '-390');
  await page.setViewport({ width: 1920, height: 1080 });
}

async function submit(page, formId, values) {
  for (const [name, value] of Object.entries(values)) {
    await page.$eval(`#${formId} [name="${name}"]`, (el, v) => { el.value = v; }, value);
  }
  const done = page.waitForResponse((r) => r.url().includes('/api/district.'), { timeout: 10000 });
  await page.$eval(`#${formId}`, (f) => f.requestSubmit());
  await done;
  await new Promise((r) => setTimeout(r, 300));
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--lang=zh-CN'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1920, height: 1080 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('404')) console.log('console:', m.text()); });

    // Anonymous: the page asked for is not shown, 登录 is (no menu, no banner, no data); once
    // signed in, the page asked for opens.
    await page.goto(`${WEB}/#/overview?year=2020`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.ready === '#/signin', { timeout: 15000, polling: 50 });
    let text = await bodyText(page);
    check(await page.$('#signin') !== null, 'an anonymous visitor is sent to 登录');
    check(await page.$('#menu') === null && !text.includes('匿名访问') && !text.includes('691亿元'),
      'with no menu, no anonymous banner and no data');
    await shot(page, 'signin-anonymous');
    await page.$eval('#signin [name="login"]', (el, v) => { el.value = v; }, TEST_LOGIN);
    await page.$eval('#signin [name="password"]', (el, v) => { el.value = v; }, TEST_PASSWORD);
    const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
    await page.$eval('#signin', (f) => f.requestSubmit());
    check((await signedIn).status() === 200, 'the test administrator signs in on the page');
    // The overview of the Kuiwen data: the article's figures, charts with data.
    const started = Date.now();
    await page.waitForFunction(() => document.body.dataset.ready === '#/overview?year=2020', { timeout: 15000, polling: 50 });
    const overviewMs = Date.now() - started;
    text = await bodyText(page);
    for (const figure of ['691亿元', '115', '林德液压', '苏宁易购', '招商蛇口', '猪八戒网', '北京凡喜', '拿地即开工', '暂无数据']) {
      check(text.includes(figure), `overview shows ${figure}`);
    }
    check(!text.includes('匿名访问'), 'no anonymous banner for a signed-in person');
    check((await page.$eval('#who', (e) => e.innerText)).includes('测试管理员'), 'the header names who is signed in');
    const signNowAmount = await page.$eval('#tiers tr[data-tier="TIER_SIGN_NOW"] td:nth-child(3)', (e) => e.innerText);
    check(signNowAmount.startsWith('—') && signNowAmount.includes('4个未报金额'), `the sign-now tier amount is unknown, not 0元 (${signNowAmount})`);
    const charts = await chartPoints(page);
    check(charts.length >= 4, `overview has charts (${charts.length})`);
    check(charts.some(([id, n]) => id === 'chart-tax' && n > 0), 'the tax ranking has the imported building month');
    for (const [id, points] of charts) check(points > 0, `chart ${id} has data (${points} points)`);
    await shot(page, 'overview');
    await page.setViewport({ width: 1366, height: 768 });
    await shot(page, 'overview-1366');
    check(await pageWidth(page) <= 1366, 'the overview fits 1366 px');
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await new Promise((r) => setTimeout(r, 200));
    check(!(await page.$eval('#menu', (e) => e.offsetParent !== null)), 'on a phone the menu is collapsed');
    await page.click('header .menu-toggle');
    const menu = await page.$eval('#menu', (e) => (e.offsetParent !== null ? e.innerText : ''));
    check(menu.includes('月通报') && menu.includes('待办提醒'), `the menu button opens the menu (${menu.replace(/\s+/g, ' ')})`);
    await shot(page, 'overview-menu-390');
    await page.click('header .menu-toggle');
    await phone(page, 'overview');
    console.log(`overview rendered in ${overviewMs} ms`);

    // The monthly bulletin of June 2020 (plans illustrative): one red project with its reasons, the
    // counts by light as cards with words, the rankings, and the export of the same month.
    await open(page, `${WEB}/#/bulletin?month=2020-06`);
    text = await bodyText(page);
    for (const words of ['月通报', '红灯项目及原因', '大拖片区', '逾期 61 天', '责任单位排名', '包靠领导排名', '拿地即开工率']) {
      check(text.includes(words), `the bulletin shows ${words}`);
    }
    const lightCards = await page.$$eval('#light-cards .card .actual', (els) => els.map((e) => e.innerText));
    check(lightCards.slice(0, 4).join(',') === '1,2,0,1', `the bulletin counts 1 red, 2 yellow, 0 green, 1 without a plan (${lightCards})`);
    const chips = await page.$$eval('#ranking .light', (els) => els.map((e) => e.innerText));
    check(chips.length >= 3 && chips.every((c) => ['红灯', '黄灯', '绿灯', '无计划'].includes(c)), `every ranked project's light is in words (${chips})`);
    const exportHref = await page.$eval('#export', (a) => a.getAttribute('href'));
    check(exportHref.startsWith('/api/export/bulletin.xlsx') && decodeURIComponent(exportHref).includes('"month":6'), `the bulletin's export is of the month shown (${exportHref})`);
    const picked = await page.$eval('#month', (e) => e.value).catch(() => '');
    check(picked === '2020年6月', `the month picker (Element Plus, zh-CN) shows the month as the district writes it (${picked})`);
    await shot(page, 'bulletin');
    await phone(page, 'bulletin');

    // Reminders: the district's, then a unit's; the stalled leads come from the recruitment service.
    await open(page, `${WEB}/#/reminders`);
    text = await bodyText(page);
    check(text.includes('待办提醒') && text.includes('停滞线索') && text.includes('苏宁易购项目'), 'the reminders list the stalled leads');
    const reminderRows = await page.$$eval('#reminders tr[data-key]', (els) => els.length);
    check(reminderRows >= 5, `the district has reminders (${reminderRows})`);
    await open(page, `${WEB}/#/reminders?responsibleUnit=${encodeURIComponent('区投资促进服务中心')}`);
    const unitKinds = await page.$$eval('#reminders tr[data-key] td:nth-child(3)', (els) => els.map((e) => e.innerText));
    check(unitKinds.filter((k) => k === '停滞线索').length === 4, `the unit's four stalled leads (${unitKinds})`);
    await shot(page, 'reminders');
    await phone(page, 'reminders');
    // Live: a milestone due in three days, made elsewhere, appears on the open page by itself.
    await open(page, `${WEB}/#/reminders?leader=${encodeURIComponent('刘副区长')}`);
    await page.waitForFunction(() => document.getElementById('live').innerText.includes('实时'), { timeout: 10000, polling: 50 });
    const pushedAt = Date.now();
    const soon = new Date(Date.now() + 3 * 86400000);
    const made = await pageApi(page, 'district.project.v1.ProjectService/CreateMilestone', { milestone: { projectId: 'P00000001', title: '推送测试节点',
      plannedDate: { year: soon.getFullYear(), month: soon.getMonth() + 1, day: soon.getDate() } } });
    check(made.status === 200, `a milestone made elsewhere (${made.status})`);
    const pushed = await page.waitForFunction(() => document.getElementById('reminders').innerText.includes('推送测试节点'), { timeout: 5000, polling: 50 })
      .then(() => true, () => false);
    check(pushed, `a new reminder appears on the open page by itself (${Date.now() - pushedAt} ms)`);
    await shot(page, 'reminders-live');

    // A register with filters.
    await open(page, `${WEB}/#/projects?sector=${encodeURIComponent('高端装备')}`);
    text = await bodyText(page);
    check(text.includes('林德液压精密智驱动系列产品项目') && !text.includes('王武文旅新城'), 'the projects register filters by sector');
    await open(page, `${WEB}/#/projects`);
    check((await page.$$('#register tr')).length === 5, 'the projects register lists the four projects');
    const noReports = await page.$eval('#register tr:nth-child(5) td:nth-child(8)', (e) => e.innerText);
    check(noReports === '—', `a project with no monthly report has an unknown investment to date (${noReports})`);
    await shot(page, 'projects');

    // A form write appears after a reload; a service's error shows next to its field.
    await open(page, `${WEB}/#/project/P00000001`);
    // March has a figure: the page asks before overwriting it (当月已填报 …，是否覆盖？).
    const overwritten = submit(page, 'investment', { month: '2020-03', wan: '5000', note: '浏览器测试' });
    await page.waitForSelector('.el-message-box', { visible: true, timeout: 5000 });
    const overwrite = await page.$eval('.el-message-box', (e) => e.innerText);
    check(/当月已填报 \d+(\.\d+)? 万元，是否覆盖？/.test(overwrite), `re-entering a month asks before overwriting (${overwrite.replace(/\s+/g, ' ')})`);
    await page.click('.el-message-box__btns .el-button--primary');
    await overwritten;
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.ready === '#/project/P00000001', { polling: 50 });
    // The data set reports March to June (1.1亿元, illustrative); March is now 5000万 instead of 2000万.
    const invested = await page.$eval('#invested', (e) => e.innerText);
    check(invested === '1.4亿元', `the recorded investment shows after a reload (${invested})`);
    check((await chartPoints(page)).some(([id, n]) => id === 'chart-investment' && n === 4), 'the monthly investment chart has the four months');
    // Stage changes are a dialog offering only the moves the service accepts (forms_test.cjs).
    let called = false;
    const spy = (r) => { if (r.url().includes('CreateMilestone')) called = true; };
    page.on('request', spy);
    await page.$eval('#milestone [name="title"]', (el) => { el.value = '无日期节点'; });
    await page.$eval('#milestone', (f) => f.requestSubmit());
    await new Promise((r) => setTimeout(r, 300));
    page.off('request', spy);
    const asked = await page.$eval('#milestone', (f) => (f.querySelector('.field-error') || {}).innerText || '');
    check(asked === '请填写此项' && !called, `a milestone without its date is asked for it, not sent (${asked}, sent: ${called})`);
    const light = await page.$eval('h1 .light', (e) => e.innerText).catch(() => '');
    check(['红灯', '黄灯', '绿灯', '无计划'].includes(light), `the project's light is shown in words (${light})`);
    check((await bodyText(page)).includes('责任单位 区工业和信息化局'), 'the project names its responsible unit');
    check((await page.$eval('#plan', (e) => e.innerText)).includes('计划开工'), 'the project shows its plan');
    // Its history: the month recorded from the page, newest first, with the totals before and after.
    const history = await page.$$eval('#history-entries tr', (rows) => rows.slice(1).map((r) => r.innerText));
    check(history.length >= 2 && history[0].includes('报送投资月报') && history[0].includes('累计完成投资') && history[0].includes('→'),
      `the project's history shows the month recorded, with values before and after (${history[0]})`);
    const [, who, , changes] = history[0].split('\t');
    check(/[万亿]元/.test(changes) && /\d{4}年\d{1,2}月/.test(changes) && !/\d{7,}|"/.test(changes),
      `the history writes amounts in 万元/亿元 and months as the district does, not raw yuan or JSON (${changes})`);
    check(who === '测试管理员（区政府办公室）', `the history names the person who made the change, not their id (${who})`);
    await shot(page, 'project');
    await phone(page, 'project');

    await open(page, `${WEB}/#/lead/L00000001`);
    check((await bodyText(page)).includes('苏宁易购'), 'the lead page shows 苏宁易购');
    await shot(page, 'lead');
    await phone(page, 'lead');
    // A monthly return uploaded from the page: a bad one lists its cells, a good one is recorded.
    await open(page, `${WEB}/#/projects`);
    const upload = async (file) => {
      const input = await page.$('#import [name=file]');
      await input.uploadFile(path.join(RUN_DIR, file));
      const done = page.waitForResponse((r) => r.url().includes('/api/import/'), { timeout: 10000 });
      await page.$eval('#import', (f) => f.requestSubmit());
      await done;
      await page.waitForFunction(() => !document.getElementById('import-result').innerText.includes('导入中'), { polling: 50 });
      return page.$eval('#import-result', (e) => e.innerText);
    };
    let result = await upload('investment-bad-cells.xlsx');
    check(result.includes('未导入') && /4\s+月份\s+不是月份/.test(result), `a bad return lists its cells on the page (${result.replace(/\s+/g, ' ')})`);
    await shot(page, 'import-errors');
    result = await upload('investment-good.xlsx');
    check(result.includes('已导入 3 条'), `a good return is recorded from the page (${result})`);
    await phone(page, 'projects');
    await open(page, `${WEB}/#/buildings`);
    await shot(page, 'buildings');
    await phone(page, 'buildings');

    // Markup in a project's name is text on every page that shows it, never markup.
    const markup = '<img src=x onerror="window.__injected=1">甲项目';
    const created = await pageApi(page, 'district.project.v1.ProjectService/CreateProject', { project: { name: markup, totalInvestmentYuan: '100000000', leader: '刘副区长' } });
    check(created.status === 200 && created.body.id, `a project named with markup is stored (${created.status})`);
    for (const url of [`${WEB}/#/projects`, `${WEB}/#/project/${created.body.id}`, `${WEB}/#/leader/${encodeURIComponent('刘副区长')}`]) {
      await open(page, url);
      const shown = await bodyText(page);
      const imgs = await page.$$eval('main img', (els) => els.length);
      const injected = await page.evaluate(() => window.__injected);
      check(shown.includes(markup) && imgs === 0 && injected === undefined, `markup in a name shows as text at ${new URL(url).hash}`);
    }
    await shot(page, 'markup-as-text');
    await phone(page, 'leader');

    // A viewer's write is refused, shown, and changes nothing.
    if (SECURED) {
      // A context of its own: cookies do not tell ports apart, and this tab's session must not
      // replace the signed-in person's of the suite's page.
      const securedContext = await browser.createBrowserContext();
      const secured = await securedContext.newPage();
      await secured.setViewport({ width: 1366, height: 900 });
      // The page's form takes a login name and password (people_browser_test.cjs); scripts still
      // sign in with a machine token through the same API.
      await open(secured, `${SECURED}/#/signin`);
      const tokenSignIn = await secured.evaluate(async (token) => {
        const s = await (await fetch('/api/session', { credentials: 'same-origin' })).json();
        const res = await fetch('/api/session', { method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf }, body: JSON.stringify({ token }) });
        return res.status;
      }, VIEWER_TOKEN);
      check(tokenSignIn === 200, `a machine token still signs in through the API (${tokenSignIn})`);
      await secured.evaluate(() => { location.hash = '#/overview'; location.reload(); });
      await secured.waitForFunction(() => document.body.dataset.ready === '#/overview', { timeout: 15000, polling: 50 });
      check((await secured.$eval('#session', (e) => e.innerText)).includes('已登录'), 'signed in');
      const cookies = await secured.cookies();
      const session = cookies.find((c) => c.name === 'district_session');
      check(session && session.httpOnly && session.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict');
      check(!cookies.some((c) => c.value.includes(VIEWER_TOKEN)), 'no cookie holds the token');
      check(!secured.url().includes(VIEWER_TOKEN), 'the token is not in the URL');
      await open(secured, `${SECURED}/#/project/P00000001`);
      await submit(secured, 'investment', { month: '2020-05', wan: '100' });
      const refused = await secured.$eval('#investment', (f) => f.innerText);
      check(refused.includes('无权限'), 'a viewer\'s write shows the permission error');
      await shot(secured, 'viewer-refused');
      await secured.reload({ waitUntil: 'load' });
      await secured.waitForFunction(() => document.body.dataset.ready === '#/project/P00000001', { polling: 50 });
      check((await secured.$eval('#invested', (e) => e.innerText)) === '—', 'the viewer\'s write changed nothing');
      check((await secured.$eval('#history', (e) => e.innerText)).includes('仅管理员可查看变更记录'), 'a viewer is told the history is for admins');
    }

    // A stopped backend: its parts say so, the rest renders.
    const pid = Number(fs.readFileSync(path.join(RUN_DIR, 'recruitment.pid'), 'utf8'));
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50; i++) {
      try { process.kill(pid, 0); await new Promise((r) => setTimeout(r, 100)); } catch { break; }
    }
    await open(page, `${WEB}/#/overview?year=2020`);
    text = await bodyText(page);
    check(text.includes('招商服务暂不可用'), 'the stopped recruitment service shows as unavailable');
    check(text.includes('林德液压') && text.includes('691亿元'), 'the rest of the overview renders');
    check((await chartPoints(page)).some(([id, n]) => id === 'chart-stage' && n > 0), 'the project charts still have data');
    await shot(page, 'overview-recruitment-down');
    check(errors.length === 0, `no script errors (${errors.join('; ')})`);
  } finally {
    await browser.close();
  }
  if (failures) {
    console.log(`${failures} check(s) failed`);
    process.exit(1);
  }
  console.log('PASS');
})().catch((e) => { console.error(e); process.exit(1); });
