import { emptyCounts } from '../../domain/figures';
import { reportView } from '../../services/reports';
import { renderHtmlReport } from '../../sim/report-html';

test('the HTML report carries the figures, the charts and Chart.js itself (it opens from disk)', () => {
  const counts = emptyCounts();
  counts.requests.total = 1252;
  counts.requests.settled = 1187;
  counts.requests.byChannel.hotline = 754;
  counts.orders.onTime = 61;
  counts.orders.late = 8;
  counts.satisfaction.rated = 10;
  counts.satisfaction.satisfied = 9;
  counts.satisfaction.unsatisfied = 1;
  counts.requests.repeat = 40;
  counts.orders.secondPass = 3;
  counts.orders.openLate = 7;
  const report = reportView(
    { courtCode: '赣', period: '2026-12', counts, asOf: '2027-01-02T16:30:00Z' },
    { mom: null, yoy: null },
  );
  const html = renderHtmlReport({
    title: '赣法民意中心 2026年12月报告',
    courtName: '江西省高级人民法院',
    month: '2026-12',
    report,
    daily: [{ date: '2026-12-01', report }],
    children: [{ code: '赣11', name: '上饶中院', report }],
  });
  expect(html).toContain('<canvas id="daily">');
  for (const id of ['channels', 'categories', 'satisfaction', 'orders', 'escalations'])
    expect(html).toContain(`<canvas id="${id}">`);
  expect(html).toContain('1252');
  expect(html).toContain('94.8%'); // first-contact resolution 1187/1252
  // Issue 20: each figure under its own name.
  expect(html).toContain('即时办结率');
  expect(html).toContain('一次性办理到位率');
  expect(html).not.toContain('一次性办结率');
  expect(html).toContain('96.6%'); // one pass (1252 - 40 - 3) / 1252
  expect(html).toContain('超期未办结 7');
  expect(html).toContain('88.4%'); // on time 61/69
  expect(html).toContain('90.0%'); // satisfaction 9/10
  expect(html).toContain('上饶中院');
  expect(html).toMatch(/Chart\.register|new Chart|Chart=/);
  expect(html).not.toMatch(/<script src=/);
});
