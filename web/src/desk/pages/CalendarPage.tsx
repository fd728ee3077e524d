import { Alert, Button, Card, Form, Input, InputNumber, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';

/** Dates as an operator pastes them from the State Council's notice: ISO days, any separators. */
function daysOf(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,，、;；]+/).filter(Boolean);
}

/**
 * Next year's working calendar (the high court's supervisors): the holidays and the adjusted
 * working days (调休) the State Council publishes each November, loaded into the running system.
 * The API moves open orders' future deadlines; the page lists them.
 */
export default function CalendarPage() {
  const { api } = useDesk();
  const [loaded, setLoaded] = useState<Schemas['CalendarLoad'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card title="工作日历" style={{ maxWidth: 860 }}>
      <Typography.Paragraph type="secondary">
        每年十一月国务院办公厅公布次年节假日安排后，在此载入：放假日期和调休上班日期（YYYY-MM-DD，可用空格、逗号或换行分隔）。未办结工单尚未到期的期限随之调整；已到期的期限不变。
      </Typography.Paragraph>
      <Form
        layout="vertical"
        initialValues={{ year: new Date().getFullYear() + 1 }}
        onFinish={async (v: { year: number; holidays?: string; workdays?: string }) => {
          setError(null);
          setLoaded(null);
          setBusy(true);
          const { data, error: refused } = await api.POST('/v1/admin/calendar/{year}', {
            params: { path: { year: v.year } },
            body: { holidays: daysOf(v.holidays), workdays: daysOf(v.workdays) },
          });
          setBusy(false);
          if (data) setLoaded(data);
          else setError(problemText(refused));
        }}
      >
        <Form.Item label="年份" name="year" rules={[{ required: true, message: '请输入年份' }]}>
          {/* Typed, not stepped: without its buttons (named in English by Ant Design) a year reads well. */}
          <InputNumber aria-label="年份" min={2000} max={2100} controls={false} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="放假日期" name="holidays">
          <Input.TextArea aria-label="放假日期" rows={4} placeholder="2027-01-01 2027-02-06 …" />
        </Form.Item>
        <Form.Item label="调休上班日期" name="workdays">
          <Input.TextArea aria-label="调休上班日期" rows={2} placeholder="2027-02-14 …" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          载入日历
        </Button>
      </Form>
      {error && <Alert type="error" title={error} style={{ marginTop: 16 }} />}
      {loaded && (
        <div data-testid="calendar-loaded" style={{ marginTop: 16 }}>
          <Alert
            type="success"
            title={`已载入 ${loaded.year} 年日历：${loaded.moved.length} 件未办结工单的期限已调整`}
          />
          {loaded.moved.length > 0 && (
            <table className="desk-table" style={{ marginTop: 12 }}>
              <thead>
                <tr>
                  <th>工单编号</th>
                  <th>原期限</th>
                  <th>新期限</th>
                </tr>
              </thead>
              <tbody>
                {loaded.moved.map((m) => (
                  <tr key={m.orderId}>
                    <td>
                      <Link to={`/orders/${m.orderId}`}>{m.orderId}</Link>
                    </td>
                    <td>{m.previousDeadline ? beijing(m.previousDeadline) : '—'}</td>
                    <td>{m.deadline ? beijing(m.deadline) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Card>
  );
}
