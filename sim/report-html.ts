import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CATEGORY_LABELS, type Category } from '../domain/categories';
import type { Report } from '../services/reports';

const CHANNEL_LABELS: Record<string, string> = {
  hotline: '12368热线',
  web: '网站',
  wechat: '微信',
  window: '窗口',
  callback: '工单回访',
};

export interface HtmlReportInput {
  title: string;
  courtName: string;
  month: string;
  report: Report;
  daily: Array<{ date: string; report: Report | null }>;
  children: Array<{ code: string; name: string; report: Report }>;
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`);
const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * A self-contained page an auditor can open from disk: the month's figures as cards, charts
 * (Chart.js, inlined from node_modules so nothing is fetched) and the subordinate courts' table.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  // Paths are the project root's, where npm scripts run.
  const chartJs = readFileSync(resolve('node_modules/chart.js/dist/chart.umd.min.js'), 'utf8');
  const r = input.report;
  const cards: Array<[string, string, string]> = [
    [
      '诉求总数',
      String(r.requests.total),
      `环比 ${signed(r.change.requestsMoM)} · 同比 ${signed(r.change.requestsYoY)}`,
    ],
    ['即时办结率', pct(r.firstContactResolutionRate), `${r.requests.settled} 件当场办结`],
    [
      '一次性办理到位率',
      pct(r.onePassResolutionRate),
      `重复诉求 ${r.requests.repeat} · 二次办理 ${r.orders.secondPass}`,
    ],
    [
      '新建工单',
      String(r.orders.created),
      `环比 ${signed(r.change.ordersMoM)} · 同比 ${signed(r.change.ordersYoY)}`,
    ],
    [
      '按期答复率',
      pct(r.onTimeRate),
      `按期 ${r.orders.onTime} · 超期 ${r.orders.late} · 超期未办结 ${r.orders.openLate}`,
    ],
    ['满意率', pct(r.satisfaction.rate), `评价 ${r.satisfaction.rated} 次`],
    ['知识库办结', String(r.requests.settledWithKnowledge), `占即时办结 ${pct(r.knowledgeBaseRate)}`],
    [
      '督办',
      String(r.escalations.level1 + r.escalations.level2 + r.escalations.level3),
      `预警 ${r.escalations.warning} · 通报 ${r.escalations.level3}`,
    ],
  ];
  const data = {
    channels: Object.entries(r.requests.byChannel).map(([k, v]) => [CHANNEL_LABELS[k] ?? k, v]),
    categories: Object.entries(r.requests.byCategory).map(([k, v]) => [
      CATEGORY_LABELS[k as Category] ?? k,
      v,
    ]),
    satisfaction: Object.entries(r.satisfaction.byChannel).map(([k, v]) => [
      CHANNEL_LABELS[k] ?? k,
      v.satisfied,
      v.basicallySatisfied,
      v.unsatisfied,
    ]),
    orders: [
      ['新建', r.orders.created],
      ['答复', r.orders.replied],
      ['按期', r.orders.onTime],
      ['超期', r.orders.late],
      ['退单', r.orders.returned],
      ['重办', r.orders.reopened],
      ['二次办理', r.orders.secondPass],
      ['超期未办结', r.orders.openLate],
      ['办结', r.orders.closed],
    ],
    escalations: [
      ['预警', r.escalations.warning],
      ['一级督办', r.escalations.level1],
      ['二级督办', r.escalations.level2],
      ['三级通报', r.escalations.level3],
    ],
    daily: input.daily.map((d) => [
      d.date.slice(5),
      d.report?.requests.total ?? null,
      d.report?.orders.created ?? null,
    ]),
  };
  const rows = input.children
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td>${c.report.requests.total}</td><td>${pct(c.report.firstContactResolutionRate)}</td><td>${pct(c.report.onePassResolutionRate)}</td><td>${c.report.orders.created}</td><td>${pct(c.report.onTimeRate)}</td><td>${c.report.escalations.level1 + c.report.escalations.level2 + c.report.escalations.level3}</td><td>${pct(c.report.satisfaction.rate)}</td><td>${c.report.orders.openLate}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#1f2937;background:#f8fafc}
h1{font-size:22px;margin:0 0 4px} .sub{color:#64748b;margin-bottom:20px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-bottom:20px}
.card{background:#fff;border-radius:8px;padding:14px;box-shadow:0 1px 2px #0001}
.card .k{color:#64748b;font-size:13px}.card .v{font-size:26px;font-weight:600;margin:6px 0}.card .n{color:#64748b;font-size:12px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.panel{background:#fff;border-radius:8px;padding:14px;box-shadow:0 1px 2px #0001}
.panel h2{font-size:15px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:6px 8px;border-bottom:1px solid #e2e8f0;text-align:right}th:first-child,td:first-child{text-align:left}
</style></head><body>
<h1>${esc(input.title)}</h1>
<div class="sub">${esc(input.courtName)}（含下级法院）· 数据截至 ${esc(r.asOf.replace('T', ' ').slice(0, 16))} UTC · 按北京时间统计</div>
<div class="cards">${cards.map(([k, v, n]) => `<div class="card"><div class="k">${k}</div><div class="v">${v}</div><div class="n">${n}</div></div>`).join('')}</div>
<div class="grid">
<div class="panel"><h2>每日诉求与工单</h2><canvas id="daily"></canvas></div>
<div class="panel"><h2>诉求渠道</h2><canvas id="channels"></canvas></div>
<div class="panel"><h2>诉求类别</h2><canvas id="categories"></canvas></div>
<div class="panel"><h2>各渠道评价</h2><canvas id="satisfaction"></canvas></div>
<div class="panel"><h2>工单办理</h2><canvas id="orders"></canvas></div>
<div class="panel"><h2>预警与督办</h2><canvas id="escalations"></canvas></div>
</div>
${rows ? `<div class="panel" style="margin-top:16px"><h2>下级法院</h2><table><thead><tr><th>法院</th><th>诉求</th><th>即时办结率</th><th>一次性办理到位率</th><th>工单</th><th>按期答复率</th><th>督办</th><th>满意率</th><th>超期未办结</th></tr></thead><tbody>${rows}</tbody></table></div>` : ''}
<script>${chartJs}</script>
<script>
const d = ${JSON.stringify(data)};
Chart.defaults.animation = false;
const bar = (id, rows, label, color) => new Chart(document.getElementById(id), { type: 'bar', data: { labels: rows.map(r => r[0]), datasets: [{ label, data: rows.map(r => r[1]), backgroundColor: color }] }, options: { plugins: { legend: { display: false } } } });
new Chart(document.getElementById('daily'), { type: 'line', data: { labels: d.daily.map(r => r[0]), datasets: [
  { label: '诉求', data: d.daily.map(r => r[1]), borderColor: '#2563eb', tension: .2 },
  { label: '工单', data: d.daily.map(r => r[2]), borderColor: '#dc2626', tension: .2 } ] } });
bar('channels', d.channels, '诉求', '#2563eb');
bar('categories', d.categories, '诉求', '#0891b2');
new Chart(document.getElementById('satisfaction'), { type: 'bar', data: { labels: d.satisfaction.map(r => r[0]), datasets: [
  { label: '满意', data: d.satisfaction.map(r => r[1]), backgroundColor: '#16a34a' },
  { label: '基本满意', data: d.satisfaction.map(r => r[2]), backgroundColor: '#a3e635' },
  { label: '不满意', data: d.satisfaction.map(r => r[3]), backgroundColor: '#dc2626' } ] }, options: { scales: { x: { stacked: true }, y: { stacked: true } } } });
bar('orders', d.orders, '工单', '#7c3aed');
bar('escalations', d.escalations, '次数', '#ea580c');
</script>
</body></html>
`;
}
