import { type Api, problemText, type Schemas } from '../api/client';
import { fieldMessage } from '../api/problems';
import { actionLabel, CATEGORY, CLOSE_REASON, ORDER_STATUS, REQUEST_STATUS } from '../shared/labels';
import { beijing } from '../shared/time';
import { alertLine, h, row, shell, show } from './dom';

type Found = Schemas['RequestWithOrder'];

/**
 * Following a request: the tracking number is in the URL (a link can carry it), the access code
 * never is (it is typed, and sent only as the X-Access-Code header).
 */
export function trackPage(api: Api): HTMLElement {
  const trackingNo = h('input', {
    id: 'trackingNo',
    value: new URLSearchParams(window.location.search).get('no') ?? '',
    autocomplete: 'off',
  });
  const accessCode = h('input', { id: 'accessCode', inputmode: 'numeric', autocomplete: 'off' });
  const said = h('div', {});
  const result = h('div', {});

  const submit = async (e: Event) => {
    e.preventDefault();
    const no = trackingNo.value.trim();
    const code = accessCode.value.trim();
    show(result);
    if (!no || !code) {
      return show(said, alertLine(fieldMessage(no ? 'accessCode' : 'trackingNo', { missing: true })));
    }
    show(said);
    const { data, error } = await api.GET('/v1/requests/{trackingNo}', {
      params: { path: { trackingNo: no }, header: { 'X-Access-Code': code } },
    });
    if (!data) return show(said, alertLine(problemText(error)));
    show(result, progress(data));
    window.history.replaceState(null, '', `/track?no=${encodeURIComponent(no)}`);
  };

  return shell(
    '查询办理进度',
    h(
      'form',
      { noValidate: true, onSubmit: submit },
      h('label', { for: 'trackingNo' }, '查询编号'),
      trackingNo,
      h('label', { for: 'accessCode' }, '查询码'),
      accessCode,
      said,
      h('button', { type: 'submit', className: 'primary' }, '查询'),
    ),
    result,
  );
}

function progress(found: Found): HTMLElement {
  const order = found.order && 'history' in found.order ? found.order : null;
  const answer = order?.answer ?? found.answer;
  return h(
    'section',
    { className: 'card', 'data-testid': 'progress' },
    row('类别', CATEGORY[found.category]),
    row('状态', order ? ORDER_STATUS[order.status] : REQUEST_STATUS[found.status], {
      'data-testid': 'status',
    }),
    row('提交时间', beijing(found.createdAt)),
    order && row('答复期限', beijing(order.deadline)),
    answer && row('答复', answer),
    order?.closeReason && row('办结', CLOSE_REASON[order.closeReason]),
    order &&
      h(
        'ol',
        { className: 'history' },
        order.history.map((entry) => h('li', {}, `${beijing(entry.at)} ${actionLabel(entry.action)}`)),
      ),
  );
}
