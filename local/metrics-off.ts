// Locally the figures are read from the reports, not from CloudWatch: Powertools Metrics prints
// nothing. It reads this when its one instance is built, at import, so local/stack.ts imports this
// module before anything that imports the metrics (set in startLocalStack, it came too late, and
// the order clock's escalation counts were printed to stdout as EMF lines, 100 at a time).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
