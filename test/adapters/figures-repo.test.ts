import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { makeDynamoClients } from '../../adapters/dynamo/client';
import { FiguresRepo, type StoredFigures } from '../../adapters/dynamo/figures-repo';
import { figuresKey } from '../../adapters/dynamo/keys';
import { addCounts, type Counts, emptyCounts } from '../../domain/figures';
import { ensureTables, startDynalite } from '../../local/dynalite';

/** Stored figures against dynalite: the compact item reads back as the counts that were written. */
describe('FiguresRepo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'minyi-figures-'));
  let db: Awaited<ReturnType<typeof startDynalite>>;
  let repo: FiguresRepo;
  let clients: ReturnType<typeof makeDynamoClients>;

  beforeAll(async () => {
    db = await startDynalite(dataDir, { persist: false });
    process.env.AWS_REGION ??= 'cn-north-1';
    clients = makeDynamoClients(db.endpoint);
    await ensureTables(clients.raw, 'main', 'idempotency');
    repo = new FiguresRepo(clients.doc, 'main');
  });
  afterAll(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const someCounts = (seed: number): Counts => {
    const c = emptyCounts();
    c.requests.total = 7 * seed;
    c.requests.settled = 5 * seed;
    c.requests.byChannel.hotline = 4 * seed;
    c.requests.byCategory.complaint = seed;
    c.orders.late = seed;
    c.satisfaction.byChannel.callback.unsatisfied = 2;
    return c;
  };

  it('reads back every count written, zeros included, for a day listed under its month', async () => {
    const day: StoredFigures = {
      courtCode: '赣11',
      period: '2026-12-03',
      counts: someCounts(3),
      slices: { 'complaint|hotline': someCounts(1), 'other|web': emptyCounts() },
      asOf: '2026-12-04T16:30:00.000Z',
    };
    const month: StoredFigures = { ...day, period: '2026-12', slices: {} };
    await repo.putAll([day, month]);

    // A slice of nothing but zeros is not kept: a missing slice counts zero, as the book never makes one.
    const dayRead = { ...day, slices: { 'complaint|hotline': someCounts(1) } };
    expect(await repo.get('赣11', '2026-12-03')).toEqual(dayRead);
    expect(await repo.get('赣11', '2026-12')).toEqual(month);
    const listed = [];
    for await (const f of repo.listDaysOf('2026-12')) listed.push(f);
    expect(listed).toEqual([dayRead]);
  });

  it('stores a court-day as one small attribute, not maps of zeros', async () => {
    const out = await clients.doc.send(
      new GetCommand({ TableName: 'main', Key: figuresKey('赣11', '2026-12-03') }),
    );
    expect(typeof out.Item?.figures).toBe('string');
    expect(out.Item?.counts).toBeUndefined();
    expect(String(out.Item?.figures).length).toBeLessThan(400);
  });

  it('still reads an item rolled up before the compact form (counts and slices as maps)', async () => {
    const counts = someCounts(2);
    await clients.doc.send(
      new PutCommand({
        TableName: 'main',
        Item: {
          ...figuresKey('赣', '2026-11'),
          courtCode: '赣',
          period: '2026-11',
          counts,
          slices: { 'case_progress|wechat': counts },
          asOf: '2026-12-01T16:30:00.000Z',
        },
      }),
    );
    expect(await repo.get('赣', '2026-11')).toEqual({
      courtCode: '赣',
      period: '2026-11',
      counts: addCounts(emptyCounts(), counts),
      slices: { 'case_progress|wechat': counts },
      asOf: '2026-12-01T16:30:00.000Z',
    });
  });
});
