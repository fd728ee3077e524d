import { type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type OrderDetail, problemText } from '../../api/client';
import { CATEGORY, CHANNEL, CLOSE_REASON, LEVEL, ORDER_STATUS, RATING, ROLE } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';
import { historySentence } from '../history-text';
import { lazyWithAntd } from '../lazy-antd';
import { Stepper } from '../Stepper';
import {
  Button,
  CheckedForm,
  Choices,
  Facts,
  Field,
  Loading,
  Notice,
  Panel,
  Tag,
  useRequired,
  useToast,
} from '../ui';

/** Issue 20: only a closed order's supervisors need it, so it loads then (with Ant Design). */
const NominateCaseCard = lazyWithAntd<{ orderId: string }>(() =>
  import('./NominateCaseCard').then((m) => ({ default: m.NominateCaseCard })),
);

// Only agents review returns: the court picker (a searchable Select) loads when they need it.
const ReturnDecisionForm = lazyWithAntd(() => import('./ReturnDecisionForm'));

/**
 * One order: its state, deadline, ladder and full history, and the actions the person may take.
 * The link in every email: a first load, so plain elements (ui.tsx), no Ant Design.
 */
export default function OrderPage() {
  const { orderId = '' } = useParams();
  const { api, courts, person } = useDesk();
  const message = useToast();
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const { data, error: refused } = await api.GET('/v1/orders/{orderId}', { params: { path: { orderId } } });
    if (data) setOrder(data);
    else setError(problemText(refused));
  }, [api, orderId]);
  useEffect(() => {
    load();
  }, [load]);

  if (error) return <Notice type="warning" title="无法查看此工单" description={error} />;
  if (!order) return <Loading />;

  const path = { params: { path: { orderId } } };
  /** Runs one action; success reloads the order, a refusal says why. */
  const act = async <T,>(
    label: string,
    call: () => Promise<{ error?: unknown; data?: T }>,
    then?: (done: T) => void,
  ) => {
    const { error: refused, data } = await call();
    if (!data) message.error(problemText(refused));
    else {
      message.success(`${label}成功`);
      then?.(data);
      await load();
    }
  };
  // The API says what this person may do now (the same rules its action routes enforce).
  const actions = order.actions;
  const panels: ReactNode[] = [];
  if (actions.includes('accept'))
    panels.push(
      <div key="accept">
        <Button
          kind="primary"
          onClick={() => act('签收', () => api.POST('/v1/orders/{orderId}/accept', path))}
        >
          签收
        </Button>
      </div>,
    );
  if (actions.includes('reply'))
    panels.push(
      <TextAction
        key="reply"
        label="答复内容"
        shownLabel
        rows={4}
        maxLength={8000}
        required="请输入答复"
        button="提交答复"
        kind="primary"
        onSubmit={(answer) =>
          act('答复', () => api.POST('/v1/orders/{orderId}/reply', { ...path, body: { answer } }))
        }
      />,
    );
  if (actions.includes('return'))
    panels.push(
      <TextAction
        key="return"
        label="退回理由"
        placeholder="退回理由（派单后 1 个工作日内）"
        width={360}
        required="请填写退回理由"
        button="退回中心"
        onSubmit={(reason) =>
          act('退回', () => api.POST('/v1/orders/{orderId}/return', { ...path, body: { reason } }))
        }
      />,
    );
  if (actions.includes('extension'))
    panels.push(
      <ExtensionForm
        key="extension"
        onDone={(body) =>
          act('申请延期', () => api.POST('/v1/orders/{orderId}/extension', { ...path, body }))
        }
      />,
    );
  if (actions.includes('decideExtension'))
    panels.push(
      <DecideExtensionForm
        key="decide"
        onDone={(body) =>
          act('审批', () => api.POST('/v1/orders/{orderId}/extension/decision', { ...path, body }))
        }
      />,
    );
  if (actions.includes('review'))
    panels.push(
      <TextAction
        key="review"
        label="督办审核意见"
        shownLabel
        rows={3}
        required="请填写审核意见"
        button="审核办结"
        kind="primary"
        onSubmit={(note) =>
          act('审核', () => api.POST('/v1/orders/{orderId}/review', { ...path, body: { note } }))
        }
      />,
    );
  if (actions.includes('decideReturn'))
    panels.push(
      <Suspense key="decideReturn" fallback={<Loading />}>
        <ReturnDecisionForm
          order={order}
          onDone={(body) =>
            act(body.approved ? '改派' : '退回原法院', () =>
              api.POST('/v1/orders/{orderId}/return/decision', { ...path, body }),
            )
          }
        />
      </Suspense>,
    );
  if (actions.includes('urge'))
    panels.push(
      <TextAction
        key="urge"
        label="催办意见"
        placeholder="催办意见（立即邮件通知承办法院）"
        width={360}
        required="请填写催办意见"
        button="催办"
        onSubmit={(note) =>
          act('催办', () => api.POST('/v1/orders/{orderId}/urge', { ...path, body: { note: note.trim() } }))
        }
      />,
    );
  if (actions.includes('judgeReply'))
    panels.push(
      <TextAction
        key="rejectReply"
        label="不合格理由"
        placeholder="答复不合格的理由（回访前退回法院重新答复）"
        width={360}
        required="请填写不合格理由"
        button="答复不合格"
        kind="danger"
        onSubmit={(reason) =>
          act('退回重办', () =>
            api.POST('/v1/orders/{orderId}/reply/decision', {
              ...path,
              body: { accepted: false, reason: reason.trim() },
            }),
          )
        }
      />,
    );
  if (actions.includes('callback'))
    panels.push(
      <CallbackForm
        key="callback"
        onDone={(body) =>
          act(
            '回访登记',
            () => api.POST('/v1/orders/{orderId}/callback', { ...path, body }),
            // The third failed attempt sends the citizen the rating SMS: the agent is told at once.
            (done) => {
              if (done.history.at(-1)?.details?.ratingSms === true)
                message.info(`第 ${done.callbackAttempts} 次未接通：已向群众发送评价短信`);
            },
          )
        }
      />,
    );

  const ext = order.extension;
  const returned =
    order.status === 'returned' ? order.history.findLast((h) => h.action === 'returned') : undefined;
  return (
    <div className="desk-stack" style={{ maxWidth: 1000 }}>
      <Panel
        title={
          <>
            <span>工单 {order.orderId}</span>
            <Tag testId="order-status" color={order.status === 'closed' ? 'default' : 'processing'}>
              {ORDER_STATUS[order.status]}
            </Tag>
            {order.late && <Tag color="red">超期</Tag>}
            {order.escalationLevel > 0 && <Tag color="volcano">{LEVEL[order.escalationLevel]}</Tag>}
            {order.reopenCount > 0 && <Tag color="purple">重办 {order.reopenCount}</Tag>}
            {order.reviewPending && <Tag color="gold">待督办审核</Tag>}
          </>
        }
      >
        <Facts
          items={[
            { label: '承办法院', content: courts.name(order.courtCode) },
            { label: '涉及法院', content: courts.name(order.subjectCourtCode) },
            { label: '类别', content: CATEGORY[order.category] },
            { label: '渠道', content: CHANNEL[order.channel] },
            { label: '派单时间', content: beijing(order.dispatchedAt) },
            { label: '答复期限', content: <span data-testid="deadline">{beijing(order.deadline)}</span> },
            { label: '督办阶梯', content: <Ladder order={order} />, wide: true },
            { label: '督办法院', content: courts.name(order.supervisingCourtCode) },
            { label: '回访期限', content: beijing(order.callbackDeadline) },
            { label: '回访未接通', content: `${order.callbackAttempts} 次` },
            returned && {
              label: '退回理由',
              wide: true,
              content: (
                <span data-testid="return-reason">
                  {courts.name(order.courtCode)} · {beijing(returned.at)} · {returned.note ?? '—'}
                </span>
              ),
            },
            ext && {
              label: '延期',
              wide: true,
              content: `${ext.workingDays} 个工作日 · ${
                ext.status === 'pending' ? '待审批' : ext.status === 'approved' ? '已批准' : '已驳回'
              } · ${ext.reason}`,
            },
            !!order.answer && { label: '法院答复', content: order.answer, wide: true },
            order.rating && { label: '评价', content: RATING[order.rating] },
            order.closeReason && { label: '办结方式', content: CLOSE_REASON[order.closeReason] },
          ]}
        />
      </Panel>
      {order.request && (
        <Panel title="诉求" small>
          <Facts
            plain
            items={[
              {
                label: '查询编号',
                content:
                  person.role === 'agent' ? (
                    <Link to={`/requests/${order.trackingNo}`}>{order.trackingNo}</Link>
                  ) : (
                    order.trackingNo
                  ),
              },
              { label: '案号', content: order.request.caseNumber ?? '—' },
              { label: '姓名', content: order.request.contact.name },
              { label: '电话', content: order.request.contact.phone },
              { label: '内容', content: order.request.content ?? '（已脱敏）', wide: true },
            ]}
          />
        </Panel>
      )}
      <Panel title="办理" small testId="actions">
        {panels.length ? (
          <div className="desk-form">{panels}</div>
        ) : (
          <Notice type="info" title="您对此工单没有可办理的操作" />
        )}
      </Panel>
      {order.status === 'closed' && person.role === 'supervisor' && (
        <Suspense fallback={<Loading />}>
          <NominateCaseCard orderId={order.orderId} />
        </Suspense>
      )}
      <Panel title="办理记录" small>
        <ol className="desk-history" data-testid="history">
          {order.history.map((h) => (
            <li
              key={`${h.at}-${h.action}`}
              data-tone={h.action === 'escalated' ? 'red' : h.action === 'warning' ? 'orange' : undefined}
            >
              <div>{historySentence(h, (code) => courts.name(code))}</div>
              <div className="desk-history-meta">
                {beijing(h.at)} · {ROLE[h.by.role]}
                {h.by.role === 'system' ? '' : ` ${h.by.sub}`}
              </div>
              {h.note && <div>{h.note}</div>}
            </li>
          ))}
        </ol>
      </Panel>
    </div>
  );
}

/** One text and a button: the actions that take an answer, a reason or a note. */
function TextAction({
  label,
  shownLabel,
  placeholder,
  rows,
  maxLength,
  width,
  required,
  button,
  kind,
  onSubmit,
}: {
  /** The field's accessible name (and its visible label with `shownLabel`). */
  label: string;
  shownLabel?: boolean;
  placeholder?: string;
  /** A text area of this many rows; otherwise one line. */
  rows?: number;
  maxLength?: number;
  width?: number;
  /** What is said when it is left empty. */
  required: string;
  button: string;
  kind?: 'primary' | 'danger';
  onSubmit: (text: string) => void;
}) {
  const { errors, check } = useRequired({ text: required });
  const props = {
    className: 'desk-input',
    'aria-label': label,
    name: 'text',
    placeholder,
    maxLength,
    'aria-invalid': errors.text ? true : undefined,
  };
  return (
    <CheckedForm inline={!rows} check={check} onValues={(v) => onSubmit(v.text ?? '')}>
      <Field label={shownLabel ? label : undefined} error={errors.text}>
        {rows ? <textarea rows={rows} {...props} /> : <input style={{ width }} {...props} />}
      </Field>
      <div>
        <Button kind={kind} type="submit">
          {button}
        </Button>
      </div>
    </CheckedForm>
  );
}

function ExtensionForm({ onDone }: { onDone: (body: { reason: string; workingDays: number }) => void }) {
  const [workingDays, setWorkingDays] = useState(2);
  const { errors, check } = useRequired({ reason: '请填写延期理由' });
  return (
    <CheckedForm inline check={check} onValues={(v) => onDone({ reason: v.reason ?? '', workingDays })}>
      <Field error={errors.reason}>
        <input
          className="desk-input"
          aria-label="延期理由"
          name="reason"
          placeholder="延期理由"
          style={{ width: 280 }}
          aria-invalid={errors.reason ? true : undefined}
        />
      </Field>
      <div className="desk-field">
        <span>工作日</span>
        <Stepper
          label="延期工作日"
          unit="个工作日"
          min={1}
          max={5}
          value={workingDays}
          onChange={setWorkingDays}
        />
      </div>
      <div>
        <Button type="submit">申请延期（限一次）</Button>
      </div>
    </CheckedForm>
  );
}

function DecideExtensionForm({ onDone }: { onDone: (body: { approved: boolean; note: string }) => void }) {
  const { errors, check } = useRequired({ approved: '请选择' });
  return (
    <CheckedForm
      inline
      check={check}
      onValues={(v) => onDone({ approved: v.approved === 'yes', note: v.note ?? '' })}
    >
      <Field group error={errors.approved}>
        <Choices
          name="approved"
          label="延期审批"
          options={[
            { value: 'yes', label: '批准延期' },
            { value: 'no', label: '驳回' },
          ]}
        />
      </Field>
      <input className="desk-input" aria-label="审批意见" name="note" placeholder="审批意见" />
      <div>
        <Button kind="primary" type="submit">
          提交审批
        </Button>
      </div>
    </CheckedForm>
  );
}

type CallbackBody = { reached: false } | { reached: true; rating: keyof typeof RATING; comment?: string };

function CallbackForm({ onDone }: { onDone: (body: CallbackBody) => Promise<void> }) {
  const [reached, setReached] = useState<'yes' | 'no'>('yes');
  const { errors, check } = useRequired<'rating'>(reached === 'yes' ? { rating: '请选择评价' } : {});
  return (
    <CheckedForm
      check={check}
      onValues={(v) =>
        onDone(
          reached === 'yes'
            ? {
                reached: true,
                rating: v.rating as keyof typeof RATING,
                ...(v.comment ? { comment: v.comment } : {}),
              }
            : { reached: false },
        )
      }
    >
      <Field label="回访结果" group>
        <Choices
          name="reached"
          value={reached}
          onChange={setReached}
          options={[
            { value: 'yes', label: '已接通' },
            { value: 'no', label: '未接通' },
          ]}
        />
      </Field>
      {reached === 'yes' && (
        <>
          <Field label="群众评价" group error={errors.rating}>
            <Choices
              name="rating"
              options={Object.entries(RATING).map(([value, label]) => ({ value, label }))}
            />
          </Field>
          <Field label="意见">
            <input className="desk-input" aria-label="回访意见" name="comment" />
          </Field>
        </>
      )}
      <div>
        <Button kind="primary" type="submit">
          登记回访
        </Button>
      </div>
    </CheckedForm>
  );
}

const STAGE_STARTS = new Set([
  'dispatched',
  'returned',
  'return_rejected',
  'replied',
  'reply_rejected',
  'review_requested',
  'extension_approved',
]);
const STEPS = [
  { label: '预警（75%）', sent: (h: OrderDetail['history'][number]) => h.action === 'warning' },
  {
    label: '一级督办（到期）',
    sent: (h: OrderDetail['history'][number]) => h.action === 'escalated' && h.details?.level === 1,
  },
  {
    label: '二级督办（超期1日）',
    sent: (h: OrderDetail['history'][number]) => h.action === 'escalated' && h.details?.level === 2,
  },
  {
    label: '三级通报（超期3日）',
    sent: (h: OrderDetail['history'][number]) => h.action === 'escalated' && h.details?.level === 3,
  },
];

/** The ladder of the stage the order is in now: which steps have gone out (red) and which are still ahead. */
function Ladder({ order }: { order: OrderDetail }) {
  if (order.status === 'closed') return <span>—</span>;
  let start = 0;
  order.history.forEach((h, i) => {
    if (STAGE_STARTS.has(h.action)) start = i;
  });
  const current = order.history.slice(start);
  return (
    <span className="desk-row" data-testid="ladder">
      {STEPS.map((step) => {
        const sent = current.find(step.sent);
        return (
          <Tag key={step.label} color={sent ? (step.label.startsWith('预警') ? 'orange' : 'red') : undefined}>
            {step.label}
            {sent ? ` · ${beijing(sent.at)}` : ''}
          </Tag>
        );
      })}
    </span>
  );
}
