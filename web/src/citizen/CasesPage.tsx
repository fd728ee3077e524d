import { useEffect, useState } from 'react';
import { type Api, problemText, type Schemas } from '../api/client';
import { CATEGORY } from '../shared/labels';
import { Shell } from './Shell';

type Case = Schemas['TypicalCase'];

/**
 * 典型案例: the cases the center published. Only what the API publishes is shown: the staff's
 * summary, the category, the month and the handling court (none for a complaint).
 */
export function CasesPage({ api }: { api: Api }) {
  const [cases, setCases] = useState<Case[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null) => {
    const { data, error: refused } = await api.GET('/v1/typical-cases', {
      params: { query: { limit: 20, ...(after ? { cursor: after } : {}) } },
    });
    if (!data) return setError(problemText(refused));
    setCases((shown) => [...(after ? (shown ?? []) : []), ...data.items]);
    setCursor(data.nextCursor);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page, once
  useEffect(() => {
    load(null);
  }, []);

  return (
    <Shell title="典型案例">
      {error && <p className="error">{error}</p>}
      {cases?.length === 0 && <p className="muted">暂无发布的典型案例。</p>}
      {cases?.map((c) => (
        <article key={c.caseId} className="case">
          <h2>{c.title}</h2>
          <p className="muted">
            {CATEGORY[c.category]} · {c.month.replace('-', '年')}月{c.courtName ? ` · ${c.courtName}` : ''}
          </p>
          <p>{c.summary}</p>
        </article>
      ))}
      {cursor && (
        <button type="button" onClick={() => load(cursor)}>
          更多案例
        </button>
      )}
      <p>
        <a href="/">返回首页</a>
      </p>
    </Shell>
  );
}
