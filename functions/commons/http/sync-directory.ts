import { syncDirectory } from '../../../services/directory';
import { getContainer } from '../container';
import type { RouteMiddleware } from './route-context';

/**
 * Every call reads the directory as it stands now (a court renamed, a handler who left): before
 * the caller's token names a court, the process's directory is brought up to the stored one
 * (services/directory.ts: a version check at most every few seconds, a reload only on a change).
 */
export function directoryInSync(): RouteMiddleware {
  return {
    before: async function syncTheDirectory() {
      await syncDirectory(getContainer());
    },
  };
}
