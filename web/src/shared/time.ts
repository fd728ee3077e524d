const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A UTC instant from the API, as Beijing wall time (the courts' time). */
export function beijing(iso: string | null | undefined): string {
  return iso ? fmt.format(new Date(iso)) : '—';
}

/** `YYYY-MM-DD` of an instant in Shanghai. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
