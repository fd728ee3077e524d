import { randomBytes } from 'node:crypto';
import type { Revised } from '../adapters/dynamo/directory-repo';
import type { StaffMember } from '../adapters/staff-directory';
import type { Staff, StaffRole } from '../domain/access';
import { type Court, withFollowableMerges } from '../domain/courts';
import {
  type ChangeKind,
  checkMemberPlace,
  type DirectoryChange,
  mergedCourt,
  newCourt,
  renamedCourt,
} from '../domain/directory';
import { busy, notFound, Refusal } from '../domain/errors';
import type { Unit } from '../domain/recipients';
import type { Services } from './context';

/**
 * The directory at run time (DOMAIN.md): courts, their staff, the supervision offices and the
 * leadership, changed by the center's administrators in a running deployment and read by every
 * function from the table, never from the files bundled at build time (those only seed it).
 *
 * How a process keeps it without re-reading it on every call: it holds the whole directory in
 * memory (`s.courts`, `s.staff`) with the version it read. Before it serves a call it checks the
 * version item (one strongly consistent GetItem of a tiny item) at most every CHECK_EVERY_MS of
 * real time; only when the version moved does it Query the directory again (one partition, one
 * page). A change bumps the version after it is written, so within CHECK_EVERY_MS every warm
 * Lambda container sees it, and the process that made it sees it at once. Until the first change
 * the table holds no directory (no version item) and the CSVs are the directory: the first change
 * writes them first (the seed), so a read-only function never needs to write.
 */
const CHECK_EVERY_MS = 5_000;

interface Held {
  checkedAt: number;
  /** The version the process holds; null: the seed (nothing stored yet). */
  version: number | null;
}
const held = new WeakMap<Services, Held>();
const syncing = new WeakMap<Services, Promise<void>>();

/**
 * Brings this process's directory up to the stored one. `fresh`: check now, whatever the time
 * since the last check (the directory's own pages and changes read what is stored this instant).
 * `everyMs`: how old a check may be. @default CHECK_EVERY_MS
 */
export function syncDirectory(
  s: Services,
  options: { fresh?: boolean; everyMs?: number } = {},
): Promise<void> {
  const last = held.get(s);
  const everyMs = options.fresh ? 0 : (options.everyMs ?? CHECK_EVERY_MS);
  if (last && Date.now() - last.checkedAt < everyMs) return Promise.resolve();
  // A fresh check must read after its caller's write: it never joins one already under way.
  if (options.fresh) return check(s, last);
  // Other calls arriving together share one check.
  let running = syncing.get(s);
  if (!running) {
    running = check(s, last).finally(() => syncing.delete(s));
    syncing.set(s, running);
  }
  return running;
}

async function check(s: Services, last: Held | undefined): Promise<void> {
  const checkedAt = Date.now();
  const version = await s.directory.version();
  if (last && last.version === version) {
    last.checkedAt = checkedAt;
    return;
  }
  const stored = version === null ? null : await s.directory.load();
  // Two checks in flight (a fresh one beside a shared one) may finish out of order: never go back.
  const now = held.get(s)?.version ?? null;
  if (stored && now !== null && stored.version < now) return;
  const staff = stored ? stored.staff.map(withoutRev) : s.directorySeed.staff;
  held.set(s, { checkedAt, version: stored?.version ?? null });
  // A stored directory the checked changes here never write (older code could) must not stop a
  // start or fail a call: a merge that cannot be followed is undone and reported, and a directory
  // that still breaks the tree is refused by `replace`, reported, and the process keeps the one it
  // holds (at a start: the seed) until a later version mends the stored one. Reported once per
  // version and process; the problems name court codes only, never a person.
  const { courts, problems } = withFollowableMerges(
    stored ? stored.courts.map(withoutRev) : s.directorySeed.courts,
  );
  const read = stored?.version ?? 'seed';
  for (const problem of problems) s.reportDirectoryProblem({ version: read, problem });
  try {
    s.courts.replace(courts);
  } catch (error) {
    const problem = error instanceof Error ? error.message : 'unreadable';
    s.reportDirectoryProblem({ version: read, problem: `${problem}; the directory held before is kept` });
    return;
  }
  s.staff.replace(staff);
}

function withoutRev<T extends Revised>({ rev: _rev, ...entity }: T): Omit<T, 'rev'> {
  return entity;
}

/** The first change of a deployment writes the seed first, then changes the stored directory. */
async function seeded(s: Services): Promise<void> {
  if ((await s.directory.version()) === null)
    await s.directory.seed(s.directorySeed.courts, s.directorySeed.staff);
}

export type StaffChange =
  | {
      action: 'add';
      court: string;
      role: StaffRole;
      unit?: Unit | null | undefined;
      name: string;
      email: string;
    }
  | {
      action: 'change';
      id: string;
      court?: string | undefined;
      role?: StaffRole | undefined;
      unit?: Unit | null | undefined;
      name?: string | undefined;
      email?: string | undefined;
      active?: boolean | undefined;
    }
  | { action: 'deactivate'; id: string };

export type CourtChange =
  | { action: 'add'; code: string; name: string; shortName: string; parentCode: string }
  | { action: 'rename'; code: string; name: string; shortName: string }
  | { action: 'merge'; code: string; into: string };

/**
 * Adds, changes or deactivates a member of staff. The next email goes to the people there now:
 * the change is written, recorded, and the version moved before the answer. `change` is null when
 * nothing changed (nothing written or recorded).
 */
export async function changeStaff(
  s: Services,
  admin: Staff,
  change: StaffChange,
): Promise<{ member: StaffMember; change: DirectoryChange | null }> {
  s.access.assertDirectoryAdmin(admin);
  await seeded(s);
  return exclusively(s, async (claim) => {
    if (change.action === 'add') {
      const member: StaffMember = {
        id: `ST${randomBytes(8).toString('hex').toUpperCase()}`,
        court: change.court,
        role: change.role,
        unit: change.unit ?? null,
        name: change.name,
        email: change.email,
        active: true,
      };
      checkMemberPlace(s.courts, member);
      assertNotListed(s, member);
      await claim();
      if (!(await s.directory.putMember(member, 0))) return null;
      return { member, change: await recorded(s, admin, 'staff_added', member.id, null, member) };
    }
    const stored = await s.directory.member(change.id);
    if (!stored) throw notFound('member of staff');
    const { rev, ...before } = stored;
    const after: StaffMember =
      change.action === 'deactivate'
        ? { ...before, active: false }
        : {
            ...before,
            ...(change.court !== undefined ? { court: change.court } : {}),
            ...(change.role !== undefined ? { role: change.role } : {}),
            ...(change.unit !== undefined ? { unit: change.unit } : {}),
            ...(change.name !== undefined ? { name: change.name } : {}),
            ...(change.email !== undefined ? { email: change.email } : {}),
            ...(change.active !== undefined ? { active: change.active } : {}),
          };
    // A change that changes nothing (a form sent again, a member deactivated twice) is no change:
    // the member as kept, and nothing recorded.
    if (sameFields(before, after)) return { member: after, change: null };
    if (after.active) {
      checkMemberPlace(s.courts, after);
      assertNotListed(s, after);
    }
    await claim();
    if (!(await s.directory.putMember(after, rev))) return null;
    const kind: ChangeKind = before.active && !after.active ? 'staff_deactivated' : 'staff_changed';
    return { member: after, change: await recorded(s, admin, kind, after.id, before, after) };
  });
}

/** Adds, renames or merges a court. A renamed or merged court keeps its code, so its orders, history and figures stay its own. */
export async function changeCourt(
  s: Services,
  admin: Staff,
  change: CourtChange,
): Promise<{ court: Court; change: DirectoryChange | null }> {
  s.access.assertDirectoryAdmin(admin);
  await seeded(s);
  return exclusively(s, async (claim) => {
    if (change.action === 'add') {
      const court = newCourt(s.courts, change);
      await claim();
      if (!(await s.directory.putCourt(court, 0))) return null;
      return { court, change: await recorded(s, admin, 'court_added', court.code, null, court) };
    }
    const stored = await s.directory.court(change.code);
    if (!stored) throw notFound('court');
    const { rev, ...before } = stored;
    const after =
      change.action === 'rename'
        ? renamedCourt(s.courts, change.code, change.name, change.shortName)
        : mergedCourt(s.courts, change.code, change.into);
    if (sameFields(before, after)) return { court: after, change: null }; // a rename to its own names
    await claim();
    if (!(await s.directory.putCourt(after, rev))) return null;
    const kind: ChangeKind = change.action === 'rename' ? 'court_renamed' : 'court_merged';
    return { court: after, change: await recorded(s, admin, kind, after.code, before, after) };
  });
}

/** Whether two flat records hold the same values (a field absent and one set to null differ, as stored). */
function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].every((k) => x[k] === y[k]);
}

/** A second active entry for the same address in the same place would only be a duplicate email. */
function assertNotListed(s: Services, member: StaffMember): void {
  const twin = s.staff
    .all()
    .find(
      (m) =>
        m.id !== member.id &&
        m.active &&
        m.court === member.court &&
        m.role === member.role &&
        m.unit === member.unit &&
        m.email.toLowerCase() === member.email.toLowerCase(),
    );
  if (twin)
    throw new Refusal('conflict', 'member_exists', `${member.email} is already listed there (${twin.id})`);
}

/** Records a change (who, when, before, after), right after the change itself. */
async function recorded(
  s: Services,
  admin: Staff,
  kind: ChangeKind,
  subject: string,
  before: object | null,
  after: object,
): Promise<DirectoryChange> {
  const change: DirectoryChange = {
    changeId: `DC${randomBytes(8).toString('hex').toUpperCase()}`,
    at: s.clock.now().toISOString(),
    by: { sub: admin.sub, role: admin.role, court: admin.court },
    kind,
    subject,
    before: before as Record<string, unknown> | null,
    after: after as Record<string, unknown>,
  };
  await s.directory.record(change);
  return change;
}

/**
 * How long a claim may be held before another administrator may break it (the process holding it
 * died): far longer than a change takes, short enough that nobody waits on a dead one for long.
 */
const CLAIM_STALE_MS = 30_000;
/** How long a change waits for others being made before it answers 409 busy. */
const WAIT_AT_MOST_MS = 8_000;

/**
 * Makes one change of the directory, one writer at a time, over the directory as it stands.
 *
 * Every change reads more than the item it writes (a merge reads its target, an add the staff
 * already listed, a rename every other court's name), so a check on its own item's revision is
 * not enough: two merges of two courts into each other each write only their own court and would
 * both pass, a cycle. So `attempt` checks its change against the whole directory as this process
 * holds it, fresh, at version V, and then calls `claim`: a conditional write of the version item
 * that succeeds only while the version is still V and nobody else holds a claim. Holding it, the
 * attempt writes (each item still over the revision read), records, and the claim's release moves
 * the version, so that every process reloads. (No transactions on dynalite: this gives the same
 * answer with single-item conditional writes.) A change that finds the directory moved reads it
 * again and checks again: two changes fired together either both make sense in turn, or the later
 * one is refused by the rules (a merge into a court merged meanwhile, a member listed meanwhile),
 * or after WAIT_AT_MOST_MS is 409 busy. Changes are rare (weekly), so waiting in turn costs little.
 */
async function exclusively<T>(
  s: Services,
  attempt: (claim: () => Promise<void>) => Promise<T | null>,
): Promise<T> {
  const by = `C${randomBytes(8).toString('hex').toUpperCase()}`;
  const giveUpAt = Date.now() + WAIT_AT_MOST_MS;
  for (let round = 0; Date.now() < giveUpAt; round++) {
    await syncDirectory(s, { fresh: true });
    const version = held.get(s)?.version;
    if (version === null || version === undefined) throw new Error('the directory is not seeded');
    let claimed = false;
    const claim = async () => {
      // Real time, not the service clock: a lease between processes, which a moved test clock must not expire.
      const now = Date.now();
      const outcome = await s.directory.claim(version, by, now, now - CLAIM_STALE_MS);
      if (outcome !== 'claimed') throw moved;
      claimed = true;
    };
    try {
      const done = await attempt(claim);
      if (done !== null) return done;
    } catch (error) {
      if (error !== moved) throw error;
    } finally {
      if (claimed) {
        await s.directory.release(by);
        await syncDirectory(s, { fresh: true });
      }
    }
    // Someone else is changing it: wait a little (more each time, never in step with them).
    await new Promise((r) => setTimeout(r, Math.min(400, 20 * 2 ** round) * (0.5 + Math.random())));
  }
  throw busy('the directory is being changed by someone else: try again');
}

/** Thrown inside an attempt when the directory moved under it: caught by `exclusively`, never seen. */
const moved = new Error('the directory moved');

/** The members as kept, by court, role and unit, paged; for administrators and the center's auditors. */
export async function listStaff(
  s: Services,
  reader: Staff,
  query: {
    courtCode?: string | undefined;
    active?: boolean | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: StaffMember[]; nextCursor: string | null }> {
  s.access.assertDirectoryReader(reader);
  await syncDirectory(s, { fresh: true });
  if (query.courtCode !== undefined && !s.courts.find(query.courtCode)) throw notFound('court');
  const members = s.staff
    .all()
    .filter(
      (m) =>
        (query.courtCode === undefined || m.court === query.courtCode) &&
        (query.active === undefined || m.active === query.active),
    )
    .map((m) => ({ key: `${m.court}|${m.role}|${m.unit ?? ''}|${m.id}`, m }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return pageOf(members, query.limit, query.cursor, /^[^|]{1,16}\|[a-z]+\|[a-z]*\|ST[0-9A-F]{16}$/);
}

/** Every court as kept, merged ones included (with `mergedInto`), paged. */
export async function listDirectoryCourts(
  s: Services,
  reader: Staff,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: Court[]; nextCursor: string | null }> {
  s.access.assertDirectoryReader(reader);
  await syncDirectory(s, { fresh: true });
  const courts = s.courts
    .all()
    .map((c) => ({ key: c.code, m: { ...c, mergedInto: c.mergedInto ?? null } }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return pageOf(courts, query.limit, query.cursor, /^[^|]{1,16}$/);
}

/** The record of changes, newest first: administrators and the center's auditors. */
export async function listDirectoryChanges(
  s: Services,
  reader: Staff,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: DirectoryChange[]; nextCursor: string | null }> {
  s.access.assertDirectoryReader(reader);
  return s.directory.changes(query.limit, query.cursor);
}

/**
 * A page of a list held in memory: the cursor is the last key shown (so a list changed meanwhile
 * still pages on), taken back only in the form this list gives its keys.
 */
function pageOf<T>(
  sorted: Array<{ key: string; m: T }>,
  limit: number,
  cursor: string | undefined,
  form: RegExp,
) {
  const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (cursor && !form.test(after))
    throw new Refusal('malformed', 'bad_cursor', 'cursor is not one this list returned');
  const rest = sorted.filter((e) => e.key > after);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((e) => e.m),
    nextCursor: rest.length > limit && last ? Buffer.from(last.key).toString('base64url') : null,
  };
}
