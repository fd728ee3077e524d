import type { Staff } from '../domain/access';
import type { Court } from '../domain/courts';
import { forbidden, invalid, Refusal } from '../domain/errors';
import {
  type Counts,
  emptyCounts,
  lateAndUnansweredAt,
  monthPeriod,
  onePassRate,
  onTimeRate,
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
import { ordersActiveSince } from './rollup';

/**
 * Rankings and the monthly 通报 (DOMAIN.md): when a month is over, courts are ranked against their
 * peers (domain/ranking.ts) from the month's rolled-up figures, and on the first working day of the
 * next month every court's supervisors and leadership get their 通报: its figures, its places, its
 * urged, rejected and late orders with desk links. The ranking the 通报 gave is kept, so the desk
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
  const period = monthPeriod(month);
  const orders = await ordersActiveSince(s, new Date(period.start.getTime() - 45 * 86_400_000), now);
  const sent: string[] = [];
  for (const court of s.courts.all()) {
    const to = staffFor(s, [
      { court: court.code, role: 'supervisor', unit: null },
      { court: court.code, role: 'supervisor', unit: 'leadership' },
    ]).map((m) => m.email);
    if (to.length === 0) continue;
    if (!(await s.jobMarks.claim(bulletinMark(month, court.code), { at: now.toISOString() }))) continue;
    const bulletin = bulletinFor(s, court, month, counts.get(court.code) ?? emptyCounts(), rankings, orders);
    await s.mailer.send({
      to,
      subject: `【通报】${court.name} ${month.replace('-', '年')}月 民意中心月度通报`,
      text: bulletinText(s, bulletin),
      tags: { courtCode: court.code, step: 'bulletin' },
    });
    sent.push(court.code);
  }
  return { month, sent };
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
  urged: OrderLine[];
  rejected: OrderLine[];
  late: OrderLine[];
}

export interface OrderLine {
  orderId: string;
  category: string;
  deadline: string;
  status: string;
  link: string;
}

/**
 * One court's 通报 for a month. Its order lists hold the court's own ordinary orders: a complaint
 * or interference report is its supervision office's business (the firewall), never listed to the
 * court's ordinary supervisors, and never counted at the court it accuses.
 */
export function bulletinFor(
  s: Services,
  court: Court,
  month: string,
  c: Counts,
  rankings: Map<RankingLevel, Ranking>,
  orders: Order[],
): Bulletin {
  const period = monthPeriod(month);
  const inMonth = (at: string) => {
    const t = Date.parse(at);
    return t >= period.start.getTime() && t < period.end.getTime();
  };
  const own = orders.filter((o) => !o.firewalled);
  const line = (o: Order): OrderLine => ({
    orderId: o.orderId,
    category: o.category,
    deadline: o.deadline,
    status: o.status,
    link: `${s.deskUrl}/orders/${o.orderId}`,
  });
  const hadAt = (o: Order, action: string, extra: (d: Record<string, unknown>) => boolean = () => true) =>
    o.history.some(
      (h) =>
        h.action === action && inMonth(h.at) && h.details?.courtCode === court.code && extra(h.details ?? {}),
    );
  const end = Math.min(period.end.getTime(), s.clock.now().getTime());
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
    urged: own.filter((o) => hadAt(o, 'urged')).map(line),
    rejected: own.filter((o) => hadAt(o, 'reply_rejected')).map(line),
    late: own
      .filter(
        (o) => hadAt(o, 'replied', (d) => d.late === true) || lateAndUnansweredAt(o, end) === court.code,
      )
      .map(line),
  };
}

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
  const list = (title: string, lines: OrderLine[]) =>
    lines.length === 0
      ? [`${title}：无`]
      : [`${title}（${lines.length} 件）：`, ...lines.map((l) => `  ${l.orderId}  ${l.link}`)];
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
    ...list('本院被催办的工单', b.urged),
    ...list('本院答复被退回的工单', b.rejected),
    ...list('本院超期的工单', b.late),
    '',
    `完整通报：${s.deskUrl}/bulletins/${b.month}?court=${encodeURIComponent(b.court.code)}`,
    '',
    '江西法院民意中心',
  ].join('\n');
}

/** GET /v1/reports/bulletin: one court's 通报 for a month, as the email gave it (the desk's printable page). */
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
  const period = monthPeriod(month);
  const orders = await ordersActiveSince(
    s,
    new Date(period.start.getTime() - 45 * 86_400_000),
    s.clock.now(),
  );
  return bulletinFor(s, court, month, counts.get(courtCode) ?? emptyCounts(), rankings, orders);
}
