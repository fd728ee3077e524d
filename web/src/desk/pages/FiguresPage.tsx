import { Alert, Button, Card, Col, DatePicker, Radio, Row, Select, Space, Statistic, Table } from 'antd';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type Api, problemText, type Report } from '../../api/client';
import { CATEGORY, CHANNEL } from '../../shared/labels';
import { chineseDate, shanghaiDate } from '../../shared/time';
import { type Court, useDesk } from '../context';
import { dayjs } from '../dayjs-zh';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);
Chart.defaults.animation = false;
// Counts are whole numbers: no 0.1 steps on the axes.
Chart.defaults.scales.linear.ticks.precision = 0;
Chart.defaults.font.family = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

type Kind = 'month' | 'day';
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const RATING_CHANNEL: Record<keyof Report['satisfaction']['byChannel'], string> = {
  ...CHANNEL,
  callback: '回访',
};

async function report(api: Api, kind: Kind, period: string, courtCode: string): Promise<Report | null> {
  const { data, error, response } =
    kind === 'month'
      ? await api.GET('/v1/reports/monthly', { params: { query: { month: period, courtCode } } })
      : await api.GET('/v1/reports/daily', { params: { query: { date: period, courtCode } } });
  if (data) return data;
  if (response.status === 404) return null; // not rolled up yet
  throw new Error(problemText(error));
}

/** The figures of a court and every court below it, as one CSV row each (what the page shows). */
export function figuresCsv(rows: { court: Court; report: Report }[], period: string): string {
  const head = [
    '法院代码',
    '法院',
    '期间',
    '诉求',
    '当场办结',
    '即时办结率',
    '重复诉求',
    '二次办理工单',
    '一次性办理到位率',
    '知识库办结',
    '新建工单',
    '答复',
    '按期',
    '超期',
    '超期未办结',
    '按期答复率',
    '办结',
    '重办',
    '退回',
    '预警',
    '一级督办',
    '二级督办',
    '三级通报',
    '评价数',
    '满意',
    '基本满意',
    '不满意',
    '满意率',
  ];
  const lines = rows.map(({ court, report: r }) => [
    court.code,
    court.name,
    period,
    r.requests.total,
    r.requests.settled,
    pct(r.firstContactResolutionRate),
    r.requests.repeat,
    r.orders.secondPass,
    pct(r.onePassResolutionRate),
    r.requests.settledWithKnowledge,
    r.orders.created,
    r.orders.replied,
    r.orders.onTime,
    r.orders.late,
    r.orders.openLate,
    pct(r.onTimeRate),
    r.orders.closed,
    r.orders.reopened,
    r.orders.returned,
    r.escalations.warning,
    r.escalations.level1,
    r.escalations.level2,
    r.escalations.level3,
    r.satisfaction.rated,
    r.satisfaction.satisfied,
    r.satisfaction.basicallySatisfied,
    r.satisfaction.unsatisfied,
    pct(r.satisfaction.rate),
  ]);
  const cell = (v: string | number) =>
    /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
  // A BOM so that Excel opens the Chinese as UTF-8.
  return `\uFEFF${[head, ...lines].map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}

function useChart(config: () => ConstructorParameters<typeof Chart>[1], deps: unknown[]) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = new Chart(ref.current, config());
    return () => chart.destroy();
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the chart depends on
  }, deps);
  return ref;
}

function BarChart({ rows, label, color }: { rows: [string, number][]; label: string; color: string }) {
  const ref = useChart(
    () => ({
      type: 'bar',
      data: {
        labels: rows.map((r) => r[0]),
        datasets: [{ label, data: rows.map((r) => r[1]), backgroundColor: color }],
      },
      options: { plugins: { legend: { display: false } } },
    }),
    [JSON.stringify(rows)],
  );
  return <canvas ref={ref} />;
}

function SatisfactionChart({ r }: { r: Report }) {
  const channels = Object.keys(RATING_CHANNEL) as (keyof typeof RATING_CHANNEL)[];
  const ref = useChart(
    () => ({
      type: 'bar',
      data: {
        labels: channels.map((c) => RATING_CHANNEL[c]),
        datasets: [
          {
            label: '满意',
            data: channels.map((c) => r.satisfaction.byChannel[c].satisfied),
            backgroundColor: '#16a34a',
          },
          {
            label: '基本满意',
            data: channels.map((c) => r.satisfaction.byChannel[c].basicallySatisfied),
            backgroundColor: '#a3e635',
          },
          {
            label: '不满意',
            data: channels.map((c) => r.satisfaction.byChannel[c].unsatisfied),
            backgroundColor: '#dc2626',
          },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true } } },
    }),
    [r],
  );
  return <canvas ref={ref} />;
}

function DailyChart({ days }: { days: [string, number, number][] }) {
  const ref = useChart(
    () => ({
      type: 'line',
      data: {
        labels: days.map((d) => d[0].slice(5)),
        datasets: [
          { label: '诉求', data: days.map((d) => d[1]), borderColor: '#2563eb', tension: 0.2 },
          { label: '工单', data: days.map((d) => d[2]), borderColor: '#dc2626', tension: 0.2 },
        ],
      },
    }),
    [JSON.stringify(days)],
  );
  return <canvas ref={ref} />;
}

/**
 * An auditor's (or supervisor's) figures: a month or a day, for a court and every court below it,
 * with the charts of the HTML report and a CSV of exactly the rows shown. All of it in the URL.
 */
export default function FiguresPage() {
  const { api, courts, person } = useDesk();
  const [params, setParams] = useSearchParams();
  const kind: Kind = params.get('date') ? 'day' : 'month';
  const today = shanghaiDate(new Date());
  const period = kind === 'day' ? (params.get('date') ?? today) : (params.get('month') ?? today.slice(0, 7));
  const courtCode = params.get('court') ?? person.court;
  const court = courts.byCode.get(courtCode);
  const [rows, setRows] = useState<{ court: Court; report: Report }[] | null>(null);
  const [days, setDays] = useState<[string, number, number][]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!court) return;
    setRows(null);
    setError(null);
    const scope = [court, ...courts.children(court.code)];
    setDays([]);
    Promise.all(scope.map(async (c) => ({ court: c, report: await report(api, kind, period, c.code) })))
      .then(async (all) => {
        const main = all[0]?.report;
        if (!main) setError(`${period} 的数据尚未汇总（每日 00:30 汇总前一日）`);
        setRows(all.filter((x): x is { court: Court; report: Report } => x.report !== null));
        // The month says how far its days are rolled up: only those days are asked for (the
        // rest of the month would each be a 404).
        if (kind !== 'month' || !main?.rolledUpThrough) return;
        const last = Number(main.rolledUpThrough.slice(8, 10));
        const dates = Array.from({ length: last }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
        const reports = await Promise.all(dates.map((d) => report(api, 'day', d, court.code)));
        setDays(
          reports.flatMap((r, i) =>
            r ? [[dates[i]!, r.requests.total, r.orders.created] as [string, number, number]] : [],
          ),
        );
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [api, courts, court, kind, period]);

  const set = (next: Record<string, string>) => setParams({ court: courtCode, ...next });
  const main = rows?.[0]?.report;
  const download = () => {
    if (!rows) return;
    const blob = new Blob([figuresCsv(rows, period)], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `民意中心-${courtCode}-${period}.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const visible = courts.all.filter((c) => courts.isWithin(c.code, person.court));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space wrap>
          <Radio.Group
            value={kind}
            onChange={(e) =>
              set(
                e.target.value === 'day'
                  ? { date: `${period.slice(0, 7)}-01` }
                  : { month: period.slice(0, 7) },
              )
            }
            options={[
              { value: 'month', label: '月报' },
              { value: 'day', label: '日报' },
            ]}
            optionType="button"
          />
          {kind === 'month' ? (
            <DatePicker
              picker="month"
              allowClear={false}
              value={dayjs(`${period}-01`)}
              onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
            />
          ) : (
            <DatePicker
              allowClear={false}
              value={dayjs(period)}
              onChange={(d) => d && set({ date: d.format('YYYY-MM-DD') })}
            />
          )}
          <Select
            aria-label="法院"
            style={{ width: 260 }}
            value={courtCode}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(c: string) =>
              setParams({ court: c, ...(kind === 'day' ? { date: period } : { month: period }) })
            }
            options={visible.map((c) => ({ value: c.code, label: c.name }))}
          />
          <Button type="primary" disabled={!rows?.length} onClick={download}>
            导出 CSV
          </Button>
        </Space>
      </Card>
      {error && <Alert type="warning" title={error} />}
      {main && (
        <>
          <Card
            title={`${court?.name ?? courtCode}（含下级法院）· ${period}`}
            extra={
              kind === 'month' && (
                <span data-testid="rolled-up-through">
                  {main.rolledUpThrough
                    ? `数据截至 ${chineseDate(main.rolledUpThrough)}`
                    : '本月尚无完整的一天'}
                </span>
              )
            }
            data-testid="figures"
          >
            <Row gutter={16}>
              <Col span={4}>
                <Statistic title="诉求" value={main.requests.total} />
              </Col>
              <Col span={4}>
                <Statistic title="即时办结率" value={pct(main.firstContactResolutionRate)} />
              </Col>
              <Col span={4}>
                <Statistic title="一次性办理到位率" value={pct(main.onePassResolutionRate)} />
              </Col>
              <Col span={4}>
                <Statistic title="新建工单" value={main.orders.created} />
              </Col>
              <Col span={4}>
                {/* DOMAIN.md's: replied by the deadline / replied (docs/figures.md). */}
                <Statistic title="按期答复率" value={pct(main.onTimeRate)} />
              </Col>
              <Col span={4}>
                <Statistic title="按期办结率（含超期未答复）" value={pct(main.dueOnTimeRate)} />
              </Col>
              <Col span={4}>
                <Statistic title="满意率" value={pct(main.satisfaction.rate)} />
              </Col>
              <Col span={4}>
                <Statistic title="重办" value={main.orders.reopened} />
              </Col>
              <Col span={4}>
                <Statistic title="重复诉求" value={main.requests.repeat} />
              </Col>
              <Col span={4}>
                <Statistic title="超期未办结" value={main.orders.openLate} />
              </Col>
              <Col span={4}>
                <Statistic title="知识库办结" value={main.requests.settledWithKnowledge} />
              </Col>
            </Row>
          </Card>
          <Row gutter={[16, 16]}>
            {kind === 'month' && (
              <Col span={12}>
                <Card size="small" title="每日诉求与工单">
                  <DailyChart days={days} />
                </Card>
              </Col>
            )}
            <Col span={12}>
              <Card size="small" title="诉求渠道">
                <BarChart
                  rows={Object.entries(main.requests.byChannel).map(([k, v]) => [
                    CHANNEL[k as keyof typeof CHANNEL],
                    v,
                  ])}
                  label="诉求"
                  color="#2563eb"
                />
              </Card>
            </Col>
            <Col span={12}>
              <Card size="small" title="诉求类别">
                <BarChart
                  rows={Object.entries(main.requests.byCategory).map(([k, v]) => [
                    CATEGORY[k as keyof typeof CATEGORY],
                    v,
                  ])}
                  label="诉求"
                  color="#0891b2"
                />
              </Card>
            </Col>
            <Col span={12}>
              <Card size="small" title="各渠道评价">
                <SatisfactionChart r={main} />
              </Card>
            </Col>
            <Col span={12}>
              <Card size="small" title="工单办理">
                <BarChart
                  rows={[
                    ['新建', main.orders.created],
                    ['答复', main.orders.replied],
                    ['按期', main.orders.onTime],
                    ['超期', main.orders.late],
                    ['办结', main.orders.closed],
                    ['重办', main.orders.reopened],
                    ['退回', main.orders.returned],
                  ]}
                  label="工单"
                  color="#7c3aed"
                />
              </Card>
            </Col>
            <Col span={12}>
              <Card size="small" title="预警与督办">
                <BarChart
                  rows={[
                    ['预警', main.escalations.warning],
                    ['一级督办', main.escalations.level1],
                    ['二级督办', main.escalations.level2],
                    ['三级通报', main.escalations.level3],
                  ]}
                  label="次数"
                  color="#ea580c"
                />
              </Card>
            </Col>
          </Row>
          <Card title="下级法院" size="small">
            <Table
              rowKey={(r) => r.court.code}
              size="small"
              pagination={false}
              dataSource={rows?.slice(1) ?? []}
              columns={[
                { title: '法院', render: (_, r) => r.court.name },
                { title: '诉求', render: (_, r) => r.report.requests.total },
                { title: '即时办结率', render: (_, r) => pct(r.report.firstContactResolutionRate) },
                { title: '一次性办理到位率', render: (_, r) => pct(r.report.onePassResolutionRate) },
                { title: '工单', render: (_, r) => r.report.orders.created },
                { title: '按期答复率', render: (_, r) => pct(r.report.onTimeRate) },
                {
                  title: '督办',
                  render: (_, r) =>
                    r.report.escalations.level1 + r.report.escalations.level2 + r.report.escalations.level3,
                },
                { title: '满意率', render: (_, r) => pct(r.report.satisfaction.rate) },
                { title: '超期未办结', render: (_, r) => r.report.orders.openLate },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
