import type { Browser } from 'playwright-core';
import { newOrder, PLAIN_MONDAY, type TestStack } from '../support/local';
import { atCenter, choose, closeBrowserStack, openBrowserStack, signIn } from './support';

/**
 * The center's own pages for the running deployment (issue 22), in a real browser on the real
 * local stack: an administrator changes who works at a court and renames it, and the next order's
 * email goes to the people there now; the center's supervisor loads next year's calendar.
 */
jest.setTimeout(120_000);

let t: TestStack;
let browser: Browser;

beforeAll(async () => {
  ({ t, browser } = await openBrowserStack(PLAIN_MONDAY));
});
afterAll(() => closeBrowserStack(t, browser));

test('an administrator replaces a court’s handler and renames the court; the next order’s email goes to the new handler', async () => {
  const url = t.stack.url;
  const context = await browser.newContext();
  const page = await signIn(context, `${url}/desk/`, atCenter('admin', '吴管理'));
  await page.waitForURL(/\/desk\/directory$/);
  await choose(page, '法院', '弋阳县人民法院', '赣1126');
  await page.waitForURL(/court=/);
  const staff = page.getByTestId('staff');
  await staff.getByRole('row').filter({ hasText: '郭娟平' }).getByText('在岗').waitFor();

  // A new handler, then the old one leaves.
  await page.getByLabel('新人员姓名').fill('周新');
  await page.getByLabel('新人员邮箱').fill('zhou.xin@courts.example.cn');
  await page.getByRole('button', { name: '添加人员' }).click();
  await page.getByTestId('directory-done').getByText('已添加 周新').waitFor();
  await staff.getByRole('row').filter({ hasText: '周新' }).getByText('在岗').waitFor();
  await page.getByRole('button', { name: '停用 郭娟平' }).click();
  await staff.getByRole('row').filter({ hasText: '郭娟平' }).getByText('已停用').waitFor();

  // The court gets its new name; its code, and so its orders and figures, stay.
  await page.getByLabel('法院名称').fill('弋阳县人民法院（新址）');
  await page.getByLabel('法院简称').fill('弋阳新院');
  await page.getByRole('button', { name: '更名' }).click();
  await page.getByTestId('directory-done').getByText('已更名为 弋阳县人民法院（新址）').waitFor();

  // Every change is on the page's record, newest first.
  const changes = page.getByTestId('changes');
  await changes.getByRole('row').nth(1).getByText('法院更名').waitFor();
  await changes.getByRole('row').nth(2).getByText('停用人员').waitFor();
  await changes.getByRole('row').nth(2).getByText('状态：在岗 → 已停用').waitFor();
  await changes.getByRole('row').nth(3).getByText('新增人员').waitFor();

  // In effect at once: the next order at that court is announced to the new handler, under the new name.
  const { orderId } = await newOrder(t);
  const mail = (await t.outbox()).filter((m) => m.kind === 'email' && m.tags.orderId === orderId);
  expect(mail.map((m) => m.to)).toEqual(['zhou.xin@courts.example.cn']);
  expect(mail[0]?.subject).toContain('弋阳新院');
  const courts = (await t.call('GET', '/v1/courts')).body.items;
  expect(courts.find((c: { code: string }) => c.code === '赣1126').name).toBe('弋阳县人民法院（新址）');
  await context.close();
});

test('the center’s supervisor loads next year’s calendar from the desk; a court’s supervisor has no such page', async () => {
  const url = t.stack.url;
  const context = await browser.newContext();
  const page = await signIn(context, `${url}/desk/`, atCenter('supervisor', '严督办'));
  await page.getByRole('link', { name: '工作日历' }).click();
  await page.waitForURL(/\/desk\/calendar$/);
  await page.getByLabel('年份').fill('2027');
  await page.getByLabel('放假日期').fill('2027-01-01\n2027-02-05, 2027-02-08');
  await page.getByLabel('调休上班日期').fill('2027-02-14');
  await page.getByRole('button', { name: '载入日历' }).click();
  await page.getByTestId('calendar-loaded').getByText('已载入 2027 年日历').waitFor();
  await context.close();

  const other = await browser.newContext();
  const court = await signIn(other, `${url}/desk/`, {
    role: 'supervisor',
    court: '赣11',
    courtName: '上饶市中级人民法院',
    name: '张督办',
  });
  await court.getByRole('link', { name: '统计报表' }).waitFor();
  expect(await court.getByRole('link', { name: '工作日历' }).count()).toBe(0);
  await other.close();
});
