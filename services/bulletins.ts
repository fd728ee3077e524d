import type { Staff, StaffUnit } from '../domain/access';
import type { Court } from '../domain/courts';
import { forbidden, invalid, Refusal } from '../domain/errors';
import {
  type Counts,
  emptyCounts,
  monthPeriod,
  onePassRate,
  onTimeRate,
  orderContributions,
  ratio,
  satisfactionRate,
} from '../domain/figures';
import type { Order } from '../domain/order';
import {
  RANKING_LEVELS,
  type RankedCourt,
  type Ranking,
  type RankingLevel,
  rankCourts,
} from '../domain/ranking';
import { addDays, addMonths, shanghaiDate } from '../domain/working-days';
import type { Services } from './context';
import { staffFor } from './escalation-mail';
import { ordersCountedFrom } from './rollup';

/**
 * Rankings and the monthly 通报 (DOMAIN.md): when a month is over, courts are ranked against their
 * peers (domain/ranking.ts) from the month's rolled-up figures, and on the first working day of the
 * next month every court's supervisors and leadership get their 通报: its figures, its places, its
 * urged, rejected and late orders with desk links; its supervision office gets its own, which lists
 * the complaints and interference reports the court handles. The ranking the 通报 gave is kept, so the desk
 * shows the same table afterwards (a late record re-rolled in the month's grace days changes the
 * figures, not the 通报 already sent).
 */

const rankingMark = (month: string, level: RankingLevel) => `ranking#${month}#${level}`;
const bulletinMark = (month: string, court: string) => `bulletin#${month}#${court}`;

/** The month's stored figures of every court (a court with nothing stored has zeros, once the month is rolled up). */
async function monthCounts(s: Services, month: string): Promise<Map<string, Counts>> {
  const province = await s.figures.get(s.courts.highCourt.code, month);
  if (!province)
    throw new Refusal(
      'not_found',
      'not_rolled_up',
      `no figures for ${month} yet: months are rolled up nightly`,
    );
  const out = new Map<string, Counts>();
  await Promise.all(
    s.courts.all().map(async (c) => {
      const f = await s.figures.get(c.code, month);
      out.set(c.code, f ? f.counts : emptyCounts());
    }),
  );
  return out;
}

/** The month's ranking of one level: the one its 通报 gave, else computed now from the figures (provisional). */
export async function monthRanking(
  s: Services,
  month: string,
  level: RankingLevel,
): Promise<Ranking & { closed: boolean }> {
  const kept = await s.jobMarks.get<{ ranking: Ranking }>(rankingMark(month, level));
  if (kept) return { ...kept.ranking, closed: true };
  const counts = await monthCounts(s, month);
  const ranking = rankCourts(
    s.courts,
    month,
    level,
    (c) => counts.get(c) ?? emptyCounts(),
    s.rankingMinOrders,
  );
  return { ...ranking, closed: false };
}

/**
 * GET /v1/reports/ranking: auditors see every court; a supervisor sees the lines of the courts in
 * their own scope (their court and those below it), each with its places among all its peers.
 */
export async function readRanking(s: Services, staff: Staff, month: string, level: RankingLevel) {
  if (staff.role !== 'auditor' && staff.role !== 'supervisor')
    throw forbidden('only auditors and supervisors read the rankings');
  const ranking = await monthRanking(s, month, level);
  if (staff.role === 'auditor') return ranking;
  const mine = (l: RankedCourt) => s.courts.isWithin(l.courtCode, staff.court);
  return { ...ranking, ranked: ranking.ranked.filter(mine), apart: ranking.apart.filter(mine) };
}

/** The first working day of a month, `YYYY-MM-DD`. */
export function firstWorkingDay(s: Services, month: string): string {
  let day = `${month}-01`;
  while (!s.calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * The monthly job (09:00 Shanghai, daily): on the first working day of a month, sends the month
 * before's 通报 to every court. Each court's is sent once: a conditional write marks it before it
 * goes (a second run, or one running at the same time, finds the mark and sends nothing; a crash
 * between the mark and the send loses that court's email rather than sending it twice).
 */
export async function sendMonthlyBulletins(s: Services): Promise<{ month: string | null; sent: string[] }> {
  const now = s.clock.now();
  const today = shanghaiDate(now);
  if (today !== firstWorkingDay(s, today.slice(0, 7))) return { month: null, sent: [] };
  const month = addMonths(today.slice(0, 7), -1);
  const counts = await monthCounts(s, month);
  const rankings = new Map<RankingLevel, Ranking>();
  for (const level of RANKING_LEVELS) {
    const ranking = rankCourts(
      s.courts,
      month,
      level,
      (c) => counts.get(c) ?? emptyCounts(),
      s.rankingMinOrders,
    );
    // The ranking the 通报 gives is the month's: the first run keeps it, any other reads it back.
    await s.jobMarks.claim(rankingMark(month, level), { ranking });
    rankings.set(level, (await s.jobMarks.get<{ ranking: Ranking }>(rankingMark(month, level)))!.ranking);
  }
  const orders = await monthOrders(s, month);
  const sent: string[] = [];
  for (const court of s.courts.all()) {
    for (const audience of bulletinAudiences(s, court)) {
      if (audience.to.length === 0) continue;
      const mark = bulletinMark(month, court.code) + (audience.unit ? `#${audience.unit}` : '');
      if (!(await s.jobMarks.claim(mark, { at: now.toISOString() }))) continue;
      const reader: Staff = {
        sub: 'bulletin',
        role: 'supervisor',
        court: court.code,
        ...(audience.unit ? { unit: audience.unit } : {}),
      };
      const figures = counts.get(court.code) ?? emptyCounts();
      const bulletin = bulletinFor(s, court, month, figures, rankings, orders, reader);
      await s.mailer.send({
        to: audience.to,
        subject: `【通报】${court.name} ${month.replace('-', '年')}月 民意中心月度通报${audience.unit ? '（监察部门）' : ''}`,
        text: bulletinText(s, bulletin),
        tags: { courtCode: court.code, step: 'bulletin' },
      });
      sent.push(audience.unit ? `${court.code}#${audience.unit}` : court.code);
    }
  }
  return { month, sent };
}

/**
 * Who is sent a court's 通报 (DOMAIN.md: every court's leadership and supervisors): its
 * supervisors, with the center's leadership at the high court; and its supervision office, its
 * own members only (a court without one has none: another court's office is not its supervisor).
 */
function bulletinAudiences(s: Services, court: Court): Array<{ unit: StaffUnit | null; to: string[] }> {
  const office = [
    ...s.staff.find(court.code, 'supervisor', 'supervision'),
    ...s.staff.find(court.code, 'handler', 'supervision'),
  ];
  return [
    {
      unit: null,
      to: staffFor(s, [
        { court: court.code, role: 'supervisor', unit: null },
        { court: court.code, role: 'supervisor', unit: 'leadership' },
      ]).map((m) => m.email),
    },
    { unit: 'supervision', to: [...new Set(office.map((m) => m.email))] },
  ];
}

/** An order of the month, with what it adds to each court's figures of the month. */
export interface MonthOrder {
  order: Order;
  counted: Map<string, Counts>;
}

/** The orders that may count in a month's figures (services/rollup.ts#ordersCountedFrom), each with what it adds. */
async function monthOrders(s: Services, month: string): Promise<MonthOrder[]> {
  const period = monthPeriod(month);
  const now = s.clock.now();
  const orders = await ordersCountedFrom(s, period.start, now);
  return orders.map((order) => ({ order, counted: orderContributions(s.courts, period, now, order) }));
}

export interface Bulletin {
  month: string;
  court: { code: string; name: string; level: string };
  figures: {
    requests: number;
    firstContactResolutionRate: number | null;
    onePassResolutionRate: number | null;
    repeat: number;
    ordersCreated: number;
    onTimeRate: number | null;
    late: number;
    openLate: number;
    satisfactionRate: number | null;
    urged: number;
    replyRejected: number;
  };
  /** Its line in its level's ranking (ranked or listed apart), null for the high court. */
  rank: (RankedCourt & { peers: number; apart: boolean }) | null;
  /** The orders urged (催办) in the month, each with how many times: with `withheld`, `figures.urged`. */
  urged: OrderLine[];
  /** The orders whose reply the center rejected, each with how many times: with `withheld`, `figures.replyRejected`. */
  rejected: OrderLine[];
  /**
   * The orders late in the month: `count` rounds judged late (with `withheld`, `figures.late`), and
   * `openLate` when late and unanswered at its end (with `withheld`, `figures.openLate`).
   */
  late: Array<OrderLine & { openLate: boolean }>;
  /** What the figures count in orders this reader may not see (the supervision office's complaints). */
  withheld: { urged: number; rejected: number; late: number; openLate: number };
}

export interface OrderLine {
  orderId: string;
  /** The court handling the order now (a court's 通报 covers its subtree, as its figures do). */
  courtCode: string;
  category: string;
  deadline: string;
  status: string;
  link: string;
  count: number;
}

/**
 * One court's 通报 for a month, as `reader` may read it. Its figures are the court's, subtree
 * included; its lists are the orders behind three of them, made from what each order adds to the
 * court's figures (domain/figures.ts#orderContributions), so they add up to them. The firewall: a
 * complaint or interference report is counted where it is handled, and its supervision office's
 * business there; a reader who may not see an order (the court's ordinary supervisors, the
 * accused court of a complaint about the high court) reads it only as a number held back, so the
 * lists still add up and name nothing.
 */
export function bulletinFor(
  s: Services,
  court: Court,
  month: string,
  c: Counts,
  rankings: Map<RankingLevel, Ranking>,
  orders: MonthOrder[],
  reader: Staff,
): Bulletin {
  const urged: OrderLine[] = [];
  const rejected: OrderLine[] = [];
  const late: Bulletin['late'] = [];
  const withheld = { urged: 0, rejected: 0, late: 0, openLate: 0 };
  for (const { order, counted } of orders) {
    const here = counted.get(court.code)?.orders;
    if (!here || here.urged + here.replyRejected + here.late + here.openLate === 0) continue;
    if (!s.access.canRead(reader, order)) {
      withheld.urged += here.urged;
      withheld.rejected += here.replyRejected;
      withheld.late += here.late;
      withheld.openLate += here.openLate;
      continue;
    }
    const line = (count: number): OrderLine => ({
      orderId: order.orderId,
      courtCode: order.courtCode,
      category: order.category,
      deadline: order.deadline,
      status: order.status,
      link: `${s.deskUrl}/orders/${order.orderId}`,
      count,
    });
    if (here.urged > 0) urged.push(line(here.urged));
    if (here.replyRejected > 0) rejected.push(line(here.replyRejected));
    if (here.late + here.openLate > 0) late.push({ ...line(here.late), openLate: here.openLate > 0 });
  }
  let rank: Bulletin['rank'] = null;
  if (court.level === 'intermediate' || court.level === 'basic') {
    const ranking = rankings.get(court.level)!;
    const ranked = ranking.ranked.find((l) => l.courtCode === court.code);
    const apart = ranking.apart.find((l) => l.courtCode === court.code);
    const found = ranked ?? apart;
    if (found) rank = { ...found, peers: ranking.ranked.length, apart: !ranked };
  }
  return {
    month,
    court: { code: court.code, name: court.name, level: court.level },
    figures: {
      requests: c.requests.total,
      firstContactResolutionRate: ratio(c.requests.settled, c.requests.total),
      onePassResolutionRate: onePassRate(c),
      repeat: c.requests.repeat ?? 0,
      ordersCreated: c.orders.created,
      onTimeRate: onTimeRate(c.orders),
      late: c.orders.late,
      openLate: c.orders.openLate ?? 0,
      satisfactionRate: satisfactionRate(c.satisfaction),
      urged: c.orders.urged,
      replyRejected: c.orders.replyRejected,
    },
    rank,
    urged,
    rejected,
    late,
    withheld,
  };
}

/** How many lines of each list an email carries; the desk's printable 通报 has them all. */
const MAILED_LINES = 50;

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function bulletinText(s: Services, b: Bulletin): string {
  const f = b.figures;
  const place = (r: number | null, n: number) => (r === null ? '—' : `第 ${r} 名（共 ${n} 家）`);
  const rankLines = !b.rank
    ? ['排名：省法院不参与排名，全省排名见民意中心工作台。']
    : b.rank.apart
      ? [`排名：本月答复工单 ${b.rank.ordersJudged} 件，不足 ${s.rankingMinOrders} 件，单列不参与排名。`]
      : [
          `综合排名：${place(b.rank.overall, b.rank.peers)}`,
          `按期答复率排名：${place(b.rank.ranks.onTime, b.rank.peers)}`,
          `满意率排名：${place(b.rank.ranks.satisfaction, b.rank.peers)}`,
          `一次性办理到位率排名：${place(b.rank.ranks.onePass, b.rank.peers)}`,
          ...(b.rank.regionRanks
            ? [`在所属中院辖区内综合排名：第 ${b.rank.regionRanks.overall ?? '—'} 名`]
            : []),
        ];
  const court = (code: string) => s.courts.find(code)?.shortName ?? code;
  const list = (title: string, lines: OrderLine[], note: (l: OrderLine) => string) =>
    lines.length === 0
      ? [`${title}：无`]
      : [
          `${title}（${lines.length} 件）：`,
          ...lines
            .slice(0, MAILED_LINES)
            .map((l) => `  ${l.orderId}  ${court(l.courtCode)}  ${note(l)}  ${l.link}`),
          ...(lines.length > MAILED_LINES ? [`  ……另有 ${lines.length - MAILED_LINES} 件，见完整通报`] : []),
        ];
  const w = b.withheld;
  const held = w.urged + w.rejected + w.late + w.openLate > 0;
  return [
    `${b.court.name}：`,
    '',
    `现将 ${b.month.replace('-', '年')}月 民意中心工作情况通报如下（含下级法院）。`,
    '',
    `诉求 ${f.requests} 件，即时办结率 ${pct(f.firstContactResolutionRate)}，一次性办理到位率 ${pct(f.onePassResolutionRate)}（重复诉求 ${f.repeat} 件）。`,
    `新建工单 ${f.ordersCreated} 件，按期答复率 ${pct(f.onTimeRate)}，超期答复 ${f.late} 件，超期未办结 ${f.openLate} 件，满意率 ${pct(f.satisfactionRate)}。`,
    `被催办 ${f.urged} 次，答复被退回 ${f.replyRejected} 次。`,
    '',
    ...rankLines,
    '',
    ...list('被催办的工单', b.urged, (l) => `催办 ${l.count} 次`),
    ...list('答复被退回的工单', b.rejected, (l) => `退回 ${l.count} 次`),
    ...list('超期的工单', b.late, (l) =>
      [
        l.count > 0 ? `超期答复 ${l.count} 次` : '',
        (l as Bulletin['late'][number]).openLate ? '超期未办结' : '',
      ]
        .filter(Boolean)
        .join('，'),
    ),
    ...(held
      ? [
          `另有投诉及“三个规定”报告等由监察部门办理的工单：被催办 ${w.urged} 次，答复被退回 ${w.rejected} 次，超期答复 ${w.late} 次，超期未办结 ${w.openLate} 件，已计入上述数字，明细另行通报监察部门。`,
        ]
      : []),
    '',
    `完整通报：${s.deskUrl}/bulletins/${b.month}?court=${encodeURIComponent(b.court.code)}`,
    '',
    '江西法院民意中心',
  ].join('\n');
}

/** GET /v1/reports/bulletin: one court's 通报 for a month, as the email gave it, as the caller may read it (the desk's printable page). */
export async function readBulletin(
  s: Services,
  staff: Staff,
  month: string,
  courtCode: string,
): Promise<Bulletin> {
  const court = s.courts.find(courtCode);
  if (!court) throw invalid('unknown_court', `unknown court ${courtCode}`);
  s.access.assertFigureReader(staff, courtCode);
  const counts = await monthCounts(s, month);
  const rankings = new Map<RankingLevel, Ranking>();
  for (const level of RANKING_LEVELS) rankings.set(level, await monthRanking(s, month, level));
  const orders = await monthOrders(s, month);
  return bulletinFor(s, court, month, counts.get(courtCode) ?? emptyCounts(), rankings, orders, staff);
}
