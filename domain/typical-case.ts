import type { Category } from './categories';
import type { CitizenRequest } from './citizen-request';
import type { Court } from './courts';

/**
 * Typical cases (典型案例, DOMAIN.md): a supervisor nominates a closed order with a summary written
 * by staff, the center approves it, and it is published on a public page. What is published is the
 * staff's words and facts that name nobody: the category, the month it closed, and the handling
 * court, except for a complaint or an interference report, whose court is withheld (the firewall).
 */
export const TYPICAL_CASE_STATUSES = ['nominated', 'published', 'rejected'] as const;
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
  version: number;
}

/** The case id follows from the order's: one nomination per order, and a retried call finds its own. */
export const typicalCaseIdFor = (orderId: string) => `TC${orderId.slice(2)}`;

/**
 * How many consecutive characters of the citizen's own text (punctuation and spaces left out) a
 * summary may not repeat: a shorter run is ordinary words (立案, 执行款); a longer one is quoting.
 */
export const QUOTE_RUN = 10;

/** A reason a summary may not be published, in the words the desk shows. */
export interface PublicationProblem {
  code: 'name' | 'phone' | 'quote' | 'case_number' | 'accused_court';
  message: string;
}

/**
 * What in the staff's words would publish personal data or break the firewall: the citizen's name,
 * any phone number (theirs, or anyone's mobile), their case number, a run of their own text, and,
 * for a firewalled order, the accused court's name or code. Empty: the words may be published.
 */
export function publicationProblems(
  words: string,
  request: Pick<CitizenRequest, 'content' | 'contact' | 'caseNumber'>,
  accusedCourt: Court | null,
): PublicationProblem[] {
  const problems: PublicationProblem[] = [];
  const plain = compact(words);
  const name = compact(request.contact.name);
  if (name.length >= 2 && plain.includes(name))
    problems.push({ code: 'name', message: '摘要含有诉求人的姓名，请改为“某某”等匿名称呼' });
  const digits = words.normalize('NFKC').replace(/(?<=\d)[\s-]+(?=\d)/g, '');
  const phone = request.contact.phone.replace(/\D/g, '');
  const phoneTail = phone.slice(-8);
  if ((phoneTail.length >= 7 && digits.includes(phoneTail)) || /1[3-9]\d{9}/.test(digits))
    problems.push({ code: 'phone', message: '摘要含有电话号码，请删除' });
  if (request.caseNumber && plain.includes(compact(request.caseNumber)))
    problems.push({ code: 'case_number', message: '摘要含有案号，请删除' });
  if (quotes(plain, compact(request.content)))
    problems.push({
      code: 'quote',
      message: `摘要照录了诉求人的原话（连续${QUOTE_RUN}字以上），请用工作人员自己的话概括`,
    });
  if (accusedCourt) {
    const named = [accusedCourt.name, accusedCourt.shortName, accusedCourt.code].some((n) =>
      plain.includes(compact(n)),
    );
    if (named)
      problems.push({
        code: 'accused_court',
        message: '投诉和干预举报类案例不得点名被反映的法院，请改为“某法院”',
      });
  }
  return problems;
}

/** Letters and digits only, full-width folded: how text is compared, so spacing or punctuation hides nothing. */
function compact(text: string): string {
  return text.normalize('NFKC').replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** True when `summary` repeats QUOTE_RUN or more consecutive characters of `source`. */
function quotes(summary: string, source: string): boolean {
  const chars = [...source];
  if (chars.length < QUOTE_RUN) return false;
  const runs = new Set<string>();
  for (let i = 0; i + QUOTE_RUN <= chars.length; i++) runs.add(chars.slice(i, i + QUOTE_RUN).join(''));
  const own = [...summary];
  for (let i = 0; i + QUOTE_RUN <= own.length; i++)
    if (runs.has(own.slice(i, i + QUOTE_RUN).join(''))) return true;
  return false;
}
