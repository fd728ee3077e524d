import { dailyReport, monthlyReport } from '../../services/reports';
import { httpHandler } from '../commons/http';
import { DailyReportQuery, MonthlyReportQuery } from './schemas';

/** GET /v1/reports/monthly?month=2026-11&courtCode=赣11: auditors and supervisors, within their subtree. */
export const getMonthlyReport = httpHandler(
  { auth: 'staff', query: MonthlyReportQuery },
  async ({ query, staff, services }) => ({
    status: 200,
    body: await monthlyReport(services, staff!, query.month, query.courtCode),
  }),
);

/** GET /v1/reports/daily?date=2026-11-26&courtCode=赣 */
export const getDailyReport = httpHandler(
  { auth: 'staff', query: DailyReportQuery },
  async ({ query, staff, services }) => ({
    status: 200,
    body: await dailyReport(services, staff!, query.date, query.courtCode),
  }),
);
