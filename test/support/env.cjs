// Handlers log at INFO on Lambda; the suite keeps its output readable. test/api/logs.test.ts
// turns logging back on to prove no personal information reaches a log line.
process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
