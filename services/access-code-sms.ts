import type { CitizenRequest } from '../domain/citizen-request';
import type { Services } from './context';

/**
 * A caller taken down by an agent (hotline, window) never sees the answer that carries the access
 * code, and only its hash is stored: the code goes to them by SMS at intake, in the same call that
 * drew it, or nobody could ever tell it them. Sent until sent, then once: the request records when
 * it went out, and a retry of the same intake (its Idempotency-Key takes the code back from the
 * seal only that key opens) sends it if it has not gone yet. A send the provider refuses never
 * fails the intake: the request is filed, the answer says `accessCodeSms: 'failed'`, and the desk
 * shows the agent the code to read out on the call (an SMS outage must not stop the hotline taking
 * calls; it answered 500 to every retry while the provider was down). A crash between the send and
 * its mark sends it twice at worst.
 * The link names the tracking number only; the code is typed on the page, never put in a URL.
 */
export async function sendAccessCodeSms(
  s: Services,
  request: CitizenRequest,
  accessCode: string,
): Promise<'sent' | 'failed'> {
  if (request.accessCodeSentAt) return 'sent';
  // The citizen's pages are served together: /track sits beside /rate (RATING_URL).
  const track = new URL(`track?no=${encodeURIComponent(request.trackingNo)}`, s.ratingUrl).toString();
  try {
    await s.sms.send({
      to: request.contact.phone,
      text: `【12368】您的诉求已受理。查询编号 ${request.trackingNo}，查询码 ${accessCode}（请勿告诉他人）。凭二者查询办理进度：${track}`,
      tags: { step: 'access_code_sms' },
    });
  } catch {
    // The intake's handler logs it (by request id: never the phone or the code).
    return 'failed';
  }
  const sentAt = s.clock.now().toISOString();
  // Marked over the request as read; one changed meanwhile (an agent already acting on it) is read again.
  for (let current: CitizenRequest | null = request; current && !current.accessCodeSentAt; ) {
    if (
      await s.requests.save(
        { ...current, accessCodeSentAt: sentAt, version: current.version + 1 },
        current.version,
      )
    )
      return 'sent';
    current = await s.requests.get(request.requestId);
  }
  return 'sent';
}
