// A clerk's day on the page (#32), as a clerk does it, in Debian's headless Chromium driven by
// puppeteer-core, against the suite forms_test.sh started: register a project with 总投资 "15"
// 亿元, advance it to 取得土地 entering 用地 in the dialog when asked, record a month, be asked
// before overwriting it, delete it; the project page and the overview show the figures.
// Screenshots at 1366 and 390 px go to $ARTIFACTS. Exits non-zero when a check fails.
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '../..');
const puppeteer = require(path.join(ROOT, 'services/web/ui/node_modules/puppeteer-core'));

const WEB = process.env.WEB;
const ARTIFACTS = process.env.ARTIFACTS;
fs.mkdirSync(ARTIFACTS, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitReady(page, hash) {
  await page.waitForFunction((h) => document.body.dataset.ready === h, { timeout: 15000, polling: 50 }, hash);
}
async function open(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await waitReady(page, new URL(url).hash);
}
async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, name + '.png'), fullPage: true });
}
// The page at 1366 px and at 390 px (a phone: nothing wider than the screen), a screenshot of each.
async function shots(page, name) {
  await page.setViewport({ width: 1366, height: 900 });
  await sleep(200);
  await shot(page, name + '-1366');
  // Not isMobile: puppeteer reloads the page to change it, which would close an open dialog.
  await page.setViewport({ width: 390, height: 844 });
  await sleep(300);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, `${name} fits a 390 px phone (${width} px wide)`);
  await shot(page, name + '-390');
  await page.setViewport({ width: 1366, height: 900 });
  await sleep(200);
}
const text = (page, sel) => page.$eval(sel, (e) => e.innerText.trim());
// A call of the web API as the page makes it.
const pageApi = (page, method, body) => page.evaluate(async (m, b) => {
  const session = await (await fetch('/api/session', { credentials: 'same-origin' })).json();
  const res = await fetch(`/api/district.project.v1.ProjectService/${m}`, { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf }, body: JSON.stringify(b) });
  return { status: res.status, body: await res.json() };
}, method, body);

// The form item of a dialog whose label starts with `label`: typing into its input, choosing in
// its select (the options are in a popper outside the dialog), reading its error.
const item = (dialog, label) => `${dialog} .el-form-item[data-label^="${label}"]`;
async function markItems(page) {  // label each form item by its label text, for the selectors above
  await page.evaluate(() => document.querySelectorAll('.el-form-item').forEach((e) => {
    const l = e.querySelector('.el-form-item__label'); e.dataset.label = l ? l.innerText.trim() : '';
  }));
}
async function type(page, sel, value) {
  const input = await page.$(`${sel} input, ${sel} textarea`);
  await input.click({ clickCount: 3 });
  await page.keyboard.press('Backspace');
  await input.type(value);
}
async function typeDate(page, sel, value) {  // a picker takes the date typed as it shows it
  await type(page, sel, value);
  await page.keyboard.press('Enter');
  await sleep(150);
  // Not Escape: that would close the dialog too. A click on its title closes the picker.
  await page.evaluate(() => { const h = [...document.querySelectorAll('.el-dialog__header')].find((e) => e.offsetParent); if (h) h.click(); });
  await sleep(150);
}
async function choose(page, sel, optionText) {
  await page.click(`${sel} .el-select__wrapper`);
  await sleep(250);
  const chosen = await page.evaluate((t) => {
    const items = [...document.querySelectorAll('.el-select-dropdown__item')].filter((e) => e.offsetParent !== null);
    const hit = items.find((e) => e.innerText.trim() === t);
    if (hit) hit.click();
    return hit ? t : items.map((e) => e.innerText.trim()).join('|');
  }, optionText);
  await sleep(200);
  return chosen;
}
const options = (page, sel) => page.click(`${sel} .el-select__wrapper`).then(() => sleep(250)).then(() => page.evaluate(() =>
  [...document.querySelectorAll('.el-select-dropdown__item')].filter((e) => e.offsetParent !== null).map((e) => e.innerText.trim())));
// Opens a dialog by its button, once no other dialog or message box is still closing over the
// page (a click then lands on its overlay), clicking again if the first click was lost.
async function openDialog(page, button, form) {
  for (let i = 0; i < 3; i++) {
    await page.waitForFunction(() => ![...document.querySelectorAll('.el-overlay')].some((e) => e.offsetParent !== null || getComputedStyle(e).display !== 'none'),
      { timeout: 5000, polling: 50 }).catch(() => {});
    await page.click(button);
    if (await page.waitForSelector(form, { visible: true, timeout: 4000 }).then(() => true, () => false)) return;
  }
  throw new Error(`${button} did not open ${form}`);
}
const errorOf = (page, sel) => page.$eval(sel, (e) => (e.querySelector('.el-form-item__error') || {}).innerText || '');
const toast = (page) => page.waitForFunction(() => [...document.querySelectorAll('.el-message')].map((e) => e.innerText).join('|'), { timeout: 5000, polling: 50 })
  .then((h) => h.jsonValue()).catch(() => '');
const yuanText = (v) => {  // as the page writes whole yuan (format.js)
  const n = Number(v); const t = (x) => Number(x.toFixed(2)).toString();
  return n >= 1e8 ? t(n / 1e8) + '亿元' : n >= 1e4 ? t(n / 1e4) + '万元' : n.toLocaleString('zh-CN') + '元';
};

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--lang=zh-CN'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // Signed in on the page's form (forms_test.sh set the password); the page asked for opens.
    await page.goto(`${WEB}/#/overview?year=2020`, { waitUntil: 'load' });
    await page.waitForSelector('#signin', { timeout: 15000 });
    await page.$eval('#signin [name="login"]', (el, v) => { el.value = v; }, process.env.FORMS_LOGIN);
    await page.$eval('#signin [name="password"]', (el, v) => { el.value = v; }, process.env.FORMS_PASSWORD);
    const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
    await page.$eval('#signin', (f) => f.requestSubmit());
    check((await signedIn).status() === 200, 'signed in on the page with 登录名 and 密码');
    await page.waitForFunction(() => document.body.dataset.ready === '#/overview?year=2020', { timeout: 15000, polling: 50 });

    // The overview's registered projects before.
    await open(page, `${WEB}/#/overview?year=2020`);
    const statsBefore = (await pageApi(page, 'GetProjectStats', { year: 2020 })).body;

    // Register: the form's labels are the contracts'; "15亿" is refused by its box, "15" 亿元 saved.
    await open(page, `${WEB}/#/projects`);
    await openDialog(page, '#register-project', '#project-form');
    await markItems(page);
    const D = '.project-form-dialog';
    const labels = await page.$$eval(`${D} .el-form-item__label`, (els) => els.map((e) => e.innerText.trim()));
    for (const l of ['项目名称', '责任单位', '包靠领导', '级别', '领域', '总投资', '用地（亩）', '已到阶段']) check(labels.includes(l), `the form has ${l}`);
    await type(page, item(D, '项目名称'), '奎文新材料产业园项目');
    await type(page, item(D, '责任单位'), '区发展和改革局');
    await type(page, item(D, '包靠领导'), '刘副区长');
    const levels = await options(page, item(D, '级别'));
    await page.click(`${item(D, '级别')} .el-select__wrapper`);  // closes the list
    check(levels.length >= 2 && levels.every((l) => /[\u4e00-\u9fff]/.test(l)), `levels are offered in Chinese from the contracts (${levels})`);
    check(await choose(page, item(D, '级别'), levels[0]) === levels[0], 'a level is chosen');
    check(await choose(page, item(D, '领域'), '高端装备') === '高端装备', 'a sector is chosen');
    await type(page, item(D, '总投资'), '15亿');
    await page.click('#project-form-save');
    await sleep(300);
    const bad = await errorOf(page, item(D, '总投资'));
    check(/数字/.test(bad), `"15亿" is refused by its box in Chinese (${bad})`);
    await type(page, item(D, '总投资'), '15');
    check(await choose(page, item(D, '总投资'), '亿元') === '亿元', 'the amount is in 亿元');
    await shots(page, 'register-form');
    await markItems(page);
    check(await choose(page, item(D, '已到阶段'), '立项审批') === '立项审批', 'the stage reached is chosen');
    await typeDate(page, item(D, '到达该阶段的日期'), '2020年1月10日');
    const created = page.waitForResponse((r) => r.url().endsWith('/CreateProject'), { timeout: 10000 });
    await page.click('#project-form-save');
    const res = await created;
    check(res.status() === 200, `the project is registered (${res.status()}: ${res.status() === 200 ? '' : await res.text()})`);
    check((await toast(page)).includes('已保存'), 'the page says 已保存');
    await page.waitForFunction(() => /^#\/project\/P\d+$/.test(location.hash) && document.body.dataset.ready === location.hash, { timeout: 15000, polling: 50 });
    const id = decodeURIComponent(page.url().split('/').pop());
    const stored = (await pageApi(page, 'GetProject', { id })).body;
    check(stored.totalInvestmentYuan === '1500000000', `"15" 亿元 is stored as 1500000000 yuan, exactly (${stored.totalInvestmentYuan})`);
    check(stored.stage === 'STAGE_APPROVED' && stored.stageHistory[0].effectiveDate.day === 10, 'registered at the stage reached, on its date');
    check(await text(page, '#stage') === '立项审批', 'the project page shows its stage');
    check((await page.$eval('.facts', (e) => e.innerText)).includes('15亿元'), 'the project page shows 总投资 15亿元');

    // Advance: only the stages the service accepts next; 取得土地 asks for 用地 in the same dialog.
    await openDialog(page, '#advance-stage', '#stage-form');
    await markItems(page);
    const S = '.stage-dialog';
    const offered = await options(page, item(S, '推进到'));
    await page.click(`${item(S, '推进到')} .el-select__wrapper`);
    check(offered[0] === '取得土地' && !offered.some((o) => o.startsWith('在建') || o.startsWith('投产')),
      `the stage list offers only the moves the service accepts, 取得土地 first (${offered})`);
    check(offered.includes('谋划（须填写原因）'), 'going back is offered with its reason asked');
    const landItem = await page.$(item(S, '用地'));
    check(landItem !== null, 'the dialog asks for 用地 before 取得土地');
    await page.click('#stage-save');
    await sleep(200);
    check((await errorOf(page, item(S, '日期'))).includes('请选择日期'), 'a stage change without its date is asked for it');
    await typeDate(page, item(S, '日期'), '2019年12月1日');
    await type(page, item(S, '用地'), '30');
    let answered = page.waitForResponse((r) => r.url().endsWith('/AdvanceStage'), { timeout: 10000 });
    await page.click('#stage-save');
    await answered;
    await sleep(400);
    await markItems(page);
    const dateError = await errorOf(page, item(S, '日期'));
    check(/[\u4e00-\u9fff]/.test(dateError) && !/[a-z]{4,}/i.test(dateError), `a date before the last change is refused by the date, in Chinese (${dateError})`);
    await shots(page, 'stage-dialog');
    await typeDate(page, item(S, '日期'), '2020年3月1日');
    answered = page.waitForResponse((r) => r.url().endsWith('/AdvanceStage'), { timeout: 10000 });
    await page.click('#stage-save');
    check((await answered).status() === 200, 'advanced to 取得土地');
    await page.waitForFunction(() => document.getElementById('stage').innerText === '取得土地', { timeout: 10000, polling: 50 }).catch(() => {});
    check(await text(page, '#stage') === '取得土地', 'the project page shows 取得土地');
    check((await page.$eval('.facts', (e) => e.innerText)).includes('30亩'), 'the project page shows 用地 30亩');

    // Edit: the form shows 总投资 as stored (15 亿元); only what changed is sent, with the etag.
    await openDialog(page, '#edit-project', '#project-form');
    await markItems(page);
    const shown = await page.$eval(`${item(D, '总投资')} input`, (e) => e.value);
    check(shown === '15', `the edit form shows 总投资 as 15 (${shown})`);
    await type(page, item(D, '总投资'), '16.5');
    const updating = page.waitForRequest((r) => r.url().endsWith('/UpdateProject'), { timeout: 10000 });
    const updated = page.waitForResponse((r) => r.url().endsWith('/UpdateProject'), { timeout: 10000 });
    await page.click('#project-form-save');
    const sent = JSON.parse((await updating).postData());
    check(sent.updateMask === 'total_investment_yuan' && sent.project.totalInvestmentYuan === '1650000000' && sent.project.etag,
      `an edit sends only the changed field, exactly, with the etag (${JSON.stringify(sent)})`);
    check((await updated).status() === 200, 'the edit is saved');
    await page.waitForFunction(() => document.querySelector('.facts').innerText.includes('16.5亿元'), { timeout: 10000, polling: 50 }).catch(() => {});
    check((await page.$eval('.facts', (e) => e.innerText)).includes('16.5亿元'), 'the project page shows 总投资 16.5亿元');

    // A month: recorded, re-entering it asks before overwriting, then deleted.
    const record = async (month, wan) => {
      await page.$eval('#investment [name="month"]', (el, v) => { el.value = v; }, month);
      await page.$eval('#investment [name="wan"]', (el, v) => { el.value = v; }, wan);
      await page.$eval('#investment', (f) => f.requestSubmit());
    };
    answered = page.waitForResponse((r) => r.url().endsWith('/RecordInvestment'), { timeout: 10000 });
    await record('2020-04', '3000');
    check((await answered).status() === 200, 'April 2020 is recorded');
    await page.waitForSelector('#months tr[data-month="2020-04"]', { timeout: 10000 });
    check(await text(page, '#invested') === '3000万元', `累计完成投资 is 3000万元 (${await text(page, '#invested')})`);
    let called = false;
    const spy = (r) => { if (r.url().endsWith('/RecordInvestment')) called = true; };
    page.on('request', spy);
    await record('2020-04', '3500');
    await page.waitForSelector('.el-message-box', { visible: true, timeout: 5000 });
    const asked = await text(page, '.el-message-box');
    check(asked.includes('当月已填报 3000 万元，是否覆盖？'), `re-entering a month asks first (${asked.replace(/\s+/g, ' ')})`);
    await shots(page, 'overwrite-asked');
    await page.click('.el-message-box__btns .el-button:not(.el-button--primary)');
    await sleep(400);
    page.off('request', spy);
    check(!called && await text(page, '#invested') === '3000万元', 'declining keeps the month as it was');
    await shots(page, 'project');
    await page.click('#months tr[data-month="2020-04"] .delete-month');
    await page.waitForSelector('.el-message-box', { visible: true, timeout: 5000 });
    check((await text(page, '.el-message-box')).includes('删除2020年4月'), 'deleting a month asks first');
    answered = page.waitForResponse((r) => r.url().endsWith('/DeleteInvestmentReport'), { timeout: 10000 });
    await page.click('.el-message-box__btns .el-button--primary');
    check((await answered).status() === 200, 'the month is deleted');
    await page.waitForFunction(() => !document.getElementById('months'), { timeout: 10000, polling: 50 }).catch(() => {});
    check(await text(page, '#invested') === '—', `with no month, 累计完成投资 is unknown (${await text(page, '#invested')})`);
    const after = (await pageApi(page, 'GetProject', { id })).body;
    check(!after.investedToDateYuan || after.investedToDateYuan === '0', `the service holds no investment (${after.investedToDateYuan})`);
    const history = await page.$$eval('#history-entries tr', (rows) => rows.slice(1).map((r) => r.innerText));
    check(history.length >= 1 && history[0].includes('删除投资月报'), `the deletion is in the project's history (${history[0]})`);

    // A milestone marked done, an obstacle closed with how, a 督办 answered, escalated and closed.
    const future = { year: new Date().getFullYear() + 1, month: 6, day: 30 };
    check((await pageApi(page, 'CreateMilestone', { milestone: { projectId: id, title: '土地挂牌', plannedDate: { year: 2020, month: 5, day: 1 } } })).status === 200, 'a milestone is added');
    check((await pageApi(page, 'CreateObstacle', { obstacle: { projectId: id, kind: 'OBSTACLE_KIND_LAND', description: '供电线路迁改' } })).status === 200, 'an obstacle is recorded');
    const order = await pageApi(page, 'CreateOrder', { order: { projectId: id, responsibleUnit: '区发展和改革局', subject: '加快供电线路迁改', deadline: future } });
    check(order.status === 200, `a 督办 is issued (${JSON.stringify(order.body).slice(0, 200)})`);
    await page.reload({ waitUntil: 'load' });
    await waitReady(page, `#/project/${id}`);
    const prompt = async (button, value, call) => {
      await page.click(button);
      await page.waitForSelector('.el-message-box input', { visible: true, timeout: 5000 });
      if (value !== null) {
        await page.$eval('.el-message-box input', (e) => { e.select(); });
        await page.keyboard.press('Backspace');
        await page.type('.el-message-box input', value);
      }
      const answer = page.waitForResponse((r) => r.url().endsWith('/' + call), { timeout: 10000 });
      await page.click('.el-message-box__btns .el-button--primary');
      const r = await answer;
      await page.waitForFunction(() => !document.querySelector('.el-message-box') || document.querySelector('.el-message-box').offsetParent === null, { timeout: 5000, polling: 50 }).catch(() => {});
      await waitReady(page, `#/project/${id}`);
      await sleep(300);
      return r.status();
    };
    check(await prompt('#milestones .milestone-done', '2020-05-08', 'UpdateMilestone') === 200, 'a milestone is marked done');
    check((await text(page, '#milestones')).includes('2020年5月8日') && !(await page.$('#milestones .milestone-done')), 'the milestone shows its actual date');
    check(await prompt('#obstacles .obstacle-close', '已协调供电公司完成迁改', 'UpdateObstacle') === 200, 'an obstacle is closed');
    check((await text(page, '#obstacles')).includes('已解决：已协调供电公司完成迁改'), 'the obstacle shows how it was resolved');
    check(await prompt('#orders .order-respond', '已约谈供电公司，月底前完成', 'RespondOrder') === 200, 'the 督办 is answered');
    check((await text(page, '#orders')).includes('已回复'), 'the 督办 shows 已回复');
    await page.click('#orders .order-escalate');
    await page.waitForSelector('.el-message-box input', { visible: true, timeout: 5000 });
    await page.type('.el-message-box input', '逾期未完成');
    await page.click('.el-message-box__btns .el-button--primary');
    await sleep(600);
    await page.waitForSelector('.el-message-box input', { visible: true, timeout: 5000 });
    await page.$eval('.el-message-box input', (e) => { e.value = ''; });
    await page.type('.el-message-box input', `${future.year}-07-15`);
    const escalated = page.waitForResponse((r) => r.url().endsWith('/EscalateOrder'), { timeout: 10000 });
    await page.click('.el-message-box__btns .el-button--primary');
    check((await escalated).status() === 200, 'the 督办 is escalated');
    await waitReady(page, `#/project/${id}`);
    await sleep(600);
    check((await text(page, '#orders')).includes('升级 1 级'), 'the 督办 shows its escalation');
    // Escalated, it is back with the unit: answered again, then closed (办结 only once answered).
    check(!(await page.$('#orders .order-close')), 'an order not yet answered offers no 办结');
    check(await prompt('#orders .order-respond', '供电公司已进场施工', 'RespondOrder') === 200, 'the escalated 督办 is answered');
    check(await prompt('#orders .order-close', '', 'CloseOrder') === 200, 'the 督办 is closed');
    check((await text(page, '#orders')).includes('已办结') && !(await page.$('#orders .order-close')), 'a closed 督办 offers no more actions');
    await shots(page, 'project-actions');

    // The overview counts the new project and its 16.5亿元.
    await open(page, `${WEB}/#/overview?year=2020`);
    const line = await page.$eval('#programme', (e) => e.innerText);
    const want = `${statsBefore.projectCount + 1}个，总投资${yuanText(Number(statsBefore.totalInvestmentYuan) + 1.65e9)}`;
    check(line.includes(want), `the overview shows ${want}`);
    await shots(page, 'overview');
    check(errors.length === 0, `no script errors (${errors})`);
  } finally {
    await browser.close();
  }
  if (failures) { console.log(`${failures} check(s) failed`); process.exit(1); }
  console.log('all checks passed');
})().catch((e) => { console.error('FAIL', e); process.exit(1); });
process.on('unhandledRejection', () => {});  // a wait still pending when the browser closes
