/**
 * Imported first by test files that provoke failures on purpose (the fault suite): the logger reads its level
 * when its module loads, so this sets it before any handler is imported. Expected 503s log at WARN.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
