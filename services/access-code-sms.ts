import type { CitizenRequest } from '../domain/citizen-request';
import type { Services } from './context';

/**
 * A caller taken down by an agent (hotline, window) never sees the answer that carries the access
 * code, and only its hash is stored: the code goes to them by SMS at intake, in the same call that
 * drew it, or nobody could ever tell it them. Sent once: a retry of the same intake is answered
 * from the Idempotency-Key's record or from the request the call already filed, and sends nothing.
 * The link names the tracking number only; the code is typed on the page, never put in a URL.
 */
export async function sendAccessCodeSms(
  s: Services,
  request: CitizenRequest,
  accessCode: string,
): Promise<void> {
  // The citizen's pages are served together: /track sits beside /rate (RATING_URL).
  const track = new URL(`track?no=${encodeURIComponent(request.trackingNo)}`, s.ratingUrl).toString();
  await s.sms.send({
    to: request.contact.phone,
    text: `【12368】您的诉求已受理。查询编号 ${request.trackingNo}，查询码 ${accessCode}（请勿告诉他人）。凭二者查询办理进度：${track}`,
    tags: { step: 'access_code_sms' },
  });
}
