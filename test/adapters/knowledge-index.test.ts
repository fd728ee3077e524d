import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { makeDynamoClients } from '../../adapters/dynamo/client';
import { KnowledgeRepo } from '../../adapters/dynamo/knowledge-repo';
import { KnowledgeIndex } from '../../adapters/knowledge-index';
import type { KnowledgeEntry } from '../../domain/knowledge';
import { searchTerms } from '../../domain/knowledge';
import { ensureTables, startDynalite } from '../../local/dynalite';

/**
 * Where the knowledge index lives (adapters/knowledge-index.ts): a snapshot stored beside the
 * entries, loaded once per container and revalidated by its version. Two KnowledgeIndex objects
 * stand for two Lambda containers on one table.
 */
describe('KnowledgeIndex', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'minyi-knowledge-'));
  let db: Awaited<ReturnType<typeof startDynalite>>;
  let clients: ReturnType<typeof makeDynamoClients>;
  let repo: KnowledgeRepo;

  beforeAll(async () => {
    db = await startDynalite(dataDir, { persist: false });
    process.env.AWS_REGION ??= 'cn-north-1';
    clients = makeDynamoClients(db.endpoint);
    await ensureTables(clients.raw, 'main', 'idempotency');
    repo = new KnowledgeRepo(clients.doc, 'main');
  });
  afterAll(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let n = 0;
  const entry = (title: string, over: Partial<KnowledgeEntry> = {}): KnowledgeEntry => ({
    knowledgeId: `KB${String(++n).padStart(10, '0')}`,
    title,
    question: `${title}怎么办？`,
    answer: '请按指引办理。',
    category: 'litigation_guidance',
    courtCode: null,
    tags: [],
    status: 'published',
    revision: 1,
    createdAt: '2026-03-09T01:00:00.000Z',
    createdBy: 'editor',
    updatedAt: '2026-03-09T01:00:00.000Z',
    updatedBy: 'editor',
    fromTypicalCase: null,
    ...over,
  });
  const save = async (index: KnowledgeIndex, e: KnowledgeEntry) => {
    await repo.write(e, { ...e, at: e.updatedAt, by: e.updatedBy, note: '' }, e.revision - 1);
    await index.apply(e);
  };
  const ids = async (index: KnowledgeIndex, q: string) =>
    (await index.search(q, () => true)).map((e) => e.knowledgeId);

  test('a write in one container is found by another, which loads the snapshot once and holds it', async () => {
    const writer = new KnowledgeIndex(repo);
    const reader = new KnowledgeIndex(repo);
    const loads = jest.spyOn(repo, 'readSnapshot');
    const fees = entry('诉讼费退费');
    await save(writer, fees);
    loads.mockClear();
    expect(await ids(reader, '退费')).toEqual([fees.knowledgeId]);
    expect(await ids(reader, '诉讼')).toEqual([fees.knowledgeId]);
    expect(await ids(reader, '退')).toEqual([fees.knowledgeId]);
    expect(loads).toHaveBeenCalledTimes(1); // the head's version unchanged: the held index serves
    // Another write moves the head: the reader loads the new snapshot once, and sees the change.
    await save(writer, { ...fees, status: 'withdrawn', revision: 2 });
    loads.mockClear();
    expect(await ids(reader, '退费')).toEqual([]);
    expect(await ids(reader, '诉讼')).toEqual([]);
    expect(loads).toHaveBeenCalledTimes(1);
    loads.mockRestore();
  });

  test('writes from many containers at once all land, none over another', async () => {
    const titles = [
      '财产保全申请',
      '网上立案流程',
      '调解协议效力',
      '法律援助条件',
      '执行和解',
      '上诉期限计算',
    ];
    const written = titles.map((t) => entry(t));
    await Promise.all(written.map((e) => save(new KnowledgeIndex(repo), e)));
    const reader = new KnowledgeIndex(repo);
    for (const e of written) expect(await ids(reader, e.title)).toContain(e.knowledgeId);
  });

  test('applying a revision the index already has changes nothing (a retried write)', async () => {
    const index = new KnowledgeIndex(repo);
    const e = entry('强制执行申请');
    await save(index, e);
    const before = await repo.indexHead();
    await index.apply(e);
    expect((await repo.indexHead())?.version).toBe(before?.version);
  });

  test('a snapshot larger than an item is cut into parts and read back whole; old ones are dropped', async () => {
    const bytes = randomBytes(900 * 1024);
    const parts = await repo.writeSnapshot('big', bytes);
    expect(parts).toBe(3);
    expect((await repo.readSnapshot({ version: 0, snapshotId: 'big', parts })).equals(bytes)).toBe(true);
    await repo.deleteSnapshot('big', parts);
    await expect(repo.readSnapshot({ version: 0, snapshotId: 'big', parts })).rejects.toThrow(/incomplete/);

    // Only the current snapshot and the one before it are kept (a reader may still be loading it).
    const head = await repo.indexHead();
    const scan = await clients.doc.send(
      new ScanCommand({
        TableName: 'main',
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': 'KBSNAP#' },
      }),
    );
    const kept = new Set((scan.Items ?? []).map((i) => String(i.pk).slice('KBSNAP#'.length)));
    expect([...kept].sort()).toEqual([head?.snapshotId, head?.previous?.snapshotId].sort());
  });
});

describe('searchTerms: Chinese as bigrams', () => {
  test('pairs of Han characters, words of other letters, full width folded', () => {
    expect(searchTerms('诉讼费用')).toEqual(['诉讼', '讼费', '费用']);
    expect(searchTerms('执')).toEqual(['执']);
    expect(searchTerms('12368热线 ＡＢＣ')).toEqual(['12368', '热线', 'abc']);
    expect(searchTerms('立案，缴费')).toEqual(['立案', '缴费']);
  });
});
