import { Alert, Card, DatePicker, Radio, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { shanghaiDate } from '../../shared/time';
import { useDesk } from '../context';
import { dayjs } from '../dayjs-zh';

type Ranking = Schemas['Ranking'];
type Line = Ranking['ranked'][number];
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const place = (v: number | null) => (v === null ? '—' : String(v));

/** The month before this one, `YYYY-MM`: the month a ranking is read for by default. */
function lastMonth(): string {
  return dayjs(shanghaiDate(new Date())).subtract(1, 'month').format('YYYY-MM');
}

/**
 * Issue 20: the month's ranking of courts against their peers (on-time rate, satisfaction, one
 * pass), with the courts listed apart for too few orders; each court links to its 通报. The month
 * and level are in the URL, so an emailed link opens the same table.
 */
export default function RankingPage() {
  const { api } = useDesk();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? lastMonth();
  const level = (params.get('level') ?? 'basic') as Ranking['level'];
  const [ranking, setRanking] = useState<Ranking | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      setError(null);
      const { data, error: refused } = await api.GET('/v1/reports/ranking', {
        params: { query: { month, level } },
      });
      setRanking(data ?? null);
      if (!data) setError(problemText(refused));
    })();
  }, [api, month, level]);

  const columns = (withPlace: boolean) => [
    ...(withPlace ? [{ title: '综合', render: (_: unknown, l: Line) => place(l.overall) }] : []),
    {
      title: '法院',
      render: (_: unknown, l: Line) => (
        <Link to={`/bulletins/${month}?court=${encodeURIComponent(l.courtCode)}`}>{l.name}</Link>
      ),
    },
    { title: '答复工单', render: (_: unknown, l: Line) => l.ordersJudged },
    {
      title: '按期答复率',
      render: (_: unknown, l: Line) => `${pct(l.rates.onTime)}（${place(l.ranks.onTime)}）`,
    },
    {
      title: '满意率',
      render: (_: unknown, l: Line) => `${pct(l.rates.satisfaction)}（${place(l.ranks.satisfaction)}）`,
    },
    {
      title: '一次性办理到位率',
      render: (_: unknown, l: Line) => `${pct(l.rates.onePass)}（${place(l.ranks.onePass)}）`,
    },
    ...(level === 'basic'
      ? [{ title: '辖区内综合', render: (_: unknown, l: Line) => place(l.regionRanks?.overall ?? null) }]
      : []),
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="月度排名">
        <Space wrap>
          <DatePicker
            picker="month"
            aria-label="月份"
            value={dayjs(`${month}-01`)}
            allowClear={false}
            onChange={(d) => d && setParams({ month: d.format('YYYY-MM'), level })}
          />
          <Radio.Group
            value={level}
            onChange={(e) => setParams({ month, level: e.target.value })}
            options={[
              { value: 'basic', label: '基层法院' },
              { value: 'intermediate', label: '中级法院' },
            ]}
          />
          {ranking && (ranking.closed ? <Tag color="green">已通报</Tag> : <Tag>月中数据，尚未通报</Tag>)}
        </Space>
      </Card>
      {error && <Alert type="warning" title={error} />}
      {ranking && (
        <>
          <Card title={`${month} 排名`} size="small" data-testid="ranking">
            <Table
              rowKey="courtCode"
              size="small"
              pagination={false}
              dataSource={ranking.ranked}
              columns={columns(true)}
            />
          </Card>
          <Card title={`答复工单不足 ${ranking.minOrders} 件，单列不排名`} size="small">
            <Table
              rowKey="courtCode"
              size="small"
              pagination={false}
              dataSource={ranking.apart}
              columns={columns(false)}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
