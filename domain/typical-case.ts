import type { PublishedField } from './anonymity';
import type { Category } from './categories';

/**
 * Typical cases (典型案例, DOMAIN.md): a supervisor nominates a closed order with a summary written
 * by staff, the center approves it, and it is published on a public page. What is published is the
 * staff's words and facts that name nobody: the category, the month it closed, and the handling
 * court, except for a complaint or an interference report, whose court is withheld (the firewall).
 * Words once published may still prove to name someone: the center withdraws the case, which
 * leaves the public page at once and is kept, with who withdrew it and why, in the center's list.
 */
export const TYPICAL_CASE_STATUSES = ['nominated', 'published', 'rejected', 'withdrawn'] as const;
export type TypicalCaseStatus = (typeof TYPICAL_CASE_STATUSES)[number];

export interface TypicalCase {
  caseId: string;
  orderId: string;
  title: string;
  summary: string;
  category: Category;
  /** The court that handled the order; null when the order was firewalled (never published). */
  courtCode: string | null;
  /** The Shanghai month the order closed (YYYY-MM). */
  month: string;
  status: TypicalCaseStatus;
  nominatedBy: string;
  nominatedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string;
  /** Set when the center withdrew the published case. */
  withdrawnBy?: string | null;
  withdrawnAt?: string | null;
  withdrawalReason?: string | null;
  version: number;
}

/** A case the order may be nominated for again: none yet, or one that is not (or no longer) published. */
export const mayNominateAgain = (c: TypicalCase | null): boolean =>
  !c || c.status === 'rejected' || c.status === 'withdrawn';

/** The case id follows from the order's: one nomination per order, and a retried call finds its own. */
export const typicalCaseIdFor = (orderId: string) => `TC${orderId.slice(2)}`;

/** What of a case is published, for the personal-data detector (domain/anonymity.ts). */
export const publishedFields = (input: { title: string; summary: string }): PublishedField[] => [
  { field: 'title', label: '标题', text: input.title },
  { field: 'summary', label: '摘要', text: input.summary },
];

/**
 * The center's own words kept with a case (a decision's note, a withdrawal's reason): shown to the
 * center's supervisors in their queue for as long as the case is kept, after the request's personal
 * data is erased, so they name nobody either, as its title and summary (domain/anonymity.ts). A
 * reason says what in the words named someone, never the name itself.
 */
export const centerNoteFields = (input: { note?: string; reason?: string }): PublishedField[] => [
  ...(input.note !== undefined ? [{ field: 'note', label: '审核意见', text: input.note }] : []),
  ...(input.reason !== undefined ? [{ field: 'reason', label: '撤回理由', text: input.reason }] : []),
];
