import { Alert, Button, Card, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { CATEGORY, CHANNEL } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';

type Waiting = Schemas['InboxPage']['items'][number];

/** How long a request has waited, as an agent reads it: `3 天 2 小时`, `2 小时 5 分钟`, `5 分钟`. */
export function waited(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} 天 ${hours} 小时`;
  if (hours > 0) return `${hours} 小时 ${minutes % 60} 分钟`;
  return `${minutes} 分钟`;
}

/**
 * The agents' inbox (网上诉求): what citizens filed on the web and in WeChat that nobody has handled
 * yet, oldest first. Opening one leads to the request's page, where it is settled, made an order
 * or linked as a repeat, and so leaves the inbox.
 */
export default function InboxPage() {
  const { api } = useDesk();
  // A click on the menu entry of the page already open is a new visit: the list is read again.
  const visit = useLocation().key;
  const [rows, setRows] = useState<Waiting[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null) => {
    const { data, error: refused } = await api.GET('/v1/inbox', {
      params: { query: { limit: 50, ...(after ? { cursor: after } : {}) } },
    });
    if (!data) return setError(problemText(refused));
    setRows((before) => [...(after ? (before ?? []) : []), ...data.items]);
    setCursor(data.nextCursor);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again on each visit (visit changes)
  useEffect(() => {
    setRows(null);
    setError(null);
    load(null);
  }, [api, visit]);

  return (
    <Card title="网上诉求（网站、微信提交，待处理，先到先办）">
      {error && <Alert type="error" title={error} />}
      {rows === null ? (
        <Spin />
      ) : rows.length === 0 && !cursor ? (
        <p style={{ color: '#888' }}>暂无待处理的网上诉求</p>
      ) : (
        <table className="desk-table" data-testid="inbox">
          <thead>
            <tr>
              <th>查询编号</th>
              <th>渠道</th>
              <th>类别</th>
              <th>联系人</th>
              <th>提交时间</th>
              <th>已等待</th>
              <th>办理</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.requestId}>
                <td>{r.trackingNo}</td>
                <td>{CHANNEL[r.channel]}</td>
                <td>{CATEGORY[r.category]}</td>
                <td>
                  {r.contact.name} {r.contact.phone}
                </td>
                <td>{beijing(r.createdAt)}</td>
                <td>{waited(r.waitedMinutes)}</td>
                <td>
                  <Link to={`/requests/${r.trackingNo}`} aria-label={`处理诉求 ${r.trackingNo}`}>
                    处理
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <Button style={{ marginTop: 12 }} onClick={() => load(cursor)}>
          加载更多
        </Button>
      )}
    </Card>
  );
}
