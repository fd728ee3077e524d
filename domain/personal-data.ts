import type { CitizenRequest } from './citizen-request';
import type { Order } from './order';

/**
 * What a request carries besides the citizen's words (issue 12, PIPL): the keyed hash of the phone
 * that finds a caller's requests, the subject of the WeChat citizen who filed it, and when its
 * personal data was erased.
 */
export interface PersonalDataFields {
  phoneHash?: string;
  citizenSubject?: string;
  erasedAt?: string;
}
export type StoredRequest = CitizenRequest & PersonalDataFields;

/** When a request's personal data falls due for erasure: `retentionDays` after it was settled or its order closed. */
export function erasureDue(settledOrClosedAt: string, retentionDays: number): Date {
  return new Date(Date.parse(settledOrClosedAt) + retentionDays * 86_400_000);
}

/**
 * The request without its personal data: name, phone, text and answer emptied, the phone hash and
 * the citizen's subject gone (and with them its index entries). Everything the figures read
 * (channel, category, courts, case number, status, times) stays as it was. Erasing twice changes nothing.
 */
export function eraseRequest(request: StoredRequest, now: Date): StoredRequest {
  if (request.erasedAt) return request;
  const { phoneHash: _p, citizenSubject: _c, ...kept } = request;
  return {
    ...kept,
    content: '',
    contact: { name: '', phone: '' },
    answer: request.answer === null ? null : '',
    erasedAt: now.toISOString(),
    version: request.version + 1,
  };
}

/**
 * The order without the words that may carry personal data (the reply, reasons, notes, comments),
 * its history keeping every entry, action, actor, time and detail: its structure and its figures.
 * An order with nothing left to erase is returned as it is (the same object: nothing is written).
 */
export function eraseOrderTexts(order: Order): Order {
  const next = blankOrderTexts(order);
  const { version: _a, ...before } = order;
  const { version: _b, ...after } = next;
  return JSON.stringify(before) === JSON.stringify(after) ? order : next;
}

function blankOrderTexts(order: Order): Order {
  const blank = <T extends string | null | undefined>(v: T): T => (typeof v === 'string' ? ('' as T) : v);
  const o = order as Order & { returnReason?: string | null; erasedAt?: string };
  return {
    ...order,
    answer: blank(order.answer),
    ...(o.returnReason !== undefined ? { returnReason: blank(o.returnReason) } : {}),
    extension: order.extension
      ? {
          ...order.extension,
          reason: blank(order.extension.reason),
          ...(order.extension.note !== undefined ? { note: blank(order.extension.note) } : {}),
        }
      : order.extension,
    history: order.history.map((h) => (h.note === undefined ? h : { ...h, note: '' })),
    version: order.version + 1,
  };
}
