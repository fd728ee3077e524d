import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { NO_ANSWER, newIdempotencyKey, problemText, type Schemas } from '../../api/client';
import { MAINLAND_MOBILE } from '../../api/rules';
import { CATEGORY, CHANNEL, REQUEST_STATUS } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { CourtPicker } from '../CourtPicker';
import { useDesk } from '../context';
import { Button, CheckedForm, Choices, Field, Notice, Panel, useRequired } from '../ui';

type Body = Schemas['CreateRequest'];
type Earlier = Schemas['Request'];

/** An agent takes a hotline call or a window visit down; then the request's page settles it or makes it an order. */
export default function IntakePage() {
  const { api, courts } = useDesk();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [phone, setPhone] = useState('');
  const courtId = useId();
  const earlier = useEarlierRequests(phone);
  const { errors, check } = useRequired({
    'contact.name': '请输入姓名',
    'contact.phone': '请输入电话',
    content: '请输入诉求内容',
  });

  // One key for this caller's filing, kept across retries: a second press after a lost answer
  // gets the request the first one filed.
  const key = useRef(newIdempotencyKey());
  const submit = async (v: Record<string, string>) => {
    setSending(true);
    setError(null);
    try {
      const body: Body = {
        channel: v.channel as Body['channel'],
        category: v.category as Body['category'],
        contact: { name: v['contact.name'] ?? '', phone: v['contact.phone'] ?? '' },
        content: v.content ?? '',
        caseNumber: v.caseNumber?.trim() || undefined,
        courtCode: v.courtCode || undefined,
      };
      const { data, error: refused } = await api.POST('/v1/requests', {
        headers: { 'Idempotency-Key': key.current },
        body,
      });
      // The caller's SMS with the access code failed: the request page shows the agent the code to read out.
      if (data)
        navigate(`/requests/${data.trackingNo}`, {
          state: data.accessCodeSms === 'failed' ? { unsentAccessCode: data.accessCode } : null,
        });
      else setError(problemText(refused));
    } catch {
      setError(NO_ANSWER);
    } finally {
      setSending(false);
    }
  };
  const invalid = (name: keyof typeof errors) => (errors[name] ? true : undefined);

  return (
    <Panel title="受理诉求" style={{ maxWidth: 760 }}>
      <CheckedForm check={check} onValues={submit}>
        <Field label="渠道" group>
          <Choices
            name="channel"
            defaultValue="hotline"
            options={[
              { value: 'hotline', label: '热线' },
              { value: 'window', label: '窗口' },
            ]}
          />
        </Field>
        <Field label="诉求类别">
          <select className="desk-input" aria-label="诉求类别" name="category" defaultValue="case_progress">
            {Object.entries(CATEGORY).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="来电人姓名" error={errors['contact.name']}>
          <input
            className="desk-input"
            aria-label="来电人姓名"
            name="contact.name"
            maxLength={50}
            aria-invalid={invalid('contact.name')}
          />
        </Field>
        <Field label="联系电话" error={errors['contact.phone']}>
          <input
            className="desk-input"
            aria-label="联系电话"
            name="contact.phone"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            aria-invalid={invalid('contact.phone')}
          />
        </Field>
        <EarlierRequests found={earlier} />
        <Field label="案号">
          <input
            className="desk-input"
            aria-label="案号"
            name="caseNumber"
            placeholder="(2026)赣1126民初123号"
            maxLength={60}
          />
        </Field>
        <Field label="涉及法院（无案号时）" htmlFor={courtId}>
          <CourtPicker id={courtId} label="涉及法院" name="courtCode" courts={courts.all} empty="（不选）" />
        </Field>
        <Field label="诉求内容" error={errors.content}>
          <textarea
            className="desk-input"
            aria-label="诉求内容"
            name="content"
            rows={5}
            maxLength={4000}
            aria-invalid={invalid('content')}
          />
        </Field>
        {error && <Notice type="error" title={error} />}
        <div>
          <Button kind="primary" type="submit" disabled={sending}>
            登记诉求
          </Button>
        </div>
      </CheckedForm>
    </Panel>
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
  if (found.error) return <Notice type="warning" title={`未能查询来电记录：${found.error}`} />;
  if (found.items.length === 0)
    return (
      <p data-testid="earlier-requests" className="desk-muted" style={{ margin: 0 }}>
        此号码没有此前的诉求
      </p>
    );
  return (
    <div data-testid="earlier-requests">
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
        <Button kind="link" onClick={found.more}>
          更早的诉求
        </Button>
      )}
    </div>
  );
}
