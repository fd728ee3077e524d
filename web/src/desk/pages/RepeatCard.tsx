import { Alert, App, Button, Card, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { CATEGORY, ORDER_STATUS, REQUEST_STATUS } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';

type Earlier = Schemas['CallerRequestPage']['items'][number];

/**
 * Issue 20, repeat requests (重复诉求): the caller's earlier requests with their orders' state, the
 * likely match marked by the API (the same case number, or the same court and category in 60
 * days), and the action that links this request to one of them: no order of its own, the matter's
 * open order urged.
 */
export function RepeatCard({
  request,
  onLinked,
}: {
  request: Schemas['RequestWithOrder'];
  onLinked: () => void;
}) {
  const { api, courts } = useDesk();
  const { message } = App.useApp();
  const [items, setItems] = useState<Earlier[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      const { data, error: refused } = await api.GET('/v1/requests', {
        params: {
          query: {
            phone: request.contact.phone,
            // The match is judged on what this request says, this request left out.
            forRequest: request.trackingNo,
            limit: 20,
          },
        },
      });
      if (!data) return setError(problemText(refused));
      setItems(data.items.filter((i) => i.requestId !== request.requestId));
    })();
  }, [api, request]);

  if (error) return <Alert type="warning" title={`未能查询来电记录：${error}`} />;
  if (!items || items.length === 0) return null;
  const link = async (trackingNo: string) => {
    const { data, error: refused } = await api.POST('/v1/requests/{requestId}/link', {
      params: { path: { requestId: request.requestId } },
      body: { trackingNo },
    });
    if (!data) return message.error(problemText(refused));
    message.success(data.urged ? `已并入 ${trackingNo}，并已催办承办法院` : `已并入 ${trackingNo}`);
    onLinked();
  };
  return (
    <Card title="此来电人此前的诉求（重复诉求）" data-testid="repeat-card">
      <table className="desk-table">
        <thead>
          <tr>
            <th>查询编号</th>
            <th>登记时间</th>
            <th>类别</th>
            <th>案号 / 法院</th>
            <th>状态</th>
            <th>工单</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.requestId} data-testid={r.likelyMatch ? 'likely-match' : undefined}>
              <td>
                <Link to={`/requests/${r.trackingNo}`} target="_blank" rel="opener">
                  {r.trackingNo}
                </Link>{' '}
                {r.likelyMatch && <Tag color="orange">可能重复</Tag>}
              </td>
              <td>{beijing(r.createdAt)}</td>
              <td>{CATEGORY[r.category]}</td>
              <td>{r.caseNumber ?? courts.name(r.courtCode)}</td>
              <td>{r.repeatOf ? `重复诉求（并入 ${r.repeatOf}）` : REQUEST_STATUS[r.status]}</td>
              <td>
                {r.order ? (
                  <Space size={4}>
                    <Link to={`/orders/${r.order.orderId}`}>{ORDER_STATUS[r.order.status]}</Link>
                    {r.order.late && <Tag color="red">超期</Tag>}
                  </Space>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {!r.repeatOf && (
                  <Button
                    size="small"
                    type={r.likelyMatch ? 'primary' : 'default'}
                    onClick={() => link(r.trackingNo)}
                  >
                    作为重复诉求并入
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
