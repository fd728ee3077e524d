import { httpHandler } from '../commons/http';

/** GET /v1/courts: the court directory, for anyone. */
export const listCourts = httpHandler({ auth: 'none' }, async ({ services }) => ({
  status: 200,
  body: {
    items: services.courts.all().map((c) => ({
      code: c.code,
      name: c.name,
      shortName: c.shortName,
      level: c.level,
      parentCode: c.parentCode,
    })),
  },
}));
