import { useEffect, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { type Api, type OrderSummary, problemText } from '../../api/client';
import { CATEGORY, LEVEL, ORDER_STATUS } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';
import { Choices, Loading, Notice, Panel, Tag } from '../ui';

type Queue = 'orders' | 'callbacks' | 'returns' | 'extensions' | 'late' | 'supervision';
type Status = OrderSummary['status'];

interface QueueDef {
  title: string;
  /** What the list API can filter; the rest is filtered here. */
  query?: { status?: Status; late?: 'true' };
  keep?: (o: OrderSummary) => boolean;
  /** The time the queue is worked in order of (soonest first). */
  due: (o: OrderSummary) => string | null;
  dueLabel: string;
}

const QUEUES: Record<Queue, QueueDef> = {
  orders: { title: '工单', due: (o) => (o.status === 'closed' ? null : o.deadline), dueLabel: '答复期限' },
  callbacks: {
    title: '回访队列（已答复，按回访期限）',
    query: { status: 'replied' },
    keep: (o) => !o.reviewPending,
    due: (o) => o.callbackDeadline,
    dueLabel: '回访期限',
  },
  returns: {
    title: '退回待审核（同意则改派，不同意则退回原法院）',
    query: { status: 'returned' },
    due: (o) => o.deadline,
    dueLabel: '原答复期限',
  },
  extensions: {
    title: '延期审批',
    keep: (o) => o.extension?.status === 'pending',
    due: (o) => o.deadline,
    dueLabel: '答复期限',
  },
  late: {
    title: '超期工单（含下级法院）',
    query: { late: 'true' },
    due: (o) => o.deadline,
    dueLabel: '答复期限',
  },
  supervision: {
    title: '督办工单（重办与待审核）',
    keep: (o) => o.status !== 'closed' && (o.supervisingCourtCode !== null || o.reviewPending),
    due: (o) => o.deadline,
    dueLabel: '答复期限',
  },
};

/** Every page of a list (a queue is a few hundred orders at most). */
async function listAll(api: Api, query: QueueDef['query']): Promise<OrderSummary[]> {
  const items: OrderSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const { data, error } = await api.GET('/v1/orders', {
      params: { query: { ...query, limit: 100, cursor } },
    });
    if (!data) throw new Error(problemText(error));
    items.push(...data.items);
    if (!data.nextCursor) break;
    cursor = data.nextCursor;
  }
  return items;
}

/** A queue of orders, soonest deadline first, with late and escalation badges; filters live in the URL. */
export default function QueuePage({ queue }: { queue: Queue }) {
  const { api, courts, person } = useDesk();
  const def = QUEUES[queue];
  const [params, setParams] = useSearchParams();
  const status = queue === 'orders' ? ((params.get('status') as Status | null) ?? undefined) : undefined;
  const [rows, setRows] = useState<OrderSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A click on the menu entry of the queue already open is a new visit: the list is read again.
  const visit = useLocation().key;

  // biome-ignore lint/correctness/useExhaustiveDependencies: read again on each visit (visit changes)
  useEffect(() => {
    setRows(null);
    listAll(api, { ...def.query, ...(status ? { status } : {}) })
      .then((items) => {
        const kept = def.keep ? items.filter(def.keep) : items;
        const key = (o: OrderSummary) => def.due(o) ?? '9999';
        setRows(kept.sort((a, b) => key(a).localeCompare(key(b))));
      })
      .catch((e: unknown) => setError(String(e)));
  }, [api, def, status, visit]);

  const title =
    queue === 'orders'
      ? `${courts.name(person.court)}${person.role === 'handler' ? '' : '及下级法院'}工单`
      : def.title;
  return (
    <Panel
      title={title}
      extra={
        queue === 'orders' && (
          <Choices
            segmented
            label="状态筛选"
            name="status"
            value={status ?? ''}
            onChange={(v) => setParams(v ? { status: v } : {})}
            options={[
              { value: '', label: '全部' },
              ...Object.entries(ORDER_STATUS).map(([value, label]) => ({ value, label })),
            ]}
          />
        )
      }
    >
      {error && <Notice type="error" title={error} />}
      {rows === null ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p style={{ color: '#888' }}>暂无工单</p>
      ) : (
        // A plain table: a queue is read, not sorted or filtered by hand (the queue's order is its purpose),
        // and antd's Table would double the weight of the page a handler opens first.
        <table className="desk-table">
          <thead>
            <tr>
              <th>工单编号</th>
              <th>类别</th>
              <th>承办法院</th>
              <th>状态</th>
              <th>{def.dueLabel}</th>
              <th>标记</th>
              {queue === 'returns' && <th>办理</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.orderId}>
                <td>
                  <Link to={`/orders/${o.orderId}`}>{o.orderId}</Link>
                </td>
                <td>{CATEGORY[o.category]}</td>
                <td>{courts.name(o.courtCode)}</td>
                <td>{ORDER_STATUS[o.status]}</td>
                <td>{beijing(def.due(o))}</td>
                <td>
                  <Badges o={o} queue={queue} />
                </td>
                {queue === 'returns' && (
                  <td>
                    {/* The order's page opens on the return decision: the return's reason, then approve or reject. */}
                    <Link to={`/orders/${o.orderId}`} aria-label={`审核退单 ${o.orderId}`}>
                      审核退单
                    </Link>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function Badges({ o, queue }: { o: OrderSummary; queue: Queue }) {
  const { courts } = useDesk();
  return (
    <span className="desk-row">
      {o.late && <Tag color="red">超期</Tag>}
      {o.escalationLevel > 0 && <Tag color="volcano">{LEVEL[o.escalationLevel]}</Tag>}
      {o.callbackEscalationLevel > 0 && <Tag color="orange">回访{LEVEL[o.callbackEscalationLevel]}</Tag>}
      {o.reopenCount > 0 && <Tag color="purple">重办 {o.reopenCount}</Tag>}
      {o.supervisingCourtCode && o.status !== 'closed' && (
        <Tag color="blue">督办：{courts.name(o.supervisingCourtCode)}</Tag>
      )}
      {o.reviewPending && <Tag color="gold">待审核</Tag>}
      {o.extension?.status === 'pending' && <Tag color="cyan">延期待批</Tag>}
      {queue === 'callbacks' && o.callbackAttempts > 0 && <Tag>未接通 {o.callbackAttempts}</Tag>}
    </span>
  );
}
