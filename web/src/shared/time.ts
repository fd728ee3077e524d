/** Beijing wall time, in parts: every time a person reads is written from these, in Chinese form. */
const parts = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function wall(iso: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return {
    year: p.year ?? '',
    month: p.month ?? '',
    day: p.day ?? '',
    hour: p.hour ?? '',
    minute: p.minute ?? '',
  };
}

/** A UTC instant from the API, as Beijing wall time (the courts' time): `2026年12月7日 17:30`. */
export function beijing(iso: string | null | undefined): string {
  if (!iso) return '—';
  const w = wall(iso);
  return `${w.year}年${w.month}月${w.day}日 ${w.hour}:${w.minute}`;
}

/** A deadline inside a sentence, without the year: `12月7日 17:30`. */
export function beijingDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const w = wall(iso);
  return `${w.month}月${w.day}日 ${w.hour}:${w.minute}`;
}

/** A day (`YYYY-MM-DD`, a Shanghai date) in Chinese form: `12月2日`. */
export function chineseDate(date: string): string {
  const [, month, day] = date.split('-');
  return `${Number(month)}月${Number(day)}日`;
}

/** `YYYY-MM-DD` of an instant in Shanghai. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
