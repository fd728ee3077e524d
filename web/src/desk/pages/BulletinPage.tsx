import { Alert, Button, Card, Descriptions, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { CATEGORY } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';

type Bulletin = Schemas['Bulletin'];
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * Issue 20: a court's monthly 通报, as its email gave it, on a page that prints (the browser's own
 * print: the header and buttons are left off paper). `/bulletins/2026-03?court=赣1126`.
 */
export default function BulletinPage() {
  const { month = '' } = useParams();
  const [params] = useSearchParams();
  const { api, person, courts } = useDesk();
  const court = params.get('court') ?? person.court;
  const [bulletin, setBulletin] = useState<Bulletin | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      const { data, error: refused } = await api.GET('/v1/reports/bulletin', {
        params: { query: { month, courtCode: court } },
      });
      setBulletin(data ?? null);
      if (!data) setError(problemText(refused));
    })();
  }, [api, month, court]);

  if (error) return <Alert type="warning" showIcon title={error} />;
  if (!bulletin) return <Spin />;
  const f = bulletin.figures;
  const r = bulletin.rank;
  const w = bulletin.withheld;
  const orders = (title: string, lines: Bulletin['urged']) => (
    <Card size="small" title={`${title}（${lines.length} 件）`}>
      {lines.length === 0 ? (
        '无'
      ) : (
        <table className="desk-table">
          <tbody>
            {lines.map((o) => (
              <tr key={o.orderId}>
                <td>
                  <Link to={`/orders/${o.orderId}`}>{o.orderId}</Link>
                </td>
                <td>{courts.byCode.get(o.courtCode)?.shortName ?? o.courtCode}</td>
                <td>{CATEGORY[o.category as keyof typeof CATEGORY] ?? o.category}</td>
                <td>期限 {beijing(o.deadline)}</td>
                <td>{o.count > 0 ? `${o.count} 次` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ width: '100%', maxWidth: 900 }}
      data-testid="bulletin"
    >
      <style>{'@media print { header, .no-print { display: none !important } }'}</style>
      <Card
        title={`${bulletin.court.name} ${month.replace('-', '年')}月 民意中心月度通报`}
        extra={
          <Button className="no-print" onClick={() => window.print()}>
            打印
          </Button>
        }
      >
        <Descriptions column={3} bordered size="small">
          <Descriptions.Item label="诉求">{f.requests}</Descriptions.Item>
          <Descriptions.Item label="即时办结率">{pct(f.firstContactResolutionRate)}</Descriptions.Item>
          <Descriptions.Item label="一次性办理到位率">{pct(f.onePassResolutionRate)}</Descriptions.Item>
          <Descriptions.Item label="重复诉求">{f.repeat}</Descriptions.Item>
          <Descriptions.Item label="新建工单">{f.ordersCreated}</Descriptions.Item>
          <Descriptions.Item label="按期答复率">{pct(f.onTimeRate)}</Descriptions.Item>
          <Descriptions.Item label="超期答复">{f.late}</Descriptions.Item>
          <Descriptions.Item label="超期未办结">{f.openLate}</Descriptions.Item>
          <Descriptions.Item label="满意率">{pct(f.satisfactionRate)}</Descriptions.Item>
          <Descriptions.Item label="被催办">{f.urged}</Descriptions.Item>
          <Descriptions.Item label="答复被退回">{f.replyRejected}</Descriptions.Item>
        </Descriptions>
        <p style={{ marginTop: 16 }} data-testid="bulletin-rank">
          {!r
            ? '省法院不参与排名。'
            : r.apart
              ? `本月答复工单 ${r.ordersJudged} 件，不足排名所需件数，单列不参与排名。`
              : `综合排名第 ${r.overall ?? '—'} 名（共 ${r.peers} 家）；按期答复率第 ${r.ranks.onTime ?? '—'} 名，满意率第 ${r.ranks.satisfaction ?? '—'} 名，一次性办理到位率第 ${r.ranks.onePass ?? '—'} 名${r.regionRanks ? `；辖区内综合第 ${r.regionRanks.overall ?? '—'} 名` : ''}。`}
        </p>
      </Card>
      {orders('被催办的工单', bulletin.urged)}
      {orders('答复被退回的工单', bulletin.rejected)}
      {orders('超期的工单', bulletin.late)}
      {w.urged + w.rejected + w.late + w.openLate > 0 && (
        <Alert
          type="info"
          data-testid="bulletin-withheld"
          title={`另有投诉及“三个规定”报告等由监察部门办理的工单：被催办 ${w.urged} 次，答复被退回 ${w.rejected} 次，超期答复 ${w.late} 次，超期未办结 ${w.openLate} 件，已计入上述数字，明细见监察部门的通报。`}
        />
      )}
    </Space>
  );
}
