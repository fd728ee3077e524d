import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import { type KnowledgeEntry, searchTerms } from '../domain/knowledge';
import type { KnowledgeIndexHead, KnowledgeRepo } from './dynamo/knowledge-repo';

/** What the index keeps of an entry: enough to answer a search without reading the entries. */
export type IndexedEntry = Pick<
  KnowledgeEntry,
  | 'knowledgeId'
  | 'title'
  | 'question'
  | 'answer'
  | 'category'
  | 'courtCode'
  | 'tags'
  | 'revision'
  | 'updatedAt'
>;
const STORED = [
  'knowledgeId',
  'title',
  'question',
  'answer',
  'category',
  'courtCode',
  'tags',
  'revision',
  'updatedAt',
] as const;

/**
 * MiniSearch (17 KB minified, BM25 ranking, prefix search, serialisable) with the CJK bigram
 * tokenizer of domain/knowledge.ts. The same options must build and load a snapshot.
 */
const OPTIONS: Options<IndexedEntry> = {
  idField: 'knowledgeId',
  fields: ['title', 'question', 'tags', 'answer'],
  storeFields: [...STORED],
  tokenize: searchTerms,
  // searchTerms already folds case and width.
  processTerm: (term) => term,
  // Stored fields keep their values (null, numbers, the tag list); only indexed ones become text.
  stringifyField: (value) => (Array.isArray(value) ? value.join(' ') : String(value ?? '')),
  searchOptions: { boost: { title: 3, tags: 2, question: 2 } },
};

const SHORT_FIELDS = ['title', 'question', 'tags'];
const ALL_FIELDS = [...SHORT_FIELDS, 'answer'];
/**
 * A query's bigrams include the pairs that straddle its words (减免诉讼费 gives 免诉, in no entry):
 * when no entry has every term, entries with most of them (three in five) are found on the short
 * fields, where any-term matching stays cheap.
 */
const MOST_TERMS = 0.6;

/** The last term is what the agent is still typing: it matches as a prefix (执 finds 执行). */
const typing = (_term: string, i: number, terms: string[]) => i === terms.length - 1;

/**
 * Where the index lives. Building it means tokenizing every published entry (5,000 take seconds
 * of CPU: bench/knowledge-search.ts), far too much for a Lambda cold start, let alone every call.
 * So the index is built once per change, by the function that makes the change, and stored beside
 * the entries in the table: gzipped MiniSearch JSON cut into parts (`KBSNAP#<id>`), with a head
 * item (`KBINDEX / HEAD`) naming the current snapshot and its version.
 *
 * - A search reads the head (one small consistent GetItem) and uses the index its container
 *   already holds when the version is the same; otherwise it loads the snapshot once (a few
 *   hundred ms for 5,000 entries) and holds it for the container's next calls.
 * - A write (create, revise, publish, withdraw) loads the current snapshot afresh, applies its one
 *   entry, stores the result as a new snapshot and moves the head to it only if the head is still
 *   the one it read: two editors at once both land, one after the other, never one over the other.
 *   The snapshot superseded before the previous one is then deleted (a reader may still be loading
 *   the previous one).
 * - A write that crashed between the entry and the index is finished by the same call run again
 *   (its Idempotency-Key), or by the entry's next write; `apply` skips what the index already has.
 * - No head yet (a new deployment): the index is built from the published entries in memory, and
 *   the first write stores it. Searches never write (their functions may only read the table).
 */
export class KnowledgeIndex {
  private held: { version: number; index: MiniSearch<IndexedEntry> } | null = null;

  constructor(private readonly repo: KnowledgeRepo) {}

  /**
   * Published entries matching `query` that `keep` allows, best first: those with every term of
   * it (each word typed narrows the list), else those with most of its terms. An empty query lists
   * them, newest first.
   */
  async search(query: string, keep: (entry: IndexedEntry) => boolean): Promise<IndexedEntry[]> {
    const index = await this.current();
    const filter = (r: SearchResult) => keep(r as unknown as IndexedEntry);
    if (searchTerms(query).length === 0)
      return index
        .search(MiniSearch.wildcard, { filter })
        .map(asEntry)
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    // Callers ask as the entries' questions, titles and tags put it: those first. Answers are long
    // (a common pair such as 法院 is in nearly every one), so scoring them costs ten times as much
    // (bench/knowledge-search.ts): they are searched only when the short fields find nothing.
    for (const fields of [SHORT_FIELDS, ALL_FIELDS]) {
      const hits = index.search(query, { fields, combineWith: 'AND', prefix: typing, filter });
      if (hits.length > 0) return hits.map(asEntry);
    }
    const needed = Math.ceil(new Set(searchTerms(query)).size * MOST_TERMS);
    return index
      .search(query, { fields: SHORT_FIELDS, combineWith: 'OR', prefix: typing, filter })
      .filter((hit) => hit.queryTerms.length >= needed)
      .map(asEntry);
  }

  /** Brings the stored index up to `entry` as it now stands (published: in it; withdrawn: out of it). */
  async apply(entry: KnowledgeEntry): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const head = await this.repo.indexHead();
      const index = head ? await this.load(head) : await this.build();
      // Without a head the index was just built from the entries (this one included): store it.
      if (!update(index, entry) && head) {
        this.held = { version: head.version, index };
        return;
      }
      const snapshotId = randomUUID();
      const parts = await this.repo.writeSnapshot(snapshotId, gzipSync(JSON.stringify(index)));
      const next: KnowledgeIndexHead = {
        version: (head?.version ?? 0) + 1,
        snapshotId,
        parts,
        ...(head ? { previous: { snapshotId: head.snapshotId, parts: head.parts } } : {}),
      };
      if (await this.repo.swapHead(next, head)) {
        this.held = { version: next.version, index };
        if (head?.previous) await this.repo.deleteSnapshot(head.previous.snapshotId, head.previous.parts);
        return;
      }
      await this.repo.deleteSnapshot(snapshotId, parts); // another write won: start again from its snapshot
    }
    throw new Error('the knowledge index kept changing under this write');
  }

  /** The index as the head says it stands, held by this container until the head moves. */
  private async current(): Promise<MiniSearch<IndexedEntry>> {
    for (let attempt = 0; ; attempt++) {
      const head = await this.repo.indexHead();
      if (!head) return this.build();
      if (this.held?.version === head.version) return this.held.index;
      try {
        this.held = { version: head.version, index: await this.load(head) };
        return this.held.index;
      } catch (error) {
        // Two writes landed while this container was loading: the snapshot whose head it read is
        // gone, and the head has moved on. Read it again.
        if (attempt >= 3) throw error;
      }
    }
  }

  private async load(head: KnowledgeIndexHead): Promise<MiniSearch<IndexedEntry>> {
    const bytes = await this.repo.readSnapshot(head);
    return MiniSearch.loadJSON<IndexedEntry>(gunzipSync(bytes).toString('utf8'), OPTIONS);
  }

  private async build(): Promise<MiniSearch<IndexedEntry>> {
    const index = new MiniSearch<IndexedEntry>(OPTIONS);
    for await (const entry of this.repo.allPublished()) index.add(indexed(entry));
    return index;
  }
}

/** Builds an index of `entries` in memory (the bench's cost of a rebuild). */
export function buildIndex(entries: Iterable<KnowledgeEntry>): MiniSearch<IndexedEntry> {
  const index = new MiniSearch<IndexedEntry>(OPTIONS);
  for (const entry of entries) index.add(indexed(entry));
  return index;
}

/** Applies one entry; false when the index already reflects this revision of it. */
function update(index: MiniSearch<IndexedEntry>, entry: KnowledgeEntry): boolean {
  const stored = index.getStoredFields(entry.knowledgeId) as Partial<IndexedEntry> | undefined;
  if (stored && (stored.revision ?? 0) >= entry.revision) return false;
  if (!stored && entry.status !== 'published') return false;
  if (stored) index.discard(entry.knowledgeId);
  if (entry.status === 'published') index.add(indexed(entry));
  return true;
}

function indexed(entry: KnowledgeEntry): IndexedEntry {
  return Object.fromEntries(STORED.map((k) => [k, entry[k]])) as IndexedEntry;
}

function asEntry(result: SearchResult): IndexedEntry {
  return Object.fromEntries(STORED.map((k) => [k, result[k]])) as IndexedEntry;
}
