// People, not tokens, in a real browser (Debian's headless Chromium via puppeteer-core), against
// the suite that browser_test.sh started with scripts/run.sh: the administrator signs in by login
// name and the one-time password run.sh printed, is made to change it, adds a person in 人员管理
// and reads their one-time password; signs out; the new person signs in with it, is made to change
// it, sees their name, unit and role in the header and no 人员管理. Screenshots at 1366 and 390 px
// go to $ARTIFACTS (people-*.png). Exits non-zero on the first failed check, naming it.
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '../..');
const puppeteer = require(path.join(ROOT, 'services/web/ui/node_modules/puppeteer-core'));

const WEB = process.env.WEB;
const RUN_DIR = process.env.RUN_DIR;
const ARTIFACTS = process.env.ARTIFACTS;
fs.mkdirSync(ARTIFACTS, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `people-${name}.png`), fullPage: true });
}
async function ready(page, hash) {
  await page.waitForFunction((h) => document.body.dataset.ready === h, { timeout: 20000, polling: 50 }, hash);
}
async function open(page, hash) {
  await page.goto(`${WEB}/${hash}`, { waitUntil: 'load' });
  await ready(page, hash);
}
async function fill(page, form, values) {
  for (const [name, value] of Object.entries(values)) {
    await page.$eval(`#${form} [name="${name}"]`, (el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, value);
  }
}
// Submits a form and waits for the web service's answer to the call it makes.
async function submit(page, form, urlPart) {
  const answered = page.waitForResponse((r) => r.url().includes(urlPart) && r.request().method() === 'POST', { timeout: 20000 });
  await page.$eval(`#${form}`, (f) => f.requestSubmit());
  const res = await answered;
  await sleep(300);
  return res.status();
}
async function signIn(page, login, password) {
  await open(page, '#/signin');
  await fill(page, 'signin', { login, password });
  return submit(page, 'signin', '/api/session');
}
// A new password made of the old one: long enough for the policy, unlike the login name.
async function changePassword(page, oldPassword, newPassword) {
  await page.waitForSelector('#password', { timeout: 20000 });
  await fill(page, 'password', { oldPassword, newPassword, confirm: newPassword });
  return submit(page, 'password', '/api/password');
}
const header = (page) => page.$eval('header', (e) => e.innerText.replace(/\s+/g, ' '));
async function atPhone(page, name) {
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await sleep(300);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, `${name} fits a 390 px phone (${width} px wide)`);
  // The header's name, unit and role on one line, not a character a line.
  const who = await page.$eval('#who', (e) => ({ h: e.getBoundingClientRect().height, lh: parseFloat(getComputedStyle(e).lineHeight) || 20 }));
  check(who.h <= who.lh * 1.6, `${name}: who is signed in reads on one line at 390 px (${who.h} px high)`);
  await shot(page, `${name}-390`);
  await page.setViewport({ width: 1366, height: 900 });
  await sleep(200);
}

(async () => {
  const accounts = fs.readFileSync(path.join(RUN_DIR, 'accounts.txt'), 'utf8');
  const mode = fs.statSync(path.join(RUN_DIR, 'accounts.txt')).mode & 0o777;
  check(mode === 0o600, `run/accounts.txt is readable by its owner only (${mode.toString(8)})`);
  const line = accounts.split('\n').find((l) => l.startsWith('admin '));
  check(!!line, 'run.sh made the first administrator');
  const adminOneTime = line.split(/\s+/)[1];
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // The sign-in form: 登录名 and 密码, in Chinese; a wrong password is refused in Chinese.
    await open(page, '#/signin');
    const form = await page.$eval('#signin', (f) => f.innerText);
    check(form.includes('登录名') && form.includes('密码') && !form.includes('令牌'), `the sign-in form asks for 登录名 and 密码 (${form.replace(/\s+/g, ' ')})`);
    check(await signIn(page, 'admin', 'not-the-password') === 401, 'a wrong password is refused');
    const wrong = await page.$eval('#signin-error', (e) => e.innerText);
    check(wrong === '登录名或密码错误', `the refusal reads 登录名或密码错误 (${wrong})`);
    await shot(page, 'signin-refused-1366');

    // The administrator's one-time password: 修改密码 before anything else.
    check(await signIn(page, 'admin', adminOneTime) === 200, 'the administrator signs in with the one-time password');
    await ready(page, '#/password');
    check(await page.$('#must-change') !== null, 'the administrator is sent to 修改密码 first');
    await page.goto(`${WEB}/#/overview`, { waitUntil: 'load' });
    await ready(page, '#/overview');
    check(await page.$('#password') !== null, 'any other page shows 修改密码 until it is changed');
    const adminPassword = `${adminOneTime}-Admin-2026`;
    check(await changePassword(page, adminOneTime, adminPassword) === 200, 'the administrator changes the password');
    await sleep(500);
    check(await page.$('#must-change') === null && await page.$('#password') === null, 'then the page they asked for opens');
    let text = await header(page);
    check(text.includes('系统管理员') && text.includes('管理员') && text.includes('修改密码') && text.includes('退出'),
      `the header shows the administrator, 修改密码 and 退出 (${text})`);
    check(text.includes('人员管理'), 'an administrator is offered 人员管理');

    // 人员管理: the people run.sh made; add a 区住建局 clerk; the one-time password shown once.
    await open(page, '#/people');
    const logins = await page.$$eval('#people-table tr[data-login]', (rows) => rows.map((r) => r.dataset.login));
    check(['admin', 'fgj.reviewer', 'zjj.editor', 'liu.leader', 'viewer'].every((l) => logins.includes(l)), `人员管理 lists run.sh's people (${logins})`);
    const columns = await page.$eval('#people-table tr', (r) => r.innerText.replace(/\s+/g, ' '));
    check(['姓名', '登录名', '单位', '职务', '电话', '角色', '状态'].every((c) => columns.includes(c)), `人员管理's columns (${columns})`);
    await fill(page, 'person-form', { loginName: 'zhang.clerk', displayName: '张晓明', unit: '区住房和城乡建设局', title: '科员', phone: '0536-8888888', scopeUnit: '区住房和城乡建设局' });
    for (const box of await page.$$('#person-form input[type=checkbox]')) {  // one click at a time, as a person
      if (await box.evaluate((b) => b.checked !== (b.value === 'PERSON_ROLE_EDITOR'))) { await box.click(); await sleep(100); }
    }
    const valid = await page.$eval('#person-form', (f) => [...f.elements].filter((e) => e.willValidate && !e.checkValidity()).map((e) => `${e.name}: ${e.validationMessage}`));
    check(valid.length === 0, `the form is valid (${valid})`);
    check(await submit(page, 'person-form', 'CreatePerson') === 200, 'the administrator adds 张晓明');
    await page.waitForSelector('#one-time-password', { timeout: 10000 });
    const oneTime = await page.$eval('#one-time-password', (e) => e.innerText.trim());
    check(oneTime.length >= 10, 'the one-time password is shown');
    check(await page.$('#copy-password') !== null, 'with a copy button');
    await page.waitForFunction(() => [...document.querySelectorAll('#people-table tr[data-login]')].some((r) => r.dataset.login === 'zhang.clerk'), { timeout: 10000 });
    const row = await page.$eval('#people-table tr[data-login="zhang.clerk"]', (r) => r.innerText.replace(/\s+/g, ' '));
    check(row.includes('张晓明') && row.includes('区住房和城乡建设局') && row.includes('填报员') && row.includes('启用'), `the new person's row (${row})`);
    await shot(page, 'admin-1366');
    await atPhone(page, 'admin');

    // 退出: the old cookie is worth nothing afterwards.
    const before = (await page.cookies()).find((c) => c.name === 'district_session');
    await page.click('#signout');
    await ready(page, '#/signin');
    const after = await page.evaluate(async () => (await (await fetch('/api/session')).json()).signedIn);
    check(after === false, 'signed out');
    await page.setCookie({ name: before.name, value: before.value, url: WEB, httpOnly: true, sameSite: 'Strict' });
    const replayed = await page.evaluate(async () => (await (await fetch('/api/session')).json()).signedIn);
    check(replayed === false, 'the old session cookie no longer signs anyone in');

    // The new person: the one-time password, then 修改密码, then their own header, no 人员管理.
    check(await signIn(page, 'zhang.clerk', oneTime) === 200, 'the new person signs in with the one-time password');
    await ready(page, '#/password');
    check(await page.$('#must-change') !== null, 'the new person is made to change it');
    await shot(page, 'must-change-1366');
    check(await changePassword(page, oneTime, 'Kuiwen-Clerk-2026') === 200, 'the new person changes it');
    await open(page, '#/overview');
    text = await header(page);
    check(text.includes('张晓明') && text.includes('区住房和城乡建设局') && text.includes('填报员'), `the header shows name · unit · role (${text})`);
    check(!text.includes('人员管理'), 'the new person is not offered 人员管理');
    await page.goto(`${WEB}/#/people`, { waitUntil: 'load' });
    await sleep(500);
    check(await page.$('#people-table') === null, '#/people shows no people to a non-administrator');
    await open(page, '#/overview');
    await shot(page, 'clerk-1366');
    await atPhone(page, 'clerk');
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
