import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Space, Spin, Tag, Timeline } from 'antd';
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type OrderDetail, problemText } from '../../api/client';
import { CATEGORY, CHANNEL, CLOSE_REASON, LEVEL, ORDER_STATUS, RATING, ROLE } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';
import { historySentence } from '../history-text';
import { Stepper } from '../Stepper';

/** Issue 20: only a closed order's supervisors need it, so it loads then. */
const NominateCaseCard = lazy(() =>
  import('./NominateCaseCard').then((m) => ({ default: m.NominateCaseCard })),
);

// Only agents review returns: the court picker (a searchable Select) loads when they need it.
const ReturnDecisionForm = lazy(() => import('./ReturnDecisionForm'));

/** One order: its state, deadline, ladder and full history, and the actions the person may take. The link in every email. */
export default function OrderPage() {
  const { orderId = '' } = useParams();
  const { api, courts, person } = useDesk();
  const { message } = App.useApp();
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

  if (error) return <Alert type="warning" showIcon title="无法查看此工单" description={error} />;
  if (!order) return <Spin />;

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
      <Button
        key="accept"
        type="primary"
        onClick={() => act('签收', () => api.POST('/v1/orders/{orderId}/accept', path))}
      >
        签收
      </Button>,
    );
  if (actions.includes('reply'))
    panels.push(
      <Form
        key="reply"
        layout="vertical"
        onFinish={(v: { answer: string }) =>
          act('答复', () => api.POST('/v1/orders/{orderId}/reply', { ...path, body: v }))
        }
      >
        <Form.Item label="答复内容" name="answer" rules={[{ required: true, message: '请输入答复' }]}>
          <Input.TextArea aria-label="答复内容" rows={4} maxLength={8000} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          提交答复
        </Button>
      </Form>,
    );
  if (actions.includes('return'))
    panels.push(
      <Form
        key="return"
        layout="inline"
        onFinish={(v: { reason: string }) =>
          act('退回', () => api.POST('/v1/orders/{orderId}/return', { ...path, body: v }))
        }
      >
        <Form.Item name="reason" rules={[{ required: true, message: '请填写退回理由' }]}>
          <Input aria-label="退回理由" placeholder="退回理由（派单后 1 个工作日内）" style={{ width: 360 }} />
        </Form.Item>
        <Button htmlType="submit">退回中心</Button>
      </Form>,
    );
  if (actions.includes('extension'))
    panels.push(
      <Form
        key="extension"
        layout="inline"
        initialValues={{ workingDays: 2 }}
        onFinish={(v: { reason: string; workingDays: number }) =>
          act('申请延期', () => api.POST('/v1/orders/{orderId}/extension', { ...path, body: v }))
        }
      >
        <Form.Item name="reason" rules={[{ required: true, message: '请填写延期理由' }]}>
          <Input aria-label="延期理由" placeholder="延期理由" style={{ width: 280 }} />
        </Form.Item>
        <Form.Item name="workingDays" label="工作日">
          <Stepper label="延期工作日" unit="个工作日" min={1} max={5} />
        </Form.Item>
        <Button htmlType="submit">申请延期（限一次）</Button>
      </Form>,
    );
  if (actions.includes('decideExtension'))
    panels.push(
      <Form
        key="decide"
        layout="inline"
        onFinish={(v: { approved: 'yes' | 'no'; note?: string }) =>
          act('审批', () =>
            api.POST('/v1/orders/{orderId}/extension/decision', {
              ...path,
              body: { approved: v.approved === 'yes', note: v.note ?? '' },
            }),
          )
        }
      >
        <Form.Item name="approved" rules={[{ required: true, message: '请选择' }]}>
          <Radio.Group
            options={[
              { value: 'yes', label: '批准延期' },
              { value: 'no', label: '驳回' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note">
          <Input aria-label="审批意见" placeholder="审批意见" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          提交审批
        </Button>
      </Form>,
    );
  if (actions.includes('review'))
    panels.push(
      <Form
        key="review"
        layout="vertical"
        onFinish={(v: { note: string }) =>
          act('审核', () => api.POST('/v1/orders/{orderId}/review', { ...path, body: v }))
        }
      >
        <Form.Item label="督办审核意见" name="note" rules={[{ required: true, message: '请填写审核意见' }]}>
          <Input.TextArea aria-label="督办审核意见" rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          审核办结
        </Button>
      </Form>,
    );
  if (actions.includes('decideReturn'))
    panels.push(
      <Suspense key="decideReturn" fallback={<Spin />}>
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
      <Form
        key="urge"
        layout="inline"
        onFinish={(v: { note: string }) =>
          act('催办', () => api.POST('/v1/orders/{orderId}/urge', { ...path, body: { note: v.note.trim() } }))
        }
      >
        <Form.Item name="note" rules={[{ required: true, whitespace: true, message: '请填写催办意见' }]}>
          <Input
            aria-label="催办意见"
            placeholder="催办意见（立即邮件通知承办法院）"
            style={{ width: 360 }}
          />
        </Form.Item>
        <Button htmlType="submit">催办</Button>
      </Form>,
    );
  if (actions.includes('judgeReply'))
    panels.push(
      <Form
        key="rejectReply"
        layout="inline"
        onFinish={(v: { reason: string }) =>
          act('退回重办', () =>
            api.POST('/v1/orders/{orderId}/reply/decision', {
              ...path,
              body: { accepted: false, reason: v.reason.trim() },
            }),
          )
        }
      >
        <Form.Item name="reason" rules={[{ required: true, whitespace: true, message: '请填写不合格理由' }]}>
          <Input
            aria-label="不合格理由"
            placeholder="答复不合格的理由（回访前退回法院重新答复）"
            style={{ width: 360 }}
          />
        </Form.Item>
        <Button danger htmlType="submit">
          答复不合格
        </Button>
      </Form>,
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
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 1000 }}>
      <Card
        title={
          <Space>
            <span>工单 {order.orderId}</span>
            <Tag data-testid="order-status" color={order.status === 'closed' ? 'default' : 'processing'}>
              {ORDER_STATUS[order.status]}
            </Tag>
            {order.late && <Tag color="red">超期</Tag>}
            {order.escalationLevel > 0 && <Tag color="volcano">{LEVEL[order.escalationLevel]}</Tag>}
            {order.reopenCount > 0 && <Tag color="purple">重办 {order.reopenCount}</Tag>}
            {order.reviewPending && <Tag color="gold">待督办审核</Tag>}
          </Space>
        }
      >
        <Descriptions column={2} bordered size="small">
          <Descriptions.Item label="承办法院">{courts.name(order.courtCode)}</Descriptions.Item>
          <Descriptions.Item label="涉及法院">{courts.name(order.subjectCourtCode)}</Descriptions.Item>
          <Descriptions.Item label="类别">{CATEGORY[order.category]}</Descriptions.Item>
          <Descriptions.Item label="渠道">{CHANNEL[order.channel]}</Descriptions.Item>
          <Descriptions.Item label="派单时间">{beijing(order.dispatchedAt)}</Descriptions.Item>
          <Descriptions.Item label="答复期限">
            <span data-testid="deadline">{beijing(order.deadline)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="督办阶梯" span={2}>
            <Ladder order={order} />
          </Descriptions.Item>
          <Descriptions.Item label="督办法院">{courts.name(order.supervisingCourtCode)}</Descriptions.Item>
          <Descriptions.Item label="回访期限">{beijing(order.callbackDeadline)}</Descriptions.Item>
          <Descriptions.Item label="回访未接通">{order.callbackAttempts} 次</Descriptions.Item>
          {returned && (
            <Descriptions.Item label="退回理由" span={2}>
              <span data-testid="return-reason">
                {courts.name(order.courtCode)} · {beijing(returned.at)} · {returned.note ?? '—'}
              </span>
            </Descriptions.Item>
          )}
          {ext && (
            <Descriptions.Item label="延期" span={2}>
              {ext.workingDays} 个工作日 ·{' '}
              {ext.status === 'pending' ? '待审批' : ext.status === 'approved' ? '已批准' : '已驳回'} ·{' '}
              {ext.reason}
            </Descriptions.Item>
          )}
          {order.answer && (
            <Descriptions.Item label="法院答复" span={2}>
              {order.answer}
            </Descriptions.Item>
          )}
          {order.rating && <Descriptions.Item label="评价">{RATING[order.rating]}</Descriptions.Item>}
          {order.closeReason && (
            <Descriptions.Item label="办结方式">{CLOSE_REASON[order.closeReason]}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {order.request && (
        <Card title="诉求" size="small">
          <Descriptions column={2} size="small">
            <Descriptions.Item label="查询编号">
              {person.role === 'agent' ? (
                <Link to={`/requests/${order.trackingNo}`}>{order.trackingNo}</Link>
              ) : (
                order.trackingNo
              )}
            </Descriptions.Item>
            <Descriptions.Item label="案号">{order.request.caseNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="姓名">{order.request.contact.name}</Descriptions.Item>
            <Descriptions.Item label="电话">{order.request.contact.phone}</Descriptions.Item>
            <Descriptions.Item label="内容" span={2}>
              {order.request.content ?? '（已脱敏）'}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title="办理" size="small" data-testid="actions">
        {panels.length ? (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {panels}
          </Space>
        ) : (
          <Alert type="info" title="您对此工单没有可办理的操作" />
        )}
      </Card>
      {order.status === 'closed' && person.role === 'supervisor' && (
        <NominateCaseCard orderId={order.orderId} />
      )}
      <Card title="办理记录" size="small">
        <Timeline
          data-testid="history"
          items={order.history.map((h) => ({
            key: `${h.at}-${h.action}`,
            color: h.action === 'escalated' ? 'red' : h.action === 'warning' ? 'orange' : 'blue',
            content: (
              <div>
                <div>{historySentence(h, (code) => courts.name(code))}</div>
                <div style={{ color: '#888', fontSize: 12 }}>
                  {beijing(h.at)} · {ROLE[h.by.role]}
                  {h.by.role === 'system' ? '' : ` ${h.by.sub}`}
                </div>
                {h.note && <div>{h.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

type CallbackBody = { reached: false } | { reached: true; rating: keyof typeof RATING; comment?: string };

function CallbackForm({ onDone }: { onDone: (body: CallbackBody) => Promise<void> }) {
  const [reached, setReached] = useState(true);
  return (
    <Form
      layout="vertical"
      initialValues={{ reached: 'yes' }}
      onFinish={(v: { rating: keyof typeof RATING; comment?: string }) =>
        onDone(
          reached
            ? { reached: true, rating: v.rating, ...(v.comment ? { comment: v.comment } : {}) }
            : { reached: false },
        )
      }
    >
      <Form.Item label="回访结果" name="reached">
        <Radio.Group
          onChange={(e) => setReached(e.target.value === 'yes')}
          options={[
            { value: 'yes', label: '已接通' },
            { value: 'no', label: '未接通' },
          ]}
        />
      </Form.Item>
      {reached && (
        <>
          <Form.Item label="群众评价" name="rating" rules={[{ required: true, message: '请选择评价' }]}>
            <Radio.Group options={Object.entries(RATING).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="意见" name="comment">
            <Input aria-label="回访意见" />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit">
        登记回访
      </Button>
    </Form>
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
    <Space size={4} wrap data-testid="ladder">
      {STEPS.map((step) => {
        const sent = current.find(step.sent);
        return (
          <Tag key={step.label} color={sent ? (step.label.startsWith('预警') ? 'orange' : 'red') : undefined}>
            {step.label}
            {sent ? ` · ${beijing(sent.at)}` : ''}
          </Tag>
        );
      })}
    </Space>
  );
}
