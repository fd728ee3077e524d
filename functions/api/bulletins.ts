import { readBulletin, readRanking } from '../../services/bulletins';
import { httpHandler } from '../commons/http';
import { byRoute } from '../commons/http/dispatch';
import { ROUTES } from './routes';

/** GET /v1/reports/ranking?month=2026-11&level=basic: the month's ranking (auditors; supervisors see their scope). */
export const getRanking = httpHandler(ROUTES.getRanking, async ({ query, staff, services }) =>
  readRanking(services, staff, query.month, query.level),
);

/** GET /v1/reports/bulletin?month=2026-11&courtCode=赣1126: a court's 通报 (the desk's printable page). */
export const getBulletin = httpHandler(ROUTES.getBulletin, async ({ query, staff, services }) =>
  readBulletin(services, staff, query.month, query.courtCode),
);

/** The one Lambda of these routes (SHARED_FUNCTIONS in routes.ts). */
export const routes = byRoute({ getRanking, getBulletin });
