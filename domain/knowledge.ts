import type { PublishedField } from './anonymity';
import type { Category } from './categories';

/**
 * The knowledge base (知识库, DOMAIN.md): questions and answers the center writes and publishes,
 * by category and court, versioned (every revision kept), searched in Chinese as an agent types.
 * What an entry is and how its text becomes search terms live here; where the index is kept and
 * how it is searched live in adapters/knowledge-index.ts.
 */
export const KNOWLEDGE_STATUSES = ['published', 'withdrawn'] as const;
export type KnowledgeStatus = (typeof KNOWLEDGE_STATUSES)[number];

/** What an editor writes: every revision is one of these, whole. */
export interface KnowledgeContent {
  title: string;
  question: string;
  answer: string;
  category: Category;
  /** The court the entry is about; null for the whole province. */
  courtCode: string | null;
  tags: string[];
  status: KnowledgeStatus;
}

/** An entry as it stands: its newest revision, with who wrote it and when. */
export interface KnowledgeEntry extends KnowledgeContent {
  knowledgeId: string;
  /** 1 for the first version; each revision adds one. */
  revision: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** The published typical case the entry was seeded from, if any. */
  fromTypicalCase: string | null;
  /** Set by an idempotent call that wrote this revision: the same call run again finds it. */
  writtenByCall?: string;
}

/** One kept revision: what the entry said from `at` on, and who wrote it. */
export interface KnowledgeRevision extends KnowledgeContent {
  knowledgeId: string;
  revision: number;
  at: string;
  by: string;
  /** Why it changed, in the editor's words (optional). */
  note: string;
}

/**
 * What of an entry every agent reads out and may tell any caller, for the personal-data detector
 * (domain/anonymity.ts): an entry is guidance, never one person's matter. Fields left out (a
 * revision that does not change them) are not judged again.
 */
export const publishedFields = (
  content: Partial<Pick<KnowledgeContent, 'title' | 'question' | 'answer' | 'tags'>>,
): PublishedField[] => [
  { field: 'title', label: '标题', text: content.title },
  { field: 'question', label: '问题', text: content.question },
  { field: 'answer', label: '答复口径', text: content.answer },
  { field: 'tags', label: '标签', text: content.tags },
];

/**
 * Entries an agent may use for a request about `courtCode`: the province's and those of the court
 * itself or of a court above it (an intermediate court's guidance holds for its basic courts).
 * `chain` is the court and its ancestors, high court last.
 */
export function appliesTo(entryCourt: string | null, chain: readonly string[]): boolean {
  return entryCourt === null || chain.includes(entryCourt);
}

const HAN = /\p{Script=Han}/u;
/** Runs of Han characters, or of other letters and digits (Latin words, numbers, case numbers' parts). */
const RUNS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/**
 * Chinese has no spaces between words, and a segmenter's dictionary (jieba's is megabytes) would
 * not fit a 150 KB function: the text is cut into overlapping character pairs (bigrams), the usual
 * way full-text engines index CJK (Lucene's CJKAnalyzer, Elasticsearch's cjk_bigram). 诉讼费用 gives
 * 诉讼, 讼费, 费用; a query's pairs then match wherever its words occur, whatever the segmentation.
 * A lone character (a one-character run, or what an agent has typed so far) stays a term of its
 * own, and the index matches it as the prefix of a pair. Other letters and digits form words,
 * lower-cased; full-width forms fold to half-width (NFKC), so Ｅ and E are one term.
 */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(RUNS)) {
    if (!HAN.test(run[0] ?? '')) {
      terms.push(run);
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) terms.push(run);
    for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
  }
  return terms;
}

/**
 * Whether a revision would change what the entry says: an empty revision, or one that sends what
 * the entry already says (a form saved twice), is no revision, and keeps no version.
 */
export function changesContent(current: KnowledgeContent, next: KnowledgeContent): boolean {
  return (
    current.title !== next.title ||
    current.question !== next.question ||
    current.answer !== next.answer ||
    current.category !== next.category ||
    current.courtCode !== next.courtCode ||
    current.status !== next.status ||
    current.tags.length !== next.tags.length ||
    current.tags.some((tag, i) => tag !== next.tags[i])
  );
}
