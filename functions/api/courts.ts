import { httpHandler } from '../commons/http';
import { ROUTES } from './routes';

/** GET /v1/courts: the court directory, for anyone. */
export const listCourts = httpHandler(ROUTES.listCourts, async ({ services }) => ({
  items: services.courts.all().map((c) => ({
    code: c.code,
    name: c.name,
    shortName: c.shortName,
    level: c.level,
    parentCode: c.parentCode,
  })),
}));
