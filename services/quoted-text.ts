/**
 * Text a person wrote (an urge note, an extension decision's note) as it appears inside one of the
 * center's emails: quoted, so it can never pass for the email's own lines or links (issue 24: a note
 * with a newline and `请登录工作台处理：http://evil.example/…` read as our own desk link).
 *
 * - Every line of it starts with `> `, a prefix none of the email's own lines has, under a label
 *   that says it is quoted.
 * - Links in it are defanged (`http://a.example` → `http[:]//a[.]example`), so no mail client turns
 *   them into something to click: the only links in our emails are ours. The order's history keeps
 *   the note as written.
 */
export function quotedLines(label: string, text: string): string[] {
  const lines = text
    .split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/)
    .map((line) => line.trimEnd())
    .filter((line, i, all) => line !== '' || (i > 0 && i < all.length - 1));
  if (lines.length === 0) return [];
  return [`${label}（以下为原文引用）：`, ...lines.map((line) => `> ${defang(line)}`)];
}

/** `https://evil.example/x` → `https[:]//evil[.]example/x`: read as written, never a link. */
function defang(line: string): string {
  return (
    line
      .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, '$1[:]//')
      // A host name (a letter or digit, a dot, two letters): mail clients link it even without a scheme.
      .replace(/(?<=[a-z0-9-])\.(?=[a-z]{2,})/gi, '[.]')
  );
}
