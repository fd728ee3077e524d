import { parseCaseNumber } from './case-number';

/** Masked forms of personal information for lists and for readers who do not act on the order. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/**
 * A case number names a case, and so its parties (domain/anonymity.ts refuses one in anything
 * published): a list shows it as it shows a phone, its serial hidden, keeping what says where the
 * matter is (year, court, case type): `(2026)赣1126民初***号`. Those who act on the order see it whole.
 */
export function maskCaseNumber(caseNumber: string | null): string | null {
  if (caseNumber === null) return null;
  const parsed = parseCaseNumber(caseNumber);
  return parsed ? `(${parsed.year})${parsed.courtCode}${parsed.caseType}***号` : '***';
}
