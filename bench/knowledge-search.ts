import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { KnowledgeRepo } from '../adapters/dynamo/knowledge-repo';
import { buildIndex, KnowledgeIndex } from '../adapters/knowledge-index';
import { CATEGORIES } from '../domain/categories';
import type { KnowledgeEntry } from '../domain/knowledge';
import { getContainer } from '../functions/commons/container';
import { startLocalStack } from '../local/stack';
import { median, spread } from './stats';

/**
 * Issue 20: the knowledge base's search over 5,000 entries, as an agent types.
 *
 * 1. In process: a MiniSearch query (CJK bigrams, BM25, prefix on the last term) against the floor
 *    the issue rules out, a substring scan of the same 5,000 entries, interleaved round by round.
 * 2. A cold start: building the index from the entries (what every cold start would pay without the
 *    stored snapshot) against loading the stored snapshot (what it pays).
 * 3. Through the local HTTP API: GET /v1/knowledge?q= against GET /v1/knowledge/{id} (the same
 *    middleware, token and table reads of one entry), interleaved; p50 and p99 of each.
 */
const ENTRIES = Number(process.env.BENCH_KB_ENTRIES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const QUERIES = 200;

// Words of the center's trade: entries are sentences drawn from them, most often the common ones.
const WORDS = (
  '案件 查询 立案 诉讼 费用 缴纳 退费 执行 款项 到账 法官 联系 电话 开庭 时间 传票 送达 判决 上诉 期限 调解 ' +
  '财产 保全 申请 证据 材料 提交 网上 流程 身份证 委托 代理 律师 法律 援助 减免 缓交 强制 失信 名单 限制 ' +
  '消费 拍卖 房产 车辆 冻结 账户 工资 劳动 争议 离婚 抚养 赡养 继承 合同 借款 利息 交通 事故 赔偿 保险 物业 ' +
  '租赁 管辖 异议 回避 再审 撤诉 反诉 鉴定 评估 公告 缺席 裁定 执行异议 终结本次 恢复执行 和解 担保 追加 ' +
  '被执行人 申请人 书记员 审判庭 诉讼服务中心 十二三六八 小程序 窗口 预约 阅卷 复印 邮寄 电子送达 庭审直播'
).split(' ');
const PLACES = '南昌 九江 上饶 抚州 宜春 吉安 赣州 景德镇 萍乡 新余 鹰潭 弋阳 东湖 西湖 青山湖'.split(' ');

/** A repeatable pseudo-random sequence: the same corpus and queries on every run. */
function sequence(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

export function corpus(count: number): KnowledgeEntry[] {
  const pick = sequence(20);
  const word = () => WORDS[Math.floor(WORDS.length * (pick(10_000) / 10_000) ** 2)]!;
  const sentence = (n: number) => `${Array.from({ length: n }, word).join('')}。`;
  return Array.from({ length: count }, (_, i) => ({
    knowledgeId: `KB${String(i).padStart(10, '0')}`,
    title: `${PLACES[pick(PLACES.length)]}${sentence(3)}`,
    question: `${sentence(6)}${sentence(4)}`,
    answer: `${sentence(12)}${sentence(10)}${sentence(8)}`,
    category: CATEGORIES[pick(CATEGORIES.length)]!,
    courtCode: null,
    tags: [word(), word()],
    status: 'published',
    revision: 1,
    createdAt: '2026-03-09T01:00:00.000Z',
    createdBy: 'bench',
    updatedAt: new Date(Date.UTC(2026, 2, 9) + i * 60_000).toISOString(),
    updatedBy: 'bench',
    fromTypicalCase: null,
  }));
}

/** What an agent types while a caller speaks: the first 1 to 6 characters of an entry's question, then two words. */
function queries(entries: KnowledgeEntry[]): string[] {
  const pick = sequence(7);
  return Array.from({ length: QUERIES }, (_, i) => {
    const q = [...entries[pick(entries.length)]!.question.replace(/。/g, '')];
    return i % 4 === 3
      ? `${WORDS[pick(WORDS.length)]}${WORDS[pick(WORDS.length)]}`
      : q.slice(0, 1 + (i % 6)).join('');
  });
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

export async function measureKnowledgeSearch() {
  const entries = corpus(ENTRIES);
  const qs = queries(entries);

  // 2 first: a cold start builds, or loads the snapshot.
  const builds: number[] = [];
  const loads: number[] = [];
  let snapshot = '';
  for (let r = 0; r < 3; r++) {
    let t = performance.now();
    const built = buildIndex(entries);
    builds.push(performance.now() - t);
    snapshot = JSON.stringify(built);
    t = performance.now();
    const { default: MiniSearch } = await import('minisearch');
    void MiniSearch.loadJSON(snapshot, (built as unknown as { _options: never })._options);
    loads.push(performance.now() - t);
  }
  const gzipKb = Math.round(gzipSync(snapshot).length / 1024);

  // 1: our search against a substring scan, round by round, per query.
  const index = new KnowledgeIndex(snapshotOf(buildIndex(entries)));
  const ours: number[] = [];
  const floor: number[] = [];
  const scan = (q: string) =>
    entries.filter((e) => e.title.includes(q) || e.question.includes(q) || e.answer.includes(q));
  await index.search('', () => true); // loads it once, as a container does
  const search = (q: string) => index.search(q, () => true);

  for (let r = 0; r < ROUNDS; r++) {
    const sides: [number[], (q: string) => unknown][] = [
      [floor, scan],
      [ours, search],
    ];
    if (r % 2) sides.reverse();
    for (const [into, fn] of sides)
      for (const q of qs) {
        const t = performance.now();
        await fn(q);
        into.push(performance.now() - t);
      }
  }

  const http = await throughTheApi(entries, qs);
  return {
    entries: ENTRIES,
    inProcess: {
      measure: `one query (${QUERIES} queries x ${ROUNDS} rounds)`,
      floor: `p50 ${ms(quantile(floor, 0.5))}, p99 ${ms(quantile(floor, 0.99))} (substring scan)`,
      ours: `p50 ${ms(quantile(ours, 0.5))}, p99 ${ms(quantile(ours, 0.99))} (MiniSearch, bigrams)`,
      'p99 ratio': (quantile(ours, 0.99) / quantile(floor, 0.99)).toFixed(2),
    },
    coldStart: {
      measure: `the index at a cold start (${ENTRIES} entries, snapshot ${gzipKb} KiB gzipped)`,
      floor: `${ms(median(loads))} (load the stored snapshot)`,
      ours: `${ms(median(builds))} (build from the entries)`,
      ratio: (median(builds) / median(loads)).toFixed(2),
    },
    http,
  };
}

/** GET /v1/knowledge?q= against GET /v1/knowledge/{id}, on the local stack holding the corpus. */
async function throughTheApi(entries: KnowledgeEntry[], qs: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'minyi-bench-kb-'));
  const stack = await startLocalStack({ port: 0, dataDir, persist: false });
  try {
    const s = getContainer();
    const pool = 16;
    for (let i = 0; i < entries.length; i += pool)
      await Promise.all(
        entries
          .slice(i, i + pool)
          .map((e) => s.knowledge.write(e, { ...e, at: e.updatedAt, by: e.updatedBy, note: '' }, 0)),
      );
    // No head yet: the first write builds the snapshot from the entries and stores it, once.
    await new KnowledgeIndex(s.knowledge).apply(entries[0]!);
    const token = await stack.tokens.mint({ sub: 'bench', role: 'agent', court: '赣' });
    const get = async (path: string) => {
      const t = performance.now();
      const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      await res.arrayBuffer();
      return performance.now() - t;
    };
    await get('/v1/knowledge?q=%E7%AB%8B%E6%A1%88'); // the container loads the snapshot once
    const ours: number[] = [];
    const floor: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const sides: [number[], (i: number) => string][] = [
        [floor, (i) => `/v1/knowledge/${entries[i % entries.length]!.knowledgeId}`],
        [ours, (i) => `/v1/knowledge?limit=10&q=${encodeURIComponent(qs[i]!)}`],
      ];
      if (r % 2) sides.reverse();
      for (const [into, path] of sides) for (let i = 0; i < qs.length; i++) into.push(await get(path(i)));
    }
    const ratios = Array.from({ length: ROUNDS }, (_, r) => {
      const slice = (v: number[]) => v.slice(r * qs.length, (r + 1) * qs.length);
      return quantile(slice(ours), 0.99) / quantile(slice(floor), 0.99);
    });
    return {
      measure: `HTTP, one call at a time (${qs.length} x ${ROUNDS} rounds)`,
      floor: `p50 ${ms(quantile(floor, 0.5))}, p99 ${ms(quantile(floor, 0.99))} (GET /v1/knowledge/{id})`,
      ours: `p50 ${ms(quantile(ours, 0.5))}, p99 ${ms(quantile(ours, 0.99))} (GET /v1/knowledge?q=)`,
      'p99 ratio': median(ratios).toFixed(2),
      'p99 ratio, middle half': spread(ratios),
    };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

/**
 * The index behind the same KnowledgeIndex the API uses, its snapshot held in memory: the search
 * runs exactly as in a container whose index is current (the head read and the loaded snapshot).
 */
function snapshotOf(built: ReturnType<typeof buildIndex>): KnowledgeRepo {
  const bytes = gzipSync(JSON.stringify(built));
  const head = { version: 1, snapshotId: 'bench', parts: 1 };
  return {
    indexHead: async () => head,
    readSnapshot: async () => bytes,
  } as unknown as KnowledgeRepo;
}
