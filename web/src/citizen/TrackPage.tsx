import { type FormEvent, useState } from 'react';
import { type Api, problemText, type Schemas } from '../api/client';
import { actionLabel, CATEGORY, CLOSE_REASON, ORDER_STATUS, REQUEST_STATUS } from '../shared/labels';
import { beijing } from '../shared/time';
import { Shell } from './Shell';

type Found = Schemas['RequestWithOrder'];

/**
 * Following a request: the tracking number is in the URL (a link can carry it), the access code
 * never is (it is typed, and sent only as the X-Access-Code header).
 */
export function TrackPage({ api }: { api: Api }) {
  const params = new URLSearchParams(window.location.search);
  const [trackingNo, setTrackingNo] = useState(params.get('no') ?? '');
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('accessCode') ?? '').trim();
    setError(null);
    const no = trackingNo.trim();
    const { data, error: refused } = await api.GET('/v1/requests/{trackingNo}', {
      params: { path: { trackingNo: no }, header: { 'X-Access-Code': code } },
    });
    if (!data) {
      setFound(null);
      setError(problemText(refused));
      return;
    }
    setFound(data);
    window.history.replaceState(null, '', `/track?no=${encodeURIComponent(no)}`);
  };

  const order = found?.order && 'history' in found.order ? found.order : null;
  return (
    <Shell title="查询办理进度">
      <form onSubmit={submit}>
        <label htmlFor="trackingNo">查询编号</label>
        <input id="trackingNo" value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} required />
        <label htmlFor="accessCode">查询码</label>
        <input id="accessCode" name="accessCode" required inputMode="numeric" autoComplete="off" />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          查询
        </button>
      </form>
      {found && (
        <section className="card" data-testid="progress">
          <div className="row">
            <span>类别</span>
            <span>{CATEGORY[found.category]}</span>
          </div>
          <div className="row">
            <span>状态</span>
            <span data-testid="status">
              {order ? ORDER_STATUS[order.status] : REQUEST_STATUS[found.status]}
            </span>
          </div>
          <div className="row">
            <span>提交时间</span>
            <span>{beijing(found.createdAt)}</span>
          </div>
          {order && (
            <div className="row">
              <span>答复期限</span>
              <span>{beijing(order.deadline)}</span>
            </div>
          )}
          {(order?.answer ?? found.answer) && (
            <div className="row">
              <span>答复</span>
              <span>{order?.answer ?? found.answer}</span>
            </div>
          )}
          {order?.closeReason && (
            <div className="row">
              <span>办结</span>
              <span>{CLOSE_REASON[order.closeReason]}</span>
            </div>
          )}
          {order && (
            <ol className="history">
              {order.history.map((h) => (
                <li key={`${h.at}-${h.action}`}>
                  {beijing(h.at)} {actionLabel(h.action)}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </Shell>
  );
}
