import { rmSync } from 'node:fs';

/** Removes the run's temporary folder (test/support/global-setup.ts). */
export default function globalTeardown(): void {
  const dir = process.env.TMPDIR;
  if (dir?.includes('minyi-jest-')) rmSync(dir, { recursive: true, force: true });
}
