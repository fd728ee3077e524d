import { useState } from 'react';
import { type Api, problemText } from '../api/client';
import { RATING } from '../shared/labels';
import { Shell } from './Shell';

type Rating = keyof typeof RATING;
const CHOICES: Rating[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

/** The link in the rating SMS (or a window's QR code): one tap, 提交, done. The token is the link's. */
export function RatePage({ api }: { api: Api }) {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);

  if (!token)
    return (
      <Shell title="服务评价">
        <p className="error">评价链接不完整，请从短信中的链接进入。</p>
      </Shell>
    );
  if (state === 'done')
    return (
      <Shell title="服务评价">
        <p className="done" role="status">
          感谢您的评价！
        </p>
      </Shell>
    );

  const submit = async () => {
    if (!rating) return;
    setState('sending');
    setError(null);
    const { error: refused } = await api.POST('/v1/evaluations', {
      body: { token, rating, ...(comment.trim() ? { comment: comment.trim() } : {}) },
    });
    if (refused) {
      setError(problemText(refused));
      setState('idle');
    } else setState('done');
  };

  return (
    <Shell title="请您对办理情况进行评价">
      <fieldset className="choices" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="note">您对法院的答复是否满意？</legend>
        {CHOICES.map((c) => (
          <label key={c} className={`choice${rating === c ? ' on' : ''}`}>
            <input
              type="radio"
              name="rating"
              value={c}
              checked={rating === c}
              onChange={() => setRating(c)}
            />
            {RATING[c]}
          </label>
        ))}
      </fieldset>
      <label htmlFor="comment">意见（选填）</label>
      <textarea id="comment" maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="primary" disabled={!rating || state === 'sending'} onClick={submit}>
        提交
      </button>
    </Shell>
  );
}
