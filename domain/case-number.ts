/**
 * Case numbers since 2016 name their court: `(2022)赣1126民初123号` was filed at 赣1126.
 * People type them as they read them off paper forms and phone transcripts: full-width or ASCII
 * brackets (or the official 〔〕), full-width digits, spaces anywhere. Those are read as the same
 * case number; anything else cannot be one.
 */
/** The courts' province characters (兵: the Xinjiang Production and Construction Corps' courts). */
const PROVINCES = '[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵]';
const CASE_NUMBER = new RegExp(
  `^[(〔[](\\d{4})[)〕\\]](${PROVINCES}|最高法)(\\d{0,4})(\\p{Script=Han}+)(\\d+)号$`,
  'u',
);

export interface CaseNumber {
  year: number;
  courtCode: string;
  caseType: string;
  serial: number;
}

/**
 * What a citizen is told when what they typed cannot be a case number: how one is written, with
 * an example, so they can fix it or leave it out.
 */
export const CASE_NUMBER_HINT =
  '案号格式不正确。案号写法如 (2024)赣1126民初123号：括号内为立案年份，其后依次为法院代字（如 赣1126）、案件类型（如 民初）和序号，以“号”结尾。不知道案号可以不填，并选择承办法院。';

/** The first year a case number may carry: the courts' records held here start in 2000. */
export const FIRST_CASE_YEAR = 2000;

/**
 * The years a citizen's case number may carry at `now`: from FIRST_CASE_YEAR to next year
 * (a case filed in the last days of December is numbered for the new year early in January, and
 * a clock a few hours off must not refuse it). 9999 or 1999 is a typing error, never a case.
 */
export function caseYearRange(now: Date): { from: number; to: number } {
  // The year in Shanghai (UTC+8, no daylight saving), where the courts number their cases.
  return { from: FIRST_CASE_YEAR, to: new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear() + 1 };
}

/**
 * Why what a citizen typed cannot be taken as a case number at `now` (null when it can): not the
 * form of one, or a year no case can have been filed in. Said to the citizen as it stands.
 */
export function caseNumberProblem(text: string, now: Date): string | null {
  const parsed = parseCaseNumber(text);
  if (!parsed) return CASE_NUMBER_HINT;
  const { from, to } = caseYearRange(now);
  if (parsed.year < from || parsed.year > to)
    return `案号年份 ${parsed.year} 不正确：应为 ${from} 年至 ${to} 年之间的立案年份。${CASE_NUMBER_HINT}`;
  return null;
}

/** Returns the parts of a well-formed case number, or null when it is not one. */
export function parseCaseNumber(text: string): CaseNumber | null {
  // NFKC folds full-width brackets, digits and spaces into their ASCII forms.
  const match = CASE_NUMBER.exec(text.normalize('NFKC').replace(/\s+/gu, ''));
  if (!match) return null;
  const [, year, province, digits, caseType, serial] = match;
  return {
    year: Number(year),
    courtCode: `${province}${digits ?? ''}`,
    caseType: caseType ?? '',
    serial: Number(serial),
  };
}
