import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalTokens } from '../adapters/tokens';
import { STAFF_ROLES } from '../domain/access';

/** `npm run token -- --role handler --court 赣1126 [--sub S] [--unit supervision]`: a staff token the local server accepts. */
async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      court: { type: 'string' },
      sub: { type: 'string' },
      unit: { type: 'string' },
    },
  });
  const role = values.role ?? '';
  if (!(STAFF_ROLES as readonly string[]).includes(role) || !values.court) {
    console.error(
      `usage: npm run token -- --role ${STAFF_ROLES.join('|')} --court <code> [--sub <id>] [--unit supervision]`,
    );
    process.exit(2);
  }
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    console.error(`no ${file}: run npm start once first (it makes the local signing secret)`);
    process.exit(1);
  }
  const tokens = new LocalTokens(readFileSync(file, 'utf8').trim());
  process.stdout.write(
    `${await tokens.mint({ sub: values.sub ?? `${role}-${values.court}`, role, court: values.court, ...(values.unit ? { unit: values.unit } : {}) })}\n`,
  );
}

main();
