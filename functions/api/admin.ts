import {
  changeCourt,
  changeStaff,
  listDirectoryChanges as changesOf,
  listDirectoryCourts as courtsOf,
  listStaff,
} from '../../services/directory';
import { httpHandler } from '../commons/http';
import { byRoute } from '../commons/http/dispatch';
import { ROUTES } from './routes';

/** The directory at run time: the center's administrators change it, they and the center's auditors read it. */
export const listDirectoryStaff = httpHandler(ROUTES.listDirectoryStaff, ({ services, staff, query }) =>
  listStaff(services, staff, {
    courtCode: query.courtCode,
    active: query.active === undefined ? undefined : query.active === 'true',
    limit: query.limit,
    cursor: query.cursor,
  }),
);

export const changeDirectoryStaff = httpHandler(ROUTES.changeDirectoryStaff, ({ services, staff, body }) =>
  changeStaff(services, staff, body),
);

export const listDirectoryCourts = httpHandler(ROUTES.listDirectoryCourts, ({ services, staff, query }) =>
  courtsOf(services, staff, query),
);

export const changeDirectoryCourt = httpHandler(ROUTES.changeDirectoryCourt, ({ services, staff, body }) =>
  changeCourt(services, staff, body),
);

export const listDirectoryChanges = httpHandler(ROUTES.listDirectoryChanges, ({ services, staff, query }) =>
  changesOf(services, staff, query),
);

/** The one Lambda of these routes (SHARED_FUNCTIONS in routes.ts): the directory is changed rarely. */
export const routes = byRoute({
  listDirectoryStaff,
  changeDirectoryStaff,
  listDirectoryCourts,
  changeDirectoryCourt,
  listDirectoryChanges,
});
