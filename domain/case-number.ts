/**
 * Case numbers since 2016 name their court: `(2022)赣1126民初123号` was filed at 赣1126.
 * Full-width or ASCII parentheses are both in use on paper forms and phone transcripts.
 */
const CASE_NUMBER = /^[（(](\d{4})[)）]\s*(\p{Script=Han})(\d{0,4})\s*(\p{Script=Han}+)\s*(\d+)\s*号$/u;

export interface CaseNumber {
  year: number;
  courtCode: string;
  caseType: string;
  serial: number;
}

/** Returns the parts of a well-formed case number, or null when it is not one. */
export function parseCaseNumber(text: string): CaseNumber | null {
  const match = CASE_NUMBER.exec(text.trim());
  if (!match) return null;
  const [, year, province, digits, caseType, serial] = match;
  return {
    year: Number(year),
    courtCode: `${province}${digits ?? ''}`,
    caseType: caseType ?? '',
    serial: Number(serial),
  };
}
