import { readFileSync } from 'node:fs';
import { parseStaffCsv, StaffDirectory } from '../../adapters/staff-directory';
import { CourtDirectory, withFollowableMerges } from '../../domain/courts';
import { checkMemberPlace, mergedCourt, newCourt, renamedCourt } from '../../domain/directory';

/** The directory's rules (domain/directory.ts), on the deployment's own seed, with no I/O. */
const seed = () => CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'allowed';
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

test('a merged court stands for its successor, through later merges, and keeps its place in the tree', () => {
  const courts = seed();
  courts.replace(
    courts.all().map((c) => (c.code === '赣1126' ? mergedCourt(courts, '赣1126', '赣1125') : c)),
  );
  courts.replace(
    courts.all().map((c) => (c.code === '赣1125' ? mergedCourt(courts, '赣1125', '赣1123') : c)),
  );
  expect(courts.successorOf('赣1126').code).toBe('赣1123');
  expect(courts.successorOf('赣1123').code).toBe('赣1123');
  expect(courts.superiorOf('赣1126').code).toBe('赣11');
  expect(courts.subtree('赣11').map((c) => c.code)).toContain('赣1126');
});

test('a merged court’s people are looked up at its successor; a member who left receives nothing', () => {
  const courts = seed();
  const members = parseStaffCsv(readFileSync('config/staff.csv', 'utf8'));
  const staff = new StaffDirectory(members, courts);
  expect(staff.find('赣1126', 'handler').map((m) => m.email)).toEqual(['handler.gan1126@courts.example.cn']);
  courts.replace(courts.all().map((c) => (c.code === '赣1126' ? { ...c, mergedInto: '赣1125' } : c)));
  expect(staff.find('赣1126', 'handler').map((m) => m.email)).toEqual(['handler.gan1125@courts.example.cn']);
  staff.replace(
    members.map((m) => (m.court === '赣1125' && m.role === 'handler' ? { ...m, active: false } : m)),
  );
  expect(staff.find('赣1126', 'handler')).toEqual([]);
});

test('seeded members have stable, distinct ids', () => {
  const text = readFileSync('config/staff.csv', 'utf8');
  const ids = parseStaffCsv(text).map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(parseStaffCsv(text).map((m) => m.id)).toEqual(ids);
});

test('merges: of one level, never the high court, never a court with courts below still standing', () => {
  const courts = seed();
  expect(codeOf(() => mergedCourt(courts, '赣1126', '赣1125'))).toBe('allowed');
  expect(codeOf(() => mergedCourt(courts, '赣1126', '赣1126'))).toBe('merge_into_itself');
  expect(codeOf(() => mergedCourt(courts, '赣', '赣11'))).toBe('merge_high_court');
  expect(codeOf(() => mergedCourt(courts, '赣1126', '赣11'))).toBe('merge_across_levels');
  expect(codeOf(() => mergedCourt(courts, '赣11', '赣01'))).toBe('merge_with_courts_below');
  expect(codeOf(() => mergedCourt(courts, '赣9999', '赣01'))).toBe('unknown_court');
  courts.replace(courts.all().map((c) => (c.code === '赣1126' ? { ...c, mergedInto: '赣1125' } : c)));
  expect(codeOf(() => mergedCourt(courts, '赣1126', '赣1123'))).toBe('court_merged');
  expect(codeOf(() => mergedCourt(courts, '赣1123', '赣1126'))).toBe('court_merged');
});

test('a new court goes one level below a court that stands; a rename keeps code and place', () => {
  const courts = seed();
  expect(
    newCourt(courts, { code: '赣1199', name: '新法院', shortName: '新', parentCode: '赣11' }),
  ).toMatchObject({
    level: 'basic',
    parentCode: '赣11',
  });
  expect(
    codeOf(() => newCourt(courts, { code: '赣1126', name: 'x', shortName: 'x', parentCode: '赣11' })),
  ).toBe('court_exists');
  expect(
    codeOf(() => newCourt(courts, { code: '赣1199', name: 'x', shortName: 'x', parentCode: '赣1126' })),
  ).toBe('no_lower_level');
  expect(renamedCourt(courts, '赣1126', '新名', '新')).toMatchObject({
    code: '赣1126',
    parentCode: '赣11',
    name: '新名',
  });
});

test('who may be placed where: agents and the leadership at the center, no one at a merged court', () => {
  const courts = seed();
  const at = (
    court: string,
    role: 'agent' | 'handler' | 'supervisor',
    unit: 'supervision' | 'leadership' | null = null,
  ) => codeOf(() => checkMemberPlace(courts, { court, role, unit }));
  expect(at('赣1126', 'handler')).toBe('allowed');
  expect(at('赣11', 'supervisor', 'supervision')).toBe('allowed');
  expect(at('赣', 'supervisor', 'leadership')).toBe('allowed');
  expect(at('赣1126', 'agent')).toBe('agent_outside_center');
  expect(at('赣11', 'supervisor', 'leadership')).toBe('leadership_outside_center');
  expect(at('赣', 'handler', 'leadership')).toBe('leadership_outside_center');
  expect(at('赣', 'agent', 'supervision')).toBe('agent_in_supervision');
  courts.replace(courts.all().map((c) => (c.code === '赣1126' ? { ...c, mergedInto: '赣1125' } : c)));
  expect(at('赣1126', 'handler')).toBe('court_merged');
});

test('a directory whose merges run in a circle is refused, the one held is kept', () => {
  const courts = seed();
  const circle = courts
    .all()
    .map((c) =>
      c.code === '赣0921'
        ? { ...c, mergedInto: '赣0922' }
        : c.code === '赣0922'
          ? { ...c, mergedInto: '赣0921' }
          : c,
    );
  expect(() => courts.replace(circle)).toThrow(/circle/);
  expect(() =>
    courts.replace(courts.all().map((c) => (c.code === '赣0921' ? { ...c, mergedInto: '赣0999' } : c))),
  ).toThrow(/unknown/);
  expect(courts.successorOf('赣0921').code).toBe('赣0921');
});

test('a new court’s code is its parent’s and two digits, 01 to 99; no two courts share a name or short name', () => {
  const courts = seed();
  const add = (code: string, parentCode: string, name = '某新法院', shortName = '某新院') =>
    codeOf(() => newCourt(courts, { code, name, shortName, parentCode }));
  expect(add('赣1199', '赣11')).toBe('allowed');
  expect(add('赣72', '赣')).toBe('allowed');
  for (const [code, parent] of [
    ['abc', '赣11'],
    ['赣1100', '赣11'],
    ['赣11９９', '赣11'],
    ['赣0999', '赣11'],
    ['赣119', '赣11'],
    ['赣7', '赣'],
  ])
    expect([code, add(code!, parent!)]).toEqual([code, 'invalid_court_code']);
  expect(add('赣1199', '赣11', '弋阳县人民法院')).toBe('court_name_taken');
  expect(add('赣1199', '赣11', '某新法院', '弋阳法院')).toBe('court_name_taken');
  expect(codeOf(() => renamedCourt(courts, '赣1126', '弋阳县人民法院', '弋阳'))).toBe('allowed');
  expect(codeOf(() => renamedCourt(courts, '赣1126', '万年县人民法院', '弋阳'))).toBe('court_name_taken');
});

test('stored merges that cannot be followed (older code wrote them) are mended alike everywhere, and named', () => {
  const merged = (into: Record<string, string>) =>
    seed()
      .all()
      .map((c) => ({ ...c, mergedInto: into[c.code] ?? null }));
  // A circle of three, with a court merged into it: the circle's lowest code stands.
  const circle = withFollowableMerges(
    merged({ 赣0921: '赣0922', 赣0922: '赣0923', 赣0923: '赣0921', 赣0924: '赣0922' }),
  );
  const courts = new CourtDirectory(circle.courts);
  expect(['赣0921', '赣0922', '赣0923', '赣0924'].map((c) => courts.successorOf(c).code)).toEqual([
    '赣0921',
    '赣0921',
    '赣0921',
    '赣0921',
  ]);
  expect(circle.problems).toEqual([
    'courts 赣0921, 赣0922, 赣0923: their merges run in a circle; 赣0921 stands, the others are merged into it',
  ]);
  // A merge into a court that is not there is undone.
  const unknown = withFollowableMerges(merged({ 赣0921: '赣0999' }));
  expect(new CourtDirectory(unknown.courts).successorOf('赣0921').code).toBe('赣0921');
  expect(unknown.problems).toEqual(['court 赣0921: merged into unknown 赣0999; it stands for itself']);
  // A directory that follows is left as it is.
  expect(withFollowableMerges(merged({ 赣0921: '赣0922' })).problems).toEqual([]);
});
