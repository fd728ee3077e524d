import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support';

/**
 * On AWS the pages are files in a bucket behind CloudFront, which answers a path it has no file
 * for (an emailed /desk/orders/GD…, an SMS /rate?token=…) with /index.html and a 200 (the
 * distributions' custom error responses). This stands in for that rule over the built web/dist,
 * with the distribution's Content-Security-Policy, and opens the links in Chromium: each must
 * start the right page, with no script the policy refuses.
 */
const DIST = join(process.cwd(), 'web', 'dist');
const CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  execFileSync('node_modules/.bin/tsx', ['web/scripts/build.ts', '--if-stale'], { stdio: 'inherit' });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/v1/courts') {
      // The API's answer for the sign-in page's court list (on AWS the API is another origin).
      res.writeHead(200, { 'content-type': 'application/json' });
      const courts = [
        { code: '赣', name: '江西省高级人民法院', shortName: '省法院', level: 'high', parentCode: null },
      ];
      return void res.end(JSON.stringify({ items: courts }));
    }
    if (path === '/config.json') {
      // What WebSite.publishConfig puts beside the pages (a local sign-in here: no issuer to reach).
      res.writeHead(200, { 'content-type': 'application/json', 'content-security-policy': CSP });
      return void res.end(JSON.stringify({ apiBaseUrl: '', auth: { mode: 'local' } }));
    }
    const file = normalize(join(DIST, path));
    const found = file.startsWith(DIST) && existsSync(file) && statSync(file).isFile();
    const served = found ? file : join(DIST, 'index.html'); // CloudFront's 403/404 → /index.html, 200
    res.writeHead(200, {
      'content-type': TYPES[extname(served)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
    });
    res.end(readFileSync(served));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => server.close(() => done()));
});

test.each([
  ['/desk/orders/GDMXMKFJUEQJGDEVKN', '/assets/desk-'],
  ['/desk/', '/assets/desk-'],
  ['/rate?token=R-web-RQ1.secret', '/assets/citizen-'],
  ['/track?no=261127ABCDEF', '/assets/citizen-'],
])('a deep link %s starts its page under the CSP', async (path, entry) => {
  const page = await browser.newPage();
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  await page.goto(`${base}${path}`);
  await page.waitForSelector('#root > *');
  const scripts = await page.$$eval('script[type=module]', (s) =>
    s.map((e) => (e as unknown as { src: string }).src),
  );
  expect(scripts.some((src) => src.includes(entry))).toBe(true);
  expect(refused).toEqual([]);
  await page.close();
});
