import type { CitizenRequest } from './citizen-request';
import type { Court } from './courts';
import { Refusal } from './errors';

/**
 * Whether words the center publishes name nobody: the one personal-data detector for what
 * staff write for the public or for every agent (a typical case's title and summary, a
 * knowledge-base entry). Published words cannot be called back from every reader, so the detector
 * errs towards refusing: staff are told what to change, in Chinese, field by field.
 *
 * It looks through the ways a number is hidden from a plain pattern: full-width digits (NFKC),
 * Chinese numerals (一三八〇〇一三八〇〇〇, 幺, 壹), and separators of any kind between digits
 * (138.0013.8000, 138 0013 8000, 138-0013-8000). What it refuses:
 * - any mobile number, and the citizen's own phone (its last 8 digits, a landline too);
 * - a resident identity card number (18 digits, the last may be X);
 * - any case number, with or without its year (赣0102民初123号 names a case, and so its parties);
 * - the citizen's name and a run of `QUOTE_RUN` characters of their own text, when they are known;
 * - for a complaint or an interference report, the accused court's name, short name or code.
 * Courts' landlines and the 12368 hotline are not personal and pass.
 */

/**
 * How many consecutive characters of the citizen's own text (punctuation and spaces left out) the
 * words may not repeat: a shorter run is ordinary words (立案, 执行款); a longer one is quoting.
 */
export const QUOTE_RUN = 10;

export type PersonalDataCode = 'name' | 'phone' | 'id_number' | 'case_number' | 'quote' | 'accused_court';

/** What in one field would publish personal data or break the firewall, in the words the desk shows. */
export interface PersonalDataFinding {
  field: string;
  code: PersonalDataCode;
  message: string;
}

/** What is known of the person and the matter the words are about (nothing, for a knowledge entry). */
export interface KnownMatter {
  citizen?: Pick<CitizenRequest, 'content' | 'contact' | 'caseNumber'> | null;
  /** The court a complaint or interference report accuses: never to be named. */
  accusedCourt?: Court | null;
}

/** A field to judge: its name in the API, its label in Chinese, and its words. */
export interface PublishedField {
  field: string;
  label: string;
  text: string | readonly string[] | null | undefined;
}

const MESSAGES: Record<PersonalDataCode, string> = {
  name: '含有诉求人的姓名，请改为“某某”等匿名称呼',
  phone: '含有电话号码，请删除',
  id_number: '含有身份证号码，请删除',
  case_number: '含有案号，请删除',
  quote: `照录了诉求人的原话（连续${QUOTE_RUN}字以上），请用工作人员自己的话概括`,
  accused_court: '投诉和干预举报类案例不得点名被反映的法院，请改为“某法院”',
};

/** Every finding in every field, each kind once per field. Empty: the words may be published. */
export function personalDataIn(
  fields: readonly PublishedField[],
  known: KnownMatter = {},
): PersonalDataFinding[] {
  const out: PersonalDataFinding[] = [];
  for (const { field, label, text } of fields) {
    const words = typeof text === 'string' ? text : (text ?? []).join('\n');
    for (const code of findingsIn(words, known))
      out.push({ field, code, message: `${label}${MESSAGES[code]}` });
  }
  return out;
}

/** The refusal for words that may not be published: 422 `personal_data`, each finding a detail naming its field. */
export function assertAnonymous(fields: readonly PublishedField[], known: KnownMatter = {}): void {
  const findings = personalDataIn(fields, known);
  if (findings.length > 0)
    throw new Refusal('invalid', 'personal_data', findings.map((f) => f.message).join('；'), findings);
}

function findingsIn(words: string, known: KnownMatter): PersonalDataCode[] {
  const found = new Set<PersonalDataCode>();
  // Separators dropped: a number written in groups (138.0013.8000, 138 0013 8000) reads as one.
  const plain = compact(digitsOf(words));
  if (ID_NUMBER.test(plain)) found.add('id_number');
  const numbers = plain.replace(new RegExp(ID_NUMBER.source, 'gi'), '');
  const citizen = known.citizen;
  const phoneTail = (citizen?.contact.phone.replace(/\D/g, '') ?? '').slice(-8);
  if (MOBILE.test(numbers) || (phoneTail.length >= 7 && numbers.includes(phoneTail))) found.add('phone');
  const ownCase = citizen?.caseNumber ? compact(digitsOf(citizen.caseNumber)) : '';
  if (CASE_NUMBER.test(plain) || (ownCase && plain.includes(ownCase))) found.add('case_number');
  if (citizen) {
    const name = compact(citizen.contact.name);
    if (name.length >= 2 && compact(words).includes(name)) found.add('name');
    if (quotes(compact(words), compact(citizen.content))) found.add('quote');
  }
  const accused = known.accusedCourt;
  if (
    accused &&
    [accused.name, accused.shortName, accused.code].some((n) => plain.includes(compact(digitsOf(n))))
  )
    found.add('accused_court');
  return [...found];
}

/** A mainland mobile number, wherever it stands among other digits (a +86 or 0 before it included). */
const MOBILE = /1[3-9]\d{9}/;
/** A resident identity card number. */
const ID_NUMBER = /(?<!\d)\d{17}[\dX](?!\d)/i;

/**
 * A case number (案号) since 2016: the court's code, a province's one-character abbreviation and
 * digits (赣1126, 赣01, 赣 for the high court), a case-type word of its own characters (民初, 执恢,
 * 刑终 ...: so 赣州中院执行局一号窗口 is no case), a serial and 号; the year in brackets before it is
 * dropped by `compact` and not needed to name the case.
 */
const CASE_NUMBER =
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵最]\d{0,6}[民刑行执破赔救认清督催保调诉申监初终再审恢异复协特撤更委法国司财强罚移送他请辖提商知]{1,4}\d{1,7}号/u;

/** Chinese numerals as digits (the readings a phone number is spoken and written in). */
const NUMERALS: Record<string, string> = {
  〇: '0',
  零: '0',
  '○': '0',
  一: '1',
  壹: '1',
  幺: '1',
  二: '2',
  贰: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};
const NUMERAL = new RegExp(`[${Object.keys(NUMERALS).join('')}]`, 'g');

/** Full-width forms folded (NFKC) and Chinese numerals written as digits. */
function digitsOf(text: string): string {
  return text.normalize('NFKC').replace(NUMERAL, (c) => NUMERALS[c] ?? c);
}

/** Letters and digits only, full-width folded: how text is compared, so spacing or punctuation hides nothing. */
function compact(text: string): string {
  return text.normalize('NFKC').replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** True when `words` repeats QUOTE_RUN or more consecutive characters of `source`. */
function quotes(words: string, source: string): boolean {
  const chars = [...source];
  if (chars.length < QUOTE_RUN) return false;
  const runs = new Set<string>();
  for (let i = 0; i + QUOTE_RUN <= chars.length; i++) runs.add(chars.slice(i, i + QUOTE_RUN).join(''));
  const own = [...words];
  for (let i = 0; i + QUOTE_RUN <= own.length; i++)
    if (runs.has(own.slice(i, i + QUOTE_RUN).join(''))) return true;
  return false;
}
