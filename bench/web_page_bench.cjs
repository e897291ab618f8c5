// The overview page of a loaded suite rendered in headless Chromium: from navigation until the
// page says it has rendered (document.body.dataset.ready) with its charts drawn. The first load
// has an empty cache (ECharts comes over the network); the others are a returning user's.
// Goal: <= 1.5 s. Usage: node bench/web_page_bench.cjs http://127.0.0.1:PORT
'use strict';
const path = require('path');
const puppeteer = require(path.join(__dirname, '../services/web/ui/node_modules/puppeteer-core'));

(async () => {
  const base = process.argv[2];
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1920, height: 1080 });
  const times = [];
  for (let i = 0; i < 6; i++) {
    await page.goto('about:blank');
    const t0 = Date.now();
    await page.goto(`${base}/#/overview?year=2020`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.body.dataset.ready === '#/overview?year=2020' &&
      document.querySelectorAll('.chart svg').length >= 3, { timeout: 30000, polling: 10 });
    times.push(Date.now() - t0);
  }
  await browser.close();
  const warm = times.slice(1).sort((a, b) => a - b);
  console.log(`overview page in headless Chromium: first load ${times[0]} ms, then ${warm.join(' / ')} ms; ` +
    `median ${warm[Math.floor(warm.length / 2)]} ms (goal <= 1500 ms)`);
})().catch((e) => { console.error(e); process.exit(1); });
