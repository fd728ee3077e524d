import { HISTORY_ACTIONS, type HistoryAction } from '../../domain/order';
import { historySentence } from '../../web/src/desk/history-text';

/**
 * Issue 25: every kind of history line the API can write reads as a Chinese sentence with Beijing
 * times, never a field name or a UTC instant. The facts below are those each change writes
 * (domain/order*.ts); the list of kinds is the API's own, so a new kind fails here until worded.
 */
const DEADLINE = '2026-12-07T09:30:00.000Z'; // 12月7日 17:30 in Beijing
const EARLIER = '2026-12-03T09:30:00.000Z';
const FACTS: Record<HistoryAction, Record<string, string | number | boolean | null>> = {
  created: { category: 'complaint', channel: 'wechat' },
  dispatched: { courtCode: '赣11', deadline: DEADLINE, firewalled: true, calendar: 'fallback' },
  notified: { stage: 'reply', level: 0, courtCode: '赣1126', deadline: DEADLINE, recipients: 2 },
  accepted: {},
  returned: { courtCode: '赣1126' },
  return_approved: { courtCode: '赣1126' },
  return_rejected: { courtCode: '赣1126', deadline: DEADLINE, late: true },
  extension_requested: { workingDays: 2 },
  extension_approved: { deadline: DEADLINE, previousDeadline: EARLIER, late: false },
  extension_rejected: {},
  replied: { late: false, courtCode: '赣1126', callbackDeadline: DEADLINE },
  reply_accepted: {},
  reply_rejected: { courtCode: '赣1126', deadline: DEADLINE, late: false },
  urged: { courtCode: '赣1126', repeatRequestId: 'RQ123' },
  callback_unreached: { attempt: 3, ratingSms: true },
  rated: { rating: 'basically_satisfied', source: 'sms', token: 'tok' },
  reopened: { reopenCount: 1, supervisingCourtCode: '赣11', deadline: DEADLINE },
  review_requested: { deadline: DEADLINE },
  closed: { closeReason: 'unreachable', attempts: 3 },
  warning: { stage: 'callback', level: 0, courtCode: '赣1126', deadline: DEADLINE, recipients: 3 },
  escalated: { stage: 'reply', level: 2, courtCode: '赣1126', deadline: DEADLINE, recipients: 4 },
  deadline_moved: {
    year: 2027,
    stage: 'callback',
    round: false,
    previousDeadline: EARLIER,
    deadline: DEADLINE,
    stageDeadline: DEADLINE,
    calendar: 'official',
  },
};
const COURTS: Record<string, string> = { 赣11: '上饶市中级人民法院', 赣1126: '弋阳县人民法院' };
const sentence = (action: HistoryAction) =>
  historySentence(
    { at: EARLIER, action, by: { sub: 'system', role: 'system', court: null }, details: FACTS[action] },
    (code) => COURTS[code] ?? code,
  );

test.each([...HISTORY_ACTIONS])('%s reads as a Chinese sentence in Beijing time', (action) => {
  const line = sentence(action);
  expect(line).toMatch(/\p{Script=Han}/u);
  // No field name, code or value left in English, and no UTC instant.
  expect(line).not.toMatch(/[A-Za-z_]{2,}/);
  expect(line).not.toMatch(/\d{4}-\d\d-\d\d/);
  if (Object.values(FACTS[action]).includes(DEADLINE)) expect(line).toContain('12月7日 17:30');
});

test('the facts a reader needs are in the sentence', () => {
  expect(sentence('deadline_moved')).toBe('回访期限由 12月3日 17:30 调整至 12月7日 17:30');
  expect(sentence('extension_approved')).toBe('批准延期，答复期限由 12月3日 17:30 延至 12月7日 17:30');
  expect(sentence('replied')).toBe('弋阳县人民法院答复，回访期限 12月7日 17:30');
  expect(sentence('callback_unreached')).toBe('第 3 次回访未接通，已向群众发送评价短信');
  expect(sentence('escalated')).toContain('二级督办');
});
