/**
 * How a court picker lists and finds courts, for the desk's (React) and the citizen's (plain DOM):
 * an agent on a call types any part of a name, a short name or the code (弋阳, 上饶, 赣1126) with
 * a Chinese input method, and chooses among the few that match instead of scrolling 115 names.
 */

/** What a picker needs of a court (the API's court has more). */
export interface PickableCourt {
  code: string;
  name: string;
  shortName: string;
  level: 'high' | 'intermediate' | 'basic';
  parentCode: string | null;
}

/** A court as a picker shows it: `名称（代码）`, so that the code a caller reads out is found too. */
export const courtLabel = (c: PickableCourt): string => `${c.name}（${c.code}）`;

/** What a picker says when nothing matches. */
export const NO_MATCHING_COURT = '无匹配的法院';

/**
 * The courts as a picker lists them: the high court, then each intermediate court followed by the
 * basic courts below it (`basic` marks those, to be indented); courts whose parent is not in the
 * list keep their place at the end rather than vanish.
 */
export function treeOrder<C extends PickableCourt>(courts: readonly C[]): { court: C; basic: boolean }[] {
  const listed: { court: C; basic: boolean }[] = [];
  const seen = new Set<string>();
  const add = (c: C, basic: boolean) => {
    if (seen.has(c.code)) return;
    seen.add(c.code);
    listed.push({ court: c, basic });
  };
  for (const c of courts) if (c.level === 'high') add(c, false);
  for (const mid of courts.filter((c) => c.level === 'intermediate')) {
    add(mid, false);
    for (const c of courts) if (c.parentCode === mid.code) add(c, true);
  }
  for (const c of courts) add(c, c.level === 'basic');
  return listed;
}

/**
 * The listed courts that `typed` finds: its text (spaces ignored, Latin letters in any case) in
 * the name, short name or code; and under an intermediate court it finds by name, every court
 * below it (上饶 finds 弋阳县人民法院, as a caller says "上饶的法院"). Nothing typed: all.
 */
export function matchCourts<T extends { court: PickableCourt }>(listed: readonly T[], typed: string): T[] {
  const q = typed.replace(/\s+/g, '').toUpperCase();
  if (!q) return [...listed];
  const hit = (c: PickableCourt) =>
    c.name.includes(q) || c.shortName.includes(q) || c.code.toUpperCase().includes(q);
  const parents = new Set(
    listed.filter((l) => l.court.level === 'intermediate' && hit(l.court)).map((l) => l.court.code),
  );
  return listed.filter(
    (l) => hit(l.court) || (l.court.parentCode !== null && parents.has(l.court.parentCode)),
  );
}
