import { type Api, problemText, type Schemas } from '../api/client';
import { codeText } from '../api/problems';
import { RATING } from '../shared/labels';
import { alertLine, h, row, shell, show } from './dom';

type Rating = keyof typeof RATING;
type TokenState = Schemas['EvaluationTokenState'];
const CHOICES: Rating[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

const QUESTION: Record<TokenState['channel'], string> = {
  callback: '您对法院的答复是否满意？',
  hotline: '您对本次热线服务是否满意？',
  window: '您对本次窗口服务是否满意？',
  web: '您对本次网上服务是否满意？',
  wechat: '您对本次微信服务是否满意？',
};

/**
 * The link in a rating SMS (or a window's QR code). The page first asks what the link rates
 * (GET /v1/evaluation-tokens/{token}): a used, expired or unknown link is said at once, with
 * nothing to choose; a good one names the court and the tracking number, then one tap, 提交, done.
 */
export function ratePage(api: Api): HTMLElement {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const body = h('div', {}, h('p', { className: 'muted' }, '正在打开评价链接…'));
  const page = shell('服务评价', body);
  if (!token) show(body, alertLine('评价链接不完整，请从短信中的链接进入。'));
  else
    api.GET('/v1/evaluation-tokens/{token}', { params: { path: { token } } }).then(({ data, error }) => {
      if (!data) {
        // A link cut short or made up: the same words as an unknown token.
        const code = (error as { error?: { code?: string } } | undefined)?.error?.code;
        return show(body, alertLine(code === 'not_found' ? codeText('unknown_token') : problemText(error)));
      }
      if (data.state === 'used')
        return show(body, h('p', { className: 'done', role: 'status' }, codeText('token_used')));
      if (data.state === 'expired')
        return show(body, alertLine(`${codeText('token_expired')}。如需反映意见，请拨打 12368。`));
      show(body, form(api, token, data));
    });
  return page;
}

function form(api: Api, token: string, rated: TokenState): HTMLElement {
  let rating: Rating | null = null;
  const said = h('div', {});
  const submit = h('button', { type: 'button', className: 'primary', disabled: true }, '提交');
  const comment = h('textarea', { id: 'comment', maxlength: 1000 });
  const labels = CHOICES.map((c) =>
    h(
      'label',
      { className: 'choice' },
      h('input', {
        type: 'radio',
        name: 'rating',
        value: c,
        onChange: () => {
          rating = c;
          for (const [i, l] of labels.entries()) l.classList.toggle('on', CHOICES[i] === c);
          submit.disabled = false;
        },
      }),
      RATING[c],
    ),
  );
  const wrap = h(
    'div',
    {},
    h(
      'section',
      { className: 'card', 'data-testid': 'rated' },
      row('评价对象', rated.courtName),
      rated.trackingNo && row('查询编号', rated.trackingNo),
      rated.windowCode && row('服务窗口', rated.windowCode),
    ),
    h(
      'fieldset',
      { className: 'choices', style: 'border:0;padding:0;margin:0' },
      h('legend', { className: 'note' }, QUESTION[rated.channel]),
      labels,
    ),
    h('label', { for: 'comment' }, '意见（选填）'),
    comment,
    said,
    submit,
  );
  submit.addEventListener('click', async () => {
    if (!rating) return;
    submit.disabled = true;
    show(said);
    const text = comment.value.trim();
    const { error } = await api.POST('/v1/evaluations', {
      body: { token, rating, ...(text ? { comment: text } : {}) },
    });
    if (error) {
      show(said, alertLine(problemText(error)));
      submit.disabled = false;
    } else show(wrap, h('p', { className: 'done', role: 'status' }, '感谢您的评价！'));
  });
  return wrap;
}
