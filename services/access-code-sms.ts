import type { CitizenRequest } from '../domain/citizen-request';
import type { Services } from './context';

/**
 * A caller taken down by an agent (hotline, window) never sees the answer that carries the access
 * code, and only its hash is stored: the code goes to them by SMS at intake, in the same call that
 * drew it, or nobody could ever tell it them. Sent until sent, then once: the request records when
 * it went out. A send that fails fails the intake (a fault of ours, so its Idempotency-Key is freed),
 * and the intake retried under the same key finds the request it filed, takes the code back from
 * the seal only that key opens, and sends it then; a retry after it went out sends nothing (as an
 * escalation's mail is marked sent on its order). Without an Idempotency-Key nothing can take the
 * code back: the desk always sends one. A crash between the send and its mark sends it twice at
 * worst, never not at all.
 * The link names the tracking number only; the code is typed on the page, never put in a URL.
 */
export async function sendAccessCodeSms(
  s: Services,
  request: CitizenRequest,
  accessCode: string,
): Promise<void> {
  if (request.accessCodeSentAt) return;
  // The citizen's pages are served together: /track sits beside /rate (RATING_URL).
  const track = new URL(`track?no=${encodeURIComponent(request.trackingNo)}`, s.ratingUrl).toString();
  await s.sms.send({
    to: request.contact.phone,
    text: `【12368】您的诉求已受理。查询编号 ${request.trackingNo}，查询码 ${accessCode}（请勿告诉他人）。凭二者查询办理进度：${track}`,
    tags: { step: 'access_code_sms' },
  });
  const sentAt = s.clock.now().toISOString();
  // Marked over the request as read; one changed meanwhile (an agent already acting on it) is read again.
  for (let current: CitizenRequest | null = request; current && !current.accessCodeSentAt; ) {
    if (
      await s.requests.save(
        { ...current, accessCodeSentAt: sentAt, version: current.version + 1 },
        current.version,
      )
    )
      return;
    current = await s.requests.get(request.requestId);
  }
}
