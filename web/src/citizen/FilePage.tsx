import { type FormEvent, useState } from 'react';
import { type Api, problemText, type Schemas } from '../api/client';
import { CATEGORY } from '../shared/labels';
import { Shell } from './Shell';

type Category = Schemas['CreateRequest']['category'];
type Created = Schemas['CreatedRequest'];

/** A citizen files a request on the web; the tracking number and access code are shown once. */
export function FilePage({ api }: { api: Api }) {
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    setSending(true);
    setError(null);
    const { data, error: refused } = await api.POST('/v1/requests', {
      body: {
        channel: 'web',
        category: text('category') as Category,
        content: text('content'),
        contact: { name: text('name'), phone: text('phone') },
        ...(text('caseNumber') ? { caseNumber: text('caseNumber') } : {}),
      },
    });
    setSending(false);
    if (data) setCreated(data);
    else setError(problemText(refused));
  };

  if (created)
    return (
      <Shell title="诉求已提交">
        <div className="card" data-testid="receipt">
          <div className="row">
            <span>查询编号</span>
            <span className="secret" data-testid="tracking-no">
              {created.trackingNo}
            </span>
          </div>
          <div className="row">
            <span>查询码</span>
            <span className="secret" data-testid="access-code">
              {created.accessCode}
            </span>
          </div>
        </div>
        <p className="note">请记下查询编号和查询码，凭二者查询办理进度。查询码只显示这一次。</p>
        <a href={`/track?no=${encodeURIComponent(created.trackingNo)}`}>查询办理进度</a>
      </Shell>
    );

  return (
    <Shell title="提交诉求">
      <form onSubmit={submit}>
        <label htmlFor="category">诉求类别</label>
        <select id="category" name="category" required defaultValue="case_progress">
          {Object.entries(CATEGORY).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor="content">诉求内容</label>
        <textarea id="content" name="content" required maxLength={4000} />
        <label htmlFor="caseNumber">案号（选填）</label>
        <input id="caseNumber" name="caseNumber" placeholder="(2026)赣1126民初123号" maxLength={60} />
        <label htmlFor="name">姓名</label>
        <input id="name" name="name" required maxLength={50} autoComplete="name" />
        <label htmlFor="phone">手机号码</label>
        <input id="phone" name="phone" required inputMode="tel" autoComplete="tel" />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={sending}>
          提交
        </button>
      </form>
    </Shell>
  );
}
