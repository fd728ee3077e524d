import { readFileSync } from 'node:fs';
import { parseCaseNumber } from '../../domain/case-number';
import { CourtDirectory } from '../../domain/courts';
import { Refusal } from '../../domain/errors';
import { assertFirewallAllows, RoutingError, routeOrder } from '../../domain/routing';

const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));

describe('the court directory', () => {
  test('holds the 114 Jiangxi courts on three levels', () => {
    const all = courts.all();
    expect(all).toHaveLength(114);
    expect(all.filter((c) => c.level === 'high')).toHaveLength(1);
    expect(all.filter((c) => c.level === 'intermediate')).toHaveLength(12);
    expect(all.filter((c) => c.level === 'basic')).toHaveLength(101);
  });

  test('knows what lies below and above a court', () => {
    expect(courts.subtree('赣11').map((c) => c.code)).toContain('赣1126');
    expect(courts.subtree('赣').length).toBe(114);
    expect(courts.isWithin('赣1126', '赣11')).toBe(true);
    expect(courts.isWithin('赣1126', '赣01')).toBe(false);
    expect(courts.superiorOf('赣1126').code).toBe('赣11');
    expect(courts.superiorOf('赣').code).toBe('赣');
    expect(courts.regionOf('赣1126')).toBe('赣11');
    expect(courts.regionOf('赣')).toBeNull();
  });
});

describe('case numbers', () => {
  test('name their court, with full-width or ASCII parentheses', () => {
    expect(parseCaseNumber('(2022)赣1126民初123号')).toEqual({
      year: 2022,
      courtCode: '赣1126',
      caseType: '民初',
      serial: 123,
    });
    expect(parseCaseNumber('（2023）赣11执456号')?.courtCode).toBe('赣11');
    expect(parseCaseNumber('(2024)赣刑终7号')?.courtCode).toBe('赣');
    expect(parseCaseNumber('2022赣1126民初123')).toBeNull();
    expect(parseCaseNumber('')).toBeNull();
  });
});

describe('routing', () => {
  test('the case number wins over the court the citizen chose', () => {
    const route = routeOrder(courts, {
      category: 'case_progress',
      caseNumber: '(2022)赣1126民初123号',
      courtCode: '赣0102',
    });
    expect(route).toMatchObject({ courtCode: '赣1126', firewalled: false });
  });

  test('without a usable case number, the chosen court', () => {
    expect(
      routeOrder(courts, { category: 'enforcement', caseNumber: '(2022)沪0101民初1号', courtCode: '赣0102' })
        .courtCode,
    ).toBe('赣0102');
    expect(() => routeOrder(courts, { category: 'other' })).toThrow(RoutingError);
  });

  test('complaints and interference reports go to the superior court (the firewall)', () => {
    expect(routeOrder(courts, { category: 'complaint', caseNumber: '(2022)赣1126民初1号' })).toMatchObject({
      courtCode: '赣11',
      subjectCourtCode: '赣1126',
      firewalled: true,
    });
    expect(routeOrder(courts, { category: 'interference_report', courtCode: '赣11' }).courtCode).toBe('赣');
    expect(routeOrder(courts, { category: 'complaint', courtCode: '赣' }).courtCode).toBe('赣');
  });

  test('a court chosen by hand must respect the firewall', () => {
    expect(() => assertFirewallAllows(courts, 'complaint', '赣1126', '赣1126')).toThrow(Refusal);
    expect(() => assertFirewallAllows(courts, 'complaint', '赣1126', '赣01')).toThrow(Refusal);
    expect(() => assertFirewallAllows(courts, 'complaint', '赣1126', '赣11')).not.toThrow();
    expect(() => assertFirewallAllows(courts, 'complaint', '赣1126', '赣')).not.toThrow();
    expect(() => assertFirewallAllows(courts, 'case_progress', '赣1126', '赣1126')).not.toThrow();
  });
});
