import '../sim/quiet-logs';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { CourtDirectory } from '../domain/courts';
import { WorkingCalendar } from '../domain/working-days';
import { connect } from '../sim/api-client';
import { compareReports, everyFilter, mismatches, sampleCourts } from '../sim/compare';
import { simulate } from '../sim/simulator';

/**
 * `npm run simulate -- --months N --scale S [--seed K] [--url http://localhost:3000] [--memory]`
 * Drives realistic traffic through the local API (the server at --url, or the local stack
 * in-process on $DATA_DIR), moving the shared clock, then sets its own count next to the reports.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      months: { type: 'string', default: '1' },
      scale: { type: 'string', default: '0.05' },
      seed: { type: 'string' },
      url: { type: 'string' },
      /** The in-process stack's database in memory, not on disk under $DATA_DIR (`npm run report` then has nothing to read). */
      memory: { type: 'boolean', default: false },
    },
  });
  const months = Number(values.months);
  const scale = Number(values.scale);
  if (!Number.isInteger(months) || months < 1 || months > 24 || !(scale > 0 && scale <= 2)) {
    console.error('usage: npm run simulate -- --months 1..24 --scale 0..2 [--seed K] [--url URL] [--memory]');
    process.exit(2);
  }
  const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
  const calendar = new WorkingCalendar(JSON.parse(readFileSync('config/calendar.json', 'utf8')));
  const api = await connect(values.url, undefined, { persist: !values.memory });
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {value}/{total} requests | {day}',
    hideCursor: true,
  });
  let started = false;
  try {
    const result = await simulate({
      months,
      scale,
      seed: values.seed ? Number(values.seed) : undefined,
      api,
      courts,
      calendar,
      onProgress: (done, total, day) => {
        if (!started) bar.start(total, 0, { day });
        started = true;
        bar.update(done, { day });
      },
    });
    bar.stop();
    console.log('\nWhat the simulator did:');
    console.table(result.did);

    const sample = sampleCourts(courts);
    const days = result.days.filter((_, i) => i % 7 === 3);
    const rows = [
      ...(await compareReports(api, result.tally, [...result.months, ...days], sample)),
      // Every category and channel filter, monthly, for the province and each region.
      ...(await compareReports(
        api,
        result.tally,
        result.months,
        sample.filter((c) => c.length <= 3),
        everyFilter(),
      )),
    ];
    const province = rows.filter(
      (r) => r.court === '赣' && result.months.includes(r.period) && !r.figure.includes('.by'),
    );
    console.log("\nThe province, month by month: the simulator's count next to the report");
    console.table(
      province.map((r) => ({
        month: r.period,
        figure: r.figure,
        simulator: r.simulator,
        report: r.report,
        same: r.simulator === r.report ? '✓' : '✗',
      })),
    );
    const wrong = mismatches(rows);
    console.log(
      `\n${rows.length} figures compared (${result.months.length} months and ${days.length} days, ${sample.length} courts, and every category and channel filter): ${wrong.length} differ.`,
    );
    if (wrong.length > 0) {
      console.table(wrong.slice(0, 40));
      process.exitCode = 1;
    }
  } finally {
    await api.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
