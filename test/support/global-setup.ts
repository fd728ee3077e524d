import { synthesizedTemplate } from '../../local/template';

/**
 * Once before the suite's workers start: the synthesized template every local stack is built from
 * (local/template.ts keeps it on disk by the hash of what it depends on), so the workers read one
 * file instead of each synthesizing it at the same time.
 */
export default function globalSetup(): void {
  synthesizedTemplate();
}
