// Handlers log at INFO on Lambda; the suite keeps its output readable. test/api/logs.test.ts
// turns logging back on to prove no personal information reaches a log line.
process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// The per-client limits (issue 24) would refuse a suite that files hundreds of requests from one
// address; test/api/client-limits.test.ts turns them on and proves them.
process.env.CLIENT_LIMITS = 'off';
