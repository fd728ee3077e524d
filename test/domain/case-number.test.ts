import { caseNumberProblem, caseYearRange } from '../../domain/case-number';

/** The case-number rule (domain/case-number.ts), with no I/O. */
test('a case number carries a filing year from 2000 to next year, counted in Shanghai', () => {
  const march2026 = new Date('2026-03-09T01:00:00Z');
  expect(caseYearRange(march2026)).toEqual({ from: 2000, to: 2027 });
  // 00:30 on 1 January 2027 in Shanghai is still 31 December in UTC: the year is Shanghai's.
  expect(caseYearRange(new Date('2026-12-31T16:30:00Z'))).toEqual({ from: 2000, to: 2028 });
  for (const year of [2000, 2016, 2026, 2027])
    expect([year, caseNumberProblem(`(${year})赣1126民初1号`, march2026)]).toEqual([year, null]);
  for (const year of [1999, 2028, 9999])
    expect(caseNumberProblem(`(${year})赣1126民初1号`, march2026)).toContain(`${year}`);
  expect(caseNumberProblem('赣赣赣', march2026)).toContain('(2024)赣1126民初123号');
});
