import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

const logLevel = ((process.env.LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL) as 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | undefined) ?? 'INFO';

let instance: Logger | undefined;
/** The Lambda context handed to `addContext` before the logger was built, and how many times it was. */
let pending: { context: Context; calls: number } | undefined;

/**
 * Powertools is loaded and the logger built on the first log line, not at module load: most requests
 * log nothing, and loading it was a noticeable part of every function's cold start.
 */
function built(): Logger {
  if (!instance) {
    const { Logger: PowertoolsLogger } = require('@aws-lambda-powertools/logger') as typeof import('@aws-lambda-powertools/logger');
    instance = new PowertoolsLogger({ serviceName: 'huiyuan', logLevel });
    if (pending) {
      instance.addContext(pending.context);
      // Powertools reports cold_start on the first addContext only: replay a later one so that an
      // invocation after the first is not logged as a cold start.
      if (pending.calls > 1) instance.addContext(pending.context);
      pending = undefined;
    }
  }
  return instance;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const at = (level: Level) =>
  ((...args: unknown[]) => {
    const l = built();
    (l[level] as (...a: unknown[]) => void).apply(l, args);
  }) as Logger[Level];

/** The one logger (structured JSON, with the Lambda context when there is one). */
export const logger = {
  debug: at('debug'),
  info: at('info'),
  warn: at('warn'),
  error: at('error'),
  addContext(context: Context): void {
    if (instance) instance.addContext(context);
    else pending = { context, calls: (pending?.calls ?? 0) + 1 };
  },
};
