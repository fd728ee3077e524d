import { Alert, Button, Card, Form, Input, Radio, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { NO_ANSWER, newIdempotencyKey, problemText, type Schemas } from '../../api/client';
import { MAINLAND_MOBILE } from '../../api/rules';
import { CATEGORY, CHANNEL, REQUEST_STATUS } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';

type Body = Schemas['CreateRequest'];
type Earlier = Schemas['Request'];

/** An agent takes a hotline call or a window visit down; then the request's page settles it or makes it an order. */
export default function IntakePage() {
  const { api, courts } = useDesk();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [form] = Form.useForm<Body>();
  const phone = Form.useWatch(['contact', 'phone'], form);
  const earlier = useEarlierRequests(phone);

  // One key for this caller's filing, kept across retries: a second press after a lost answer
  // gets the request the first one filed.
  const key = useRef(newIdempotencyKey());
  const submit = async (v: Body) => {
    setSending(true);
    setError(null);
    try {
      const { data, error: refused } = await api.POST('/v1/requests', {
        headers: { 'Idempotency-Key': key.current },
        body: {
          ...v,
          caseNumber: v.caseNumber?.trim() || undefined,
          courtCode: v.courtCode || undefined,
        },
      });
      if (data) navigate(`/requests/${data.trackingNo}`);
      else setError(problemText(refused));
    } catch {
      setError(NO_ANSWER);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title="受理诉求" style={{ maxWidth: 760 }}>
      <Form<Body>
        form={form}
        layout="vertical"
        initialValues={{ channel: 'hotline', category: 'case_progress' }}
        onFinish={submit}
      >
        <Form.Item label="渠道" name="channel">
          <Radio.Group
            options={[
              { value: 'hotline', label: '热线' },
              { value: 'window', label: '窗口' },
            ]}
          />
        </Form.Item>
        <Form.Item label="诉求类别" name="category" rules={[{ required: true }]}>
          <Select
            aria-label="诉求类别"
            options={Object.entries(CATEGORY).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          label="来电人姓名"
          name={['contact', 'name']}
          rules={[{ required: true, message: '请输入姓名' }]}
        >
          <Input aria-label="来电人姓名" maxLength={50} />
        </Form.Item>
        <Form.Item
          label="联系电话"
          name={['contact', 'phone']}
          rules={[{ required: true, message: '请输入电话' }]}
        >
          <Input aria-label="联系电话" />
        </Form.Item>
        <EarlierRequests found={earlier} />
        <Form.Item label="案号" name="caseNumber">
          <Input aria-label="案号" placeholder="(2026)赣1126民初123号" maxLength={60} />
        </Form.Item>
        <Form.Item label="涉及法院（无案号时）" name="courtCode">
          <Select
            aria-label="涉及法院"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={courts.all.map((c) => ({ value: c.code, label: c.name }))}
          />
        </Form.Item>
        <Form.Item label="诉求内容" name="content" rules={[{ required: true, message: '请输入诉求内容' }]}>
          <Input.TextArea aria-label="诉求内容" rows={5} maxLength={4000} />
        </Form.Item>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={sending}>
          登记诉求
        </Button>
      </Form>
    </Card>
  );
}

interface Found {
  phone: string;
  items: Earlier[];
  nextCursor: string | null;
  error?: string;
  more?: () => void;
}

/**
 * The caller's earlier requests, looked up as the agent types the number (agents only; masked as
 * lists are). Newer lookups win over slower older ones.
 */
function useEarlierRequests(typed: string | undefined): Found | null {
  const { api } = useDesk();
  const [found, setFound] = useState<Found | null>(null);
  const latest = useRef(0);
  const phone = typed?.trim() ?? '';
  // The API's own rule (PhoneQuery): anything else is still being typed, and is not looked up.
  const valid = MAINLAND_MOBILE.test(phone);

  useEffect(() => {
    if (!valid) {
      latest.current++;
      setFound(null);
      return;
    }
    const seq = ++latest.current;
    const load = async (items: Earlier[], cursor?: string) => {
      const { data, error } = await api.GET('/v1/requests', {
        params: { query: { phone, limit: 20, ...(cursor ? { cursor } : {}) } },
      });
      if (seq !== latest.current) return;
      if (!data) return setFound({ phone, items, nextCursor: null, error: problemText(error) });
      const all = [...items, ...data.items];
      const next = data.nextCursor;
      setFound({ phone, items: all, nextCursor: next, ...(next ? { more: () => load(all, next) } : {}) });
    };
    const timer = setTimeout(() => load([]), 300);
    return () => clearTimeout(timer);
  }, [api, phone, valid]);
  return found;
}

function EarlierRequests({ found }: { found: Found | null }) {
  if (!found) return null;
  if (found.error)
    return <Alert type="warning" title={`未能查询来电记录：${found.error}`} style={{ marginBottom: 16 }} />;
  if (found.items.length === 0)
    return (
      <p data-testid="earlier-requests" style={{ color: '#888', marginTop: -8 }}>
        此号码没有此前的诉求
      </p>
    );
  return (
    <div data-testid="earlier-requests" style={{ marginBottom: 24 }}>
      <div style={{ fontWeight: 600, marginBottom: 8 }}>
        此号码此前的诉求（{found.items.length}
        {found.nextCursor ? '+' : ''}）
      </div>
      {/* A new tab keeps this half-written form while the agent reads the earlier one (the tab shares the session). */}
      <table className="desk-table">
        <thead>
          <tr>
            <th>查询编号</th>
            <th>登记时间</th>
            <th>渠道</th>
            <th>类别</th>
            <th>来电人</th>
            <th>状态</th>
          </tr>
        </thead>
        <tbody>
          {found.items.map((r) => (
            <tr key={r.requestId}>
              <td>
                <Link to={`/requests/${r.trackingNo}`} target="_blank" rel="opener">
                  {r.trackingNo}
                </Link>
              </td>
              <td>{beijing(r.createdAt)}</td>
              <td>{CHANNEL[r.channel]}</td>
              <td>{CATEGORY[r.category]}</td>
              <td>
                {r.contact.name} {r.contact.phone}
              </td>
              <td>{REQUEST_STATUS[r.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {found.more && (
        <Button size="small" type="link" onClick={found.more}>
          更早的诉求
        </Button>
      )}
    </div>
  );
}
