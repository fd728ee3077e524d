import { randomUUID } from 'node:crypto';
import { type Answer, type NpmStart, send, sleep } from '../test/e2e/support';

/**
 * The kill-cycle harness (issue 23): `npm start` on a data folder, SIGKILLed and started again, and
 * after every restart a read of every listed order by id and of every request by its tracking
 * number. What it counts as a failure:
 * - a phantom: an order `GET /v1/orders` lists but `GET /v1/orders/{id}` answers 404;
 * - a half-written order: a request that says `ordered` without its order, or an order whose
 *   request does not point at it;
 * - a lost order: a POST .../orders that was answered 201 and whose order is not there;
 * - a retry refused: a call cut by the kill, sent again with the same Idempotency-Key and body,
 *   answered otherwise than with a success (a 409 "still running" only until its lease is over).
 *
 * Two kinds of kill: random ones (intakes and order creations streaming, 4 in flight, the whole
 * process group killed at a random moment); and injected ones, one after each LevelDB write of an
 * order's creation in turn (local/fault-injection.ts), until a creation makes all its writes.
 * The short form runs in `npm test` (test/e2e/kill-cycle.test.ts), the long one is
 * `npm run bench:kill-cycle` (bench/kill-cycle-run.ts).
 */
export interface Findings {
  phantoms: unknown[];
  halfWritten: unknown[];
  lost: unknown[];
  retriesRefused: unknown[];
}

export const noFindings = (f: Findings) =>
  !f.phantoms.length && !f.halfWritten.length && !f.lost.length && !f.retriesRefused.length;

interface Call {
  kind: 'file' | 'order';
  path: string;
  key: string;
  body: unknown;
  requestId?: string;
  answer?: Answer;
}

/** A data folder under the harness: what was sent to it and what must be there. */
export class KillCycle {
  readonly findings: Findings = { phantoms: [], halfWritten: [], lost: [], retriesRefused: [] };
  /** Every request an answer or a retry acknowledged: requestId → tracking number. */
  private readonly filed = new Map<string, string>();
  /** requestId → orderId of every acknowledged POST .../orders. */
  private readonly ordered = new Map<string, string>();
  /** Orders already read by id (an order never goes away). */
  private readonly seen = new Set<string>();
  private agent = '';
  private n = 0;
  kills = 0;
  injected = 0;

  constructor(readonly app: NpmStart) {}

  get orders(): number {
    return this.ordered.size;
  }

  async start(): Promise<void> {
    // Loaded only when set: the injected kills' hook (local/fault-injection.ts).
    process.env.MINYI_FAULT_INJECTION = '1';
    await this.app.start();
    if (!this.agent) this.agent = this.app.token('agent', '赣');
  }

  private post(c: Call, headers: Record<string, string> = {}): Promise<Answer> {
    return send(this.app.port, 'POST', c.path, {
      token: c.kind === 'order' ? this.agent : undefined,
      body: c.body,
      headers: { 'idempotency-key': c.key, ...headers },
    });
  }

  private fileCall(): Call {
    const n = ++this.n;
    return {
      kind: 'file',
      path: '/v1/requests',
      key: randomUUID(),
      body: {
        channel: 'web',
        category: 'case_progress',
        content: `第 ${n} 号诉求：我的案件一直没有开庭通知，想了解进展。`,
        contact: { name: `市民${n}`, phone: `139${String(10_000_000 + n).slice(-8)}` },
        caseNumber: `(2026)赣1126民初${100 + n}号`,
      },
    };
  }

  private orderCall(requestId: string): Call {
    return {
      kind: 'order',
      path: `/v1/requests/${requestId}/orders`,
      key: randomUUID(),
      body: {},
      requestId,
    };
  }

  private remember(c: Call): void {
    const a = c.answer;
    if (!a || a.status >= 300) return;
    if (c.kind === 'file') this.filed.set(a.body.requestId, a.body.trackingNo);
    else this.ordered.set(c.requestId!, a.body.orderId);
  }

  /**
   * Streams intakes and order creations, 4 in flight (each worker files a request, then orders it),
   * and SIGKILLs the process group `afterMs` after the stream began; starts the stack again,
   * retries every call the kill cut and audits.
   */
  async randomKill(afterMs: number): Promise<void> {
    const cut: Call[] = [];
    let dead = false;
    const worker = async () => {
      while (!dead) {
        const file = this.fileCall();
        const filed = await this.attempt(file, () => dead);
        if (!filed) {
          cut.push(file);
          break;
        }
        if (filed.status >= 300) throw new Error(`intake refused: ${JSON.stringify(filed.body)}`);
        const order = this.orderCall(filed.body.requestId);
        const ordered = await this.attempt(order, () => dead);
        if (!ordered) {
          cut.push(order);
          break;
        }
        if (ordered.status >= 300) throw new Error(`order refused: ${JSON.stringify(ordered.body)}`);
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    await sleep(afterMs);
    dead = true;
    await this.app.kill();
    this.kills++;
    await Promise.all(workers);
    await this.restartAndRetry(cut);
  }

  /** One call; undefined when the connection died (the kill). */
  private async attempt(c: Call, dead: () => boolean): Promise<Answer | undefined> {
    if (dead()) return undefined;
    try {
      c.answer = await this.post(c);
    } catch {
      return undefined;
    }
    this.remember(c);
    return c.answer;
  }

  /**
   * An order's creation killed after its 1st LevelDB write, then after its 2nd, and so on, each on a
   * request of its own, each followed by a restart, the retry and the audit; until a creation makes
   * all its writes unkilled. Returns how many writes a creation makes.
   */
  async injectedKills(maxWrites = 60): Promise<number> {
    for (let at = 1; at <= maxWrites; at++) {
      const file = this.fileCall();
      file.answer = await this.post(file);
      this.remember(file);
      const order = this.orderCall(file.answer.body.requestId);
      try {
        order.answer = await this.post(order, { 'x-kill-at-write': String(at) });
        this.remember(order);
        return at - 1; // every write made before the count was reached: nothing left to cut
      } catch {
        // Killed after write `at`, as asked.
      }
      this.injected++;
      // The process group killed itself: wait for it to be gone before starting on its folder.
      while (this.app.running) await sleep(10);
      await this.restartAndRetry([order]);
    }
    throw new Error(`an order's creation made more than ${maxWrites} writes`);
  }

  /**
   * Audited as the restart left the folder, before any retry (a retry of a cut creation writes the
   * order again and would hide what the kill left: a client that never comes back is no retry);
   * then each cut call again, and audited again.
   */
  private async restartAndRetry(cut: Call[]): Promise<void> {
    await this.start();
    await this.audit();
    await this.retry(cut);
    await this.audit();
  }

  /** Each cut call again with its key and body: a success, or "still running" until its lease is over. */
  private async retry(cut: Call[]): Promise<void> {
    const held: Call[] = [];
    const once = async (c: Call, leaseOver: boolean) => {
      const again = await this.post(c);
      if (!leaseOver && again.status === 409 && again.body?.error?.code === 'idempotency_in_progress') {
        held.push(c);
        return;
      }
      c.answer = again;
      if (again.status >= 300)
        this.findings.retriesRefused.push({ call: `POST ${c.path}`, status: again.status, body: again.body });
      this.remember(c);
    };
    for (const c of cut) await once(c, false);
    if (!held.length) return;
    const clock = await send(this.app.port, 'POST', '/_local/clock', { body: { advance: 'PT31S' } });
    if (clock.status !== 200) throw new Error(`clock: ${JSON.stringify(clock.body)}`);
    for (const c of held) await once(c, true);
  }

  /** Every listed order read by id; every acknowledged request and order read back. */
  async audit(): Promise<void> {
    const listed = new Map<string, { requestId: string; trackingNo: string }>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await send(this.app.port, 'GET', `/v1/orders?limit=100${query}`, { token: this.agent });
      if (page.status !== 200) throw new Error(`list: ${page.status} ${JSON.stringify(page.body)}`);
      for (const o of page.body.items) listed.set(o.orderId, o);
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const [orderId, o] of listed) {
      if (this.seen.has(orderId)) continue;
      const read = await send(this.app.port, 'GET', `/v1/orders/${orderId}`, { token: this.agent });
      if (read.status !== 200) {
        this.findings.phantoms.push({ orderId, status: read.status });
        continue;
      }
      const request = await send(this.app.port, 'GET', `/v1/requests/${o.trackingNo}`, { token: this.agent });
      if (request.body?.status !== 'ordered' || request.body.order?.orderId !== orderId)
        this.findings.halfWritten.push({
          orderId,
          request: request.body?.status,
          itsOrder: request.body?.order,
        });
      else this.seen.add(orderId);
    }
    for (const [requestId, orderId] of this.ordered) {
      if (!listed.has(orderId)) this.findings.lost.push({ requestId, orderId });
    }
    // A request that says `ordered` must have its order (the old sweep made ones that did not).
    for (const [requestId, trackingNo] of this.filed) {
      if (this.ordered.has(requestId)) continue;
      const request = await send(this.app.port, 'GET', `/v1/requests/${trackingNo}`, { token: this.agent });
      if (request.body?.status === 'ordered' && !listed.has(request.body.order?.orderId))
        this.findings.halfWritten.push({ requestId, request: 'ordered', itsOrder: request.body.order });
    }
  }
}
