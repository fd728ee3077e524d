const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const seconds = require('./suite-seconds.json');

/**
 * Runs the slowest suites first on a machine that has never run the suite (CI's clean clone), so
 * that a long one never starts last and keeps one worker busy after the other has finished. Jest
 * orders by the durations it cached on an earlier run, and without them by file size; the
 * simulation's test is a small file and one of the longest suites, and on a clean clone it started
 * half-way through. `suite-seconds.json` holds each suite's seconds from a measured run (refresh:
 * `npx jest --json --outputFile=/tmp/jest.json`, then `npx tsx scripts/suite-seconds.ts /tmp/jest.json`);
 * a suite missing from it is estimated from its size, as jest would.
 */
class SlowestFirst extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const known = seconds[relative(test.context.config.rootDir, test.path)];
    if (known != null) return known * 1000;
    // About what the suites measured take per byte of test file (a second per 500 bytes).
    return (test.context.hasteFS.getSize(test.path) ?? 0) * 2;
  }
}

module.exports = SlowestFirst;
