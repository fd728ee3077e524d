import '../sim/quiet-logs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CourtDirectory } from '../domain/courts';
import { daysOf, monthPeriod } from '../domain/figures';
import type { Report } from '../services/reports';
import { connect } from '../sim/api-client';
import { renderHtmlReport } from '../sim/report-html';

/**
 * `npm run report -- --month 2026-11 [--court 赣11] [--out reports] [--url URL]`
 * Reads the month's report through the API, as an auditor, prints it as a table and writes an
 * HTML page with charts (reports/<month>-<court>.html).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      month: { type: 'string' },
      court: { type: 'string', default: '赣' },
      out: { type: 'string', default: 'reports' },
      url: { type: 'string' },
    },
  });
  const month = values.month ?? '';
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    console.error('usage: npm run report -- --month YYYY-MM [--court 赣11] [--out reports] [--url URL]');
    process.exit(2);
  }
  const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
  const court = courts.find(values.court!);
  if (!court) throw new Error(`unknown court ${values.court}`);
  const api = await connect(values.url);
  try {
    const auditor = await api.token('auditor', courts.highCourt.code, 'report-cli');
    const get = async (path: string): Promise<Report | null> => {
      const reply = await api.call('GET', path, { token: auditor });
      if (reply.status === 404 && reply.body?.error?.code === 'not_rolled_up') return null;
      if (reply.status !== 200) throw new Error(`${path}: ${JSON.stringify(reply.body)}`);
      return reply.body;
    };
    const code = encodeURIComponent(court.code);
    const report = await get(`/v1/reports/monthly?month=${month}&courtCode=${code}`);
    if (!report) {
      console.error(
        `no figures for ${month} yet: months are rolled up nightly at 00:30 Shanghai time (run npm run simulate first?)`,
      );
      process.exit(1);
    }
    const daily = await Promise.all(
      daysOf(monthPeriod(month)).map(async (date) => ({
        date,
        report: await get(`/v1/reports/daily?date=${date}&courtCode=${code}`),
      })),
    );
    const children = (
      await Promise.all(
        courts
          .all()
          .filter((c) => c.parentCode === court.code)
          .map(async (c) => ({
            code: c.code,
            name: c.shortName,
            report: await get(`/v1/reports/monthly?month=${month}&courtCode=${encodeURIComponent(c.code)}`),
          })),
      )
    ).filter((c): c is { code: string; name: string; report: Report } => c.report !== null);

    printTable(court.name, month, report, children);
    const dir = resolve(values.out!);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${month}-${court.code}.html`);
    writeFileSync(
      file,
      renderHtmlReport({
        title: `赣法民意中心 ${month.replace('-', '年')}月报告`,
        courtName: court.name,
        month,
        report,
        daily,
        children,
      }),
    );
    console.log(`\nHTML report with charts: ${file}`);
  } finally {
    await api.close();
  }
}

function printTable(
  name: string,
  month: string,
  r: Report,
  children: Array<{ name: string; report: Report }>,
) {
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);
  console.log(`\n${name} (and every court below it), ${month}, as of ${r.asOf}`);
  console.table({
    requests: {
      value: r.requests.total,
      note: `MoM ${pct(r.change.requestsMoM)}, YoY ${pct(r.change.requestsYoY)}`,
    },
    'first-contact resolution (即时办结率)': {
      value: pct(r.firstContactResolutionRate),
      note: `${r.requests.settled} settled, ${r.requests.settledWithKnowledge} with the knowledge base`,
    },
    'one-pass resolution (一次性办理到位率)': {
      value: pct(r.onePassResolutionRate),
      note: `${r.requests.repeat} repeats, ${r.orders.secondPass} orders needing a second pass`,
    },
    'orders created': {
      value: r.orders.created,
      note: `MoM ${pct(r.change.ordersMoM)}, YoY ${pct(r.change.ordersYoY)}`,
    },
    'orders replied': {
      value: r.orders.replied,
      note: `returned ${r.orders.returned}, reopened ${r.orders.reopened}, closed ${r.orders.closed}`,
    },
    'on-time rate': {
      value: pct(r.onTimeRate),
      note: `${r.orders.onTime} on time, ${r.orders.late} late, ${r.orders.openLate} late and still open`,
    },
    escalations: {
      value: r.escalations.level1 + r.escalations.level2 + r.escalations.level3,
      note: `warning ${r.escalations.warning}, L1 ${r.escalations.level1}, L2 ${r.escalations.level2}, L3 ${r.escalations.level3}`,
    },
    satisfaction: { value: pct(r.satisfaction.rate), note: `${r.satisfaction.rated} rated` },
  });
  console.table(
    Object.fromEntries(
      Object.entries(r.requests.byChannel).map(([k, v]) => [
        k,
        {
          requests: v,
          rated: r.satisfaction.byChannel[k as 'web']?.rated ?? 0,
          satisfaction: pct(r.satisfaction.byChannel[k as 'web']?.rate ?? null),
        },
      ]),
    ),
  );
  if (children.length > 0) {
    console.table(
      Object.fromEntries(
        children.map((c) => [
          c.name,
          {
            requests: c.report.requests.total,
            orders: c.report.orders.created,
            'on time': pct(c.report.onTimeRate),
            satisfaction: pct(c.report.satisfaction.rate),
          },
        ]),
      ),
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
