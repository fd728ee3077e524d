import '../sim/quiet-logs';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { CourtDirectory } from '../domain/courts';
import { WorkingCalendar } from '../domain/working-days';
import { connect } from '../sim/api-client';
import { compareReports, everyFilter, mismatches, sampleCourts } from '../sim/compare';
import { headline, headlineTable } from '../sim/headline';
import { simulate } from '../sim/simulator';

/**
 * `npm run simulate -- --months N --scale S [--prior-year] [--seed K] [--url http://localhost:3000] [--memory]`
 * Drives realistic traffic through the local API (the server at --url, or the local stack
 * in-process on $DATA_DIR), moving the shared clock, then sets its own count next to the reports,
 * and prints the simulated year's headline figures from the reports next to the seed report's.
 * `--prior-year` first plays the same months a year earlier (the whole year before for 12 months)
 * at the prior year's volumes, so the reports have year-on-year figures.
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
      'prior-year': { type: 'boolean', default: false },
    },
  });
  const months = Number(values.months);
  const scale = Number(values.scale);
  if (!Number.isInteger(months) || months < 1 || months > 24 || !(scale > 0 && scale <= 2)) {
    console.error(
      'usage: npm run simulate -- --months 1..24 --scale 0..2 [--prior-year] [--seed K] [--url URL] [--memory]',
    );
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
  // Wall time of each simulated month, from the end of its first hour of requests to the end of the
  // next month's first (so with each of its nights' jobs): what grows month by month shows here.
  // With the CPU the process used (both threads, and V8's own) and how busy the API's thread was.
  const monthTimes: Array<{
    month: string;
    seconds: number;
    requests: number;
    'cpu s': number;
    'API thread busy': string;
    'dynalite thread busy'?: string;
    'rollup s'?: number;
    'rollup cpu s'?: number;
    'retention s'?: number;
  }> = [];
  const mark = () => ({
    at: performance.now(),
    cpu: process.cpuUsage(),
    loop: performance.eventLoopUtilization(),
    jobs: api.jobMs?.() ?? null,
    jobsCpu: api.jobCpuMs?.() ?? null,
    dynamo: api.dynamoLoop?.() ?? null,
  });
  let month = { name: '', from: mark(), done: 0 };
  let lastDone = 0;
  const closeMonth = () => {
    const now = mark();
    if (month.name) {
      const cpu = process.cpuUsage(month.from.cpu);
      monthTimes.push({
        month: month.name,
        seconds: Math.round((now.at - month.from.at) / 100) / 10,
        requests: lastDone - month.done,
        'cpu s': Math.round((cpu.user + cpu.system) / 1e5) / 10,
        'API thread busy': `${Math.round(performance.eventLoopUtilization(now.loop, month.from.loop).utilization * 100)}%`,
        ...(now.dynamo && month.from.dynamo
          ? {
              'dynalite thread busy': `${Math.round(performance.eventLoopUtilization(now.dynamo, month.from.dynamo).utilization * 100)}%`,
            }
          : {}),
        // The nights' jobs' share of the month's wall time, and the rollup's CPU (in-process stack only).
        ...(now.jobs && month.from.jobs
          ? {
              'rollup s': jobSeconds(now.jobs, month.from.jobs, 'nightly-rollup'),
              ...(now.jobsCpu && month.from.jobsCpu
                ? { 'rollup cpu s': jobSeconds(now.jobsCpu, month.from.jobsCpu, 'nightly-rollup') }
                : {}),
              'retention s': jobSeconds(now.jobs, month.from.jobs, 'personal-data-retention'),
            }
          : {}),
      });
      // Each month as it ends: a run stopped early (or watched from another terminal) keeps them.
      if (!process.stderr.isTTY) console.error(JSON.stringify(monthTimes.at(-1)));
    }
    month = { name: '', from: now, done: lastDone };
  };
  try {
    const result = await simulate({
      months,
      scale,
      priorYear: values['prior-year'],
      seed: values.seed ? Number(values.seed) : undefined,
      api,
      courts,
      calendar,
      onProgress: (done, total, day) => {
        if (day.slice(0, 7) !== month.name) {
          closeMonth();
          month.name = day.slice(0, 7);
        }
        lastDone = done;
        if (!started) bar.start(total, 0, { day });
        started = true;
        bar.update(done, { day });
      },
    });
    bar.stop();
    closeMonth();
    console.log('\nWall time of each simulated month (seconds, its nights included):');
    console.table(monthTimes);
    console.log('\nWhat the simulator did:');
    console.table(result.did);

    const sample = sampleCourts(courts);
    const played = [...result.priorMonths, ...result.months];
    // Every day (issue 21: a later decision can change a day long past; the days it changed are among them).
    const days = [...result.priorDays, ...result.days];
    const rows = [
      ...(await compareReports(api, result.tally, [...played, ...days], sample)),
      // Every category and channel filter, monthly, for the province and each region.
      ...(await compareReports(
        api,
        result.tally,
        played,
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
    const earlier = result.did.escalation_of_an_earlier_run ?? 0;
    if (earlier > 0)
      console.log(
        `\nThe store held an earlier run (${earlier} escalation emails of orders this run did not make): its orders' figures are in the reports too, so some may differ from this run's count. For a clean comparison, run on a new DATA_DIR.`,
      );
    const wrong = mismatches(rows);
    console.log(
      `\n${rows.length} figures compared (${played.length} months and ${days.length} days, ${result.rejudgedDays.length} of them changed by a later decision, ${sample.length} courts, and every category and channel filter): ${wrong.length} differ.`,
    );
    if (wrong.length > 0) {
      console.table(wrong.slice(0, 40));
      process.exitCode = 1;
    }

    const h = await headline(api, result.months);
    console.log(
      `\nHeadline figures of the simulated year (${result.months[0]} to ${result.months.at(-1)}), from the province's monthly reports, next to the seed's (expected: the seed's year at scale ${scale}${result.months.length === 12 ? '' : `, for ${result.months.length} of its months`}):`,
    );
    console.table(headlineTable(h, scale));
    console.log(
      `Callback satisfaction by month: ${h.callbackSatisfaction.map((v) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)).join(' ')}`,
    );
  } finally {
    await api.close();
  }
}

const jobSeconds = (now: Record<string, number>, from: Record<string, number>, job: string) =>
  Math.round(((now[job] ?? 0) - (from[job] ?? 0)) / 100) / 10;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
