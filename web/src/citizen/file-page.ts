import { type Api, NO_ANSWER, newIdempotencyKey, problemText, type Schemas } from '../api/client';
import { fieldMessage } from '../api/problems';
import { MAINLAND_MOBILE } from '../api/rules';
import { CATEGORY } from '../shared/labels';
import { courtPicker } from './court-picker';
import { alertLine, h, row, shell, show } from './dom';

type Body = Schemas['CreateRequest'];

/** The form's fields, by the API's path of each: its refusals land beside the field they name. */
const FIELDS = ['category', 'content', 'caseNumber', 'courtCode', 'contact.name', 'contact.phone'] as const;
type Field = (typeof FIELDS)[number];

/**
 * A citizen files a request on the web; the tracking number and access code are shown once. The
 * form checks what the API checks, in the same words (web/src/api/problems.ts) and by the same
 * pattern (the mobile number's, from the API's document), beside each field: never the browser's
 * own bubbles, which speak the browser's language. Without a case number the citizen chooses the
 * court (DOMAIN: an order goes to the court of the case number, else to the court chosen).
 */
export function filePage(api: Api): HTMLElement {
  const court = courtPicker('courtCode');
  const input = {
    category: h(
      'select',
      { id: 'category' },
      Object.entries(CATEGORY).map(([value, label]) => h('option', { value }, label)),
    ),
    content: h('textarea', { id: 'content', maxlength: 4000 }),
    caseNumber: h('input', { id: 'caseNumber', placeholder: '(2026)赣1126民初123号', maxlength: 60 }),
    courtCode: court.box,
    'contact.name': h('input', { id: 'name', maxlength: 50, autocomplete: 'name' }),
    'contact.phone': h('input', { id: 'phone', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 }),
  } satisfies Record<Field, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;
  const problem = Object.fromEntries(
    FIELDS.map((f) => [f, h('p', { className: 'field-error', id: `${input[f].id}-error` })]),
  ) as unknown as Record<Field, HTMLElement>;
  const said = h('div', {});
  const send = h('button', { type: 'submit', className: 'primary' }, '提交');
  const value = (f: Field) => (f === 'courtCode' ? court.code() : input[f].value.trim());

  // The courts that take new requests (a merged court's requests go to the one it merged into).
  api.GET('/v1/courts').then(({ data }) => {
    if (data) court.setCourts(data.items.filter((c) => !c.mergedInto));
  });

  /** Shows each field's problem beside it (or clears it); focuses the first. */
  const mark = (found: Partial<Record<Field, string>>) => {
    for (const f of FIELDS) {
      problem[f].textContent = found[f] ?? '';
      if (found[f]) {
        input[f].setAttribute('aria-invalid', 'true');
        input[f].setAttribute('aria-describedby', problem[f].id);
      } else input[f].removeAttribute('aria-invalid');
    }
    const first = FIELDS.find((f) => found[f]);
    if (first) input[first].focus();
    return first !== undefined;
  };

  // One key for this filing, kept across retries (a slow phone's lost answer is fetched again,
  // never filed twice); a corrected form after a refusal may reuse it, as nothing was filed.
  const key = newIdempotencyKey();
  const submit = async (e: Event) => {
    e.preventDefault();
    show(said);
    const found: Partial<Record<Field, string>> = {};
    for (const f of ['content', 'contact.name', 'contact.phone'] as const)
      if (!value(f)) found[f] = fieldMessage(f, { missing: true });
    if (!found['contact.phone'] && !MAINLAND_MOBILE.test(value('contact.phone')))
      found['contact.phone'] = fieldMessage('contact.phone', { code: 'invalid_format' });
    if (mark(found)) return;
    send.disabled = true;
    let answer: Awaited<ReturnType<typeof fileIt>>;
    try {
      answer = await fileIt();
    } catch {
      return show(said, alertLine(NO_ANSWER));
    } finally {
      send.disabled = false;
    }
    const { data, error } = answer;
    if (data) return page.replaceWith(receipt(data));
    // A field's refusal beside the field; anything else above the button.
    const details = (error as { error?: { code?: string; details?: unknown[] } }).error;
    const byField: Partial<Record<Field, string>> = {};
    if (details?.code === 'invalid_body')
      for (const d of (details.details ?? []) as Record<string, unknown>[]) {
        const f = FIELDS.find((x) => x === d.path);
        if (f) byField[f] = fieldMessage(f, d);
      }
    if (details?.code === 'invalid_case_number') byField.caseNumber = problemText(error);
    if (!mark(byField)) show(said, alertLine(problemText(error)));
  };

  const fileIt = () =>
    api.POST('/v1/requests', {
      headers: { 'Idempotency-Key': key },
      body: {
        channel: 'web',
        category: value('category') as Body['category'],
        content: value('content'),
        contact: { name: value('contact.name'), phone: value('contact.phone') },
        ...(value('caseNumber') ? { caseNumber: value('caseNumber') } : {}),
        ...(value('courtCode') ? { courtCode: value('courtCode') } : {}),
      },
    });

  const field = (f: Field, label: string) => [
    h('label', { for: input[f].id }, label),
    f === 'courtCode' ? court.element : input[f],
    problem[f],
  ];
  const page = shell(
    '提交诉求',
    h(
      'form',
      { noValidate: true, onSubmit: submit },
      field('category', '诉求类别'),
      field('content', '诉求内容'),
      field('caseNumber', '案号（选填）'),
      field('courtCode', '涉及法院（无案号时选择）'),
      field('contact.name', '姓名'),
      field('contact.phone', '手机号码'),
      said,
      send,
    ),
  );
  return page;
}

function receipt(created: Schemas['CreatedRequest']): HTMLElement {
  return shell(
    '诉求已提交',
    h(
      'div',
      { className: 'card', 'data-testid': 'receipt' },
      row('查询编号', created.trackingNo, { className: 'secret', 'data-testid': 'tracking-no' }),
      row('查询码', created.accessCode, { className: 'secret', 'data-testid': 'access-code' }),
    ),
    h('p', { className: 'note' }, '请记下查询编号和查询码，凭二者查询办理进度。查询码只显示这一次。'),
    h('a', { href: `/track?no=${encodeURIComponent(created.trackingNo)}` }, '查询办理进度'),
  );
}
