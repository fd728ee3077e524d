// Imported first by the command-line tools: when they run the local stack in-process, the
// handlers' INFO lines would bury the tool's own output. Set before any logger is created.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
