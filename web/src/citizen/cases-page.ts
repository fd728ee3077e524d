import { type Api, problemText } from '../api/client';
import { CATEGORY } from '../shared/labels';
import { alertLine, h, shell, show } from './dom';

/**
 * 典型案例: the cases the center published. Only what the API publishes is shown: the staff's
 * summary, the category, the month and the handling court (none for a complaint).
 */
export function casesPage(api: Api): HTMLElement {
  const list = h('div', {});
  const more = h('div', {});
  const load = async (after: string | null) => {
    const { data, error } = await api.GET('/v1/typical-cases', {
      params: { query: { limit: 20, ...(after ? { cursor: after } : {}) } },
    });
    if (!data) return show(more, alertLine(problemText(error)));
    if (!after && data.items.length === 0)
      list.append(h('p', { className: 'muted' }, '暂无发布的典型案例。'));
    for (const c of data.items)
      list.append(
        h(
          'article',
          { className: 'case' },
          h('h2', {}, c.title),
          h(
            'p',
            { className: 'muted' },
            `${CATEGORY[c.category]} · ${c.month.replace('-', '年')}月${c.courtName ? ` · ${c.courtName}` : ''}`,
          ),
          h('p', {}, c.summary),
        ),
      );
    const next = data.nextCursor;
    show(more, next && h('button', { type: 'button', onClick: () => load(next) }, '更多案例'));
  };
  load(null);
  return shell('典型案例', list, more, h('p', {}, h('a', { href: '/' }, '返回首页')));
}
