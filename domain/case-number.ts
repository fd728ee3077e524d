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
