import { createHash, randomBytes } from 'node:crypto';
import type { IndexedEntry, KnowledgeIndex } from '../adapters/knowledge-index';
import type { Staff } from '../domain/access';
import { assertAnonymous } from '../domain/anonymity';
import type { Category } from '../domain/categories';
import { invalid, notFound, Refusal } from '../domain/errors';
import {
  appliesTo,
  changesContent,
  type KnowledgeContent,
  type KnowledgeEntry,
  type KnowledgeRevision,
  type KnowledgeStatus,
  publishedFields,
} from '../domain/knowledge';
import { currentCall } from './call-context';
import type { Services } from './context';

/** What an editor sends: a new entry names everything (or the typical case it starts from); a revision what changes. */
export interface KnowledgeInput {
  title?: string | undefined;
  question?: string | undefined;
  answer?: string | undefined;
  category?: Category | undefined;
  /** null: the whole province; undefined: unchanged (a revision) or the province (a new entry). */
  courtCode?: string | null | undefined;
  tags?: string[] | undefined;
  status?: KnowledgeStatus | undefined;
  note?: string | undefined;
}

/** POST /v1/knowledge: a new entry, by the center (optionally seeded from a published typical case). */
export async function createEntry(
  s: Services,
  index: KnowledgeIndex,
  staff: Staff,
  input: KnowledgeInput & { fromTypicalCase?: string | undefined },
): Promise<KnowledgeEntry> {
  s.access.assertCenterEditor(staff);
  const call = currentCall();
  const knowledgeId = call ? knowledgeIdForCall(call.id) : newKnowledgeId(s.clock.now());
  const earlier = call ? await s.knowledge.get(knowledgeId) : null;
  if (earlier) return finish(s, index, earlier); // this call wrote it, then crashed
  const seed = input.fromTypicalCase ? await publishedCase(s, input.fromTypicalCase) : null;
  const title = input.title ?? seed?.title;
  const question = input.question ?? seed?.title;
  const answer = input.answer ?? seed?.summary;
  const category = input.category ?? seed?.category;
  if (!title || !question || !answer || !category)
    throw invalid(
      'incomplete',
      'a new entry needs title, question, answer and category (or fromTypicalCase)',
    );
  const content: KnowledgeContent = {
    title,
    question,
    answer,
    category,
    courtCode: knownCourt(s, input.courtCode ?? null),
    tags: tidyTags(input.tags ?? []),
    status: input.status ?? 'published',
  };
  assertAnonymous(publishedFields(content));
  const at = s.clock.now().toISOString();
  const entry: KnowledgeEntry = {
    ...content,
    knowledgeId,
    revision: 1,
    createdAt: at,
    createdBy: staff.sub,
    updatedAt: at,
    updatedBy: staff.sub,
    fromTypicalCase: seed?.caseId ?? null,
    ...(call ? { writtenByCall: call.id } : {}),
  };
  if (!(await s.knowledge.write(entry, revisionOf(entry, input.note ?? ''), 0)))
    throw new Refusal('conflict', 'exists', 'the entry exists');
  return finish(s, index, entry);
}

/**
 * POST /v1/knowledge/{id}: a new revision (every one kept). With `revision`, only if the entry
 * still stands at it: an editor who saves over a colleague's change is told so (409).
 */
export async function reviseEntry(
  s: Services,
  index: KnowledgeIndex,
  staff: Staff,
  knowledgeId: string,
  input: KnowledgeInput & { revision?: number | undefined },
): Promise<KnowledgeEntry> {
  s.access.assertCenterEditor(staff);
  assertAnonymous(publishedFields(input));
  const call = currentCall();
  for (;;) {
    const current = await s.knowledge.get(knowledgeId);
    if (!current) throw notFound('knowledge entry');
    if (call && current.writtenByCall === call.id) return finish(s, index, current);
    if (input.revision !== undefined && input.revision !== current.revision)
      throw new Refusal(
        'conflict',
        'stale_revision',
        `the entry is at revision ${current.revision}, not ${input.revision}`,
        [{ revision: current.revision }],
      );
    const { writtenByCall: _w, ...kept } = current;
    const next: KnowledgeEntry = {
      ...kept,
      title: input.title ?? current.title,
      question: input.question ?? current.question,
      answer: input.answer ?? current.answer,
      category: input.category ?? current.category,
      courtCode: input.courtCode === undefined ? current.courtCode : knownCourt(s, input.courtCode),
      tags: input.tags ? tidyTags(input.tags) : current.tags,
      status: input.status ?? current.status,
      revision: current.revision + 1,
      updatedAt: s.clock.now().toISOString(),
      updatedBy: staff.sub,
      ...(call ? { writtenByCall: call.id } : {}),
    };
    // Nothing to change: the entry as it stands, and no version (a note alone changes nothing).
    if (!changesContent(current, next)) return finish(s, index, kept);
    if (await s.knowledge.write(next, revisionOf(next, input.note ?? ''), current.revision))
      return finish(s, index, next);
  }
}

/**
 * GET /v1/knowledge/{id}: an entry and every revision, oldest first. A published entry for any
 * member of staff; a withdrawn one only for the center's writers, who may publish it again: to
 * everyone else it is as absent as an unknown id (404), as it is from their search.
 */
export async function readEntry(
  s: Services,
  staff: Staff,
  knowledgeId: string,
): Promise<{ entry: KnowledgeEntry; revisions: KnowledgeRevision[] }> {
  const entry = await s.knowledge.get(knowledgeId);
  if (!entry) throw notFound('knowledge entry');
  if (entry.status !== 'published' && !s.access.isCenterEditor(staff)) throw notFound('knowledge entry');
  const revisions = await s.knowledge.revisions(knowledgeId);
  // A write cut short after the entry (knowledge-repo.ts) kept no revision: the entry is it.
  if ((revisions.at(-1)?.revision ?? 0) < entry.revision) revisions.push(revisionOf(entry, ''));
  return { entry, revisions };
}

export interface KnowledgeQuery {
  q?: string | undefined;
  category?: Category | undefined;
  /** The court the request is about: its entries, its superiors' and the province's. */
  courtCode?: string | undefined;
  status?: KnowledgeStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * GET /v1/knowledge: published entries best match first, for any member of staff (agents settle
 * from them; courts' staff may read what the center tells citizens). Withdrawn entries are the
 * center's to list, newest first.
 */
export async function findEntries(
  s: Services,
  index: KnowledgeIndex,
  staff: Staff,
  query: KnowledgeQuery,
): Promise<{ items: (IndexedEntry | KnowledgeEntry)[]; nextCursor: string | null }> {
  if (query.status === 'withdrawn') {
    s.access.assertCenterEditor(staff);
    return s.knowledge.listByStatus('withdrawn', query.limit, query.cursor);
  }
  const chain = query.courtCode ? s.courts.lineage(knownCourt(s, query.courtCode)!).map((c) => c.code) : null;
  const hits = await index.search(
    query.q ?? '',
    (e) => (!query.category || e.category === query.category) && (!chain || appliesTo(e.courtCode, chain)),
  );
  const from = offsetOf(query.cursor);
  const items = hits.slice(from, from + query.limit);
  return { items, nextCursor: from + query.limit < hits.length ? String(from + query.limit) : null };
}

/**
 * The entries a settlement names: each must exist and be published now (an agent cannot cite a
 * withdrawn answer). The same entry twice counts once.
 */
export async function usableEntries(s: Services, knowledgeIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(knowledgeIds)];
  const entries = await Promise.all(unique.map((id) => s.knowledge.get(id)));
  const unusable = unique.filter((_, i) => entries[i]?.status !== 'published');
  if (unusable.length > 0)
    throw new Refusal(
      'invalid',
      'unknown_knowledge',
      `knowledge entries not found or not published: ${unusable.join(', ')}`,
      unusable.map((knowledgeId) => ({ knowledgeId })),
    );
  return unique;
}

async function finish(s: Services, index: KnowledgeIndex, entry: KnowledgeEntry): Promise<KnowledgeEntry> {
  await index.apply(entry);
  // The revision of a write cut short after the entry, kept now (idempotent: same key, same content).
  const kept = await s.knowledge.revisions(entry.knowledgeId);
  if (!kept.some((r) => r.revision === entry.revision)) await s.knowledge.keepRevision(revisionOf(entry, ''));
  return entry;
}

async function publishedCase(s: Services, caseId: string) {
  const found = await s.typicalCases.get(caseId);
  if (found?.status !== 'published')
    throw invalid('unknown_typical_case', `typical case ${caseId} not found or not published`);
  return found;
}

function revisionOf(entry: KnowledgeEntry, note: string): KnowledgeRevision {
  return {
    knowledgeId: entry.knowledgeId,
    revision: entry.revision,
    at: entry.updatedAt,
    by: entry.updatedBy,
    note,
    title: entry.title,
    question: entry.question,
    answer: entry.answer,
    category: entry.category,
    courtCode: entry.courtCode,
    tags: entry.tags,
    status: entry.status,
  };
}

function knownCourt(s: Services, code: string | null): string | null {
  if (code !== null && !s.courts.find(code)) throw invalid('unknown_court', `unknown court ${code}`);
  return code;
}

const tidyTags = (tags: readonly string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  if (!/^\d{1,6}$/.test(cursor))
    throw new Refusal('malformed', 'bad_cursor', 'cursor is not one this list returned');
  return Number(cursor);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const code = (bytes: Uint8Array) => [...bytes].map((b) => CROCKFORD[b % 32]).join('');
function newKnowledgeId(now: Date): string {
  return `KB${now.getTime().toString(36).toUpperCase()}${code(randomBytes(6))}`;
}
/** The entry an idempotent call creates: the same id each time the call runs. */
function knowledgeIdForCall(callId: string): string {
  return `KB${code(createHash('sha256').update(`knowledge:${callId}`).digest().subarray(0, 16))}`;
}
