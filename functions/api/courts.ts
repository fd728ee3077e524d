import { httpHandler } from '../commons/http';
import { ROUTES } from './routes';

/** GET /v1/courts: the court directory as it stands now (services/directory.ts), for anyone. */
export const listCourts = httpHandler(ROUTES.listCourts, async ({ services }) => ({
  items: services.courts.all().map((c) => ({
    code: c.code,
    name: c.name,
    shortName: c.shortName,
    level: c.level,
    parentCode: c.parentCode,
    // Merged courts stay listed: their orders still name them (DOMAIN.md, the directory at run time).
    mergedInto: c.mergedInto ?? null,
  })),
}));
