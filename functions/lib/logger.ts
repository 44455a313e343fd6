import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger (structured JSON, with the Lambda context when there is one). */
export const logger = new Logger({
  serviceName: 'huiyuan',
  logLevel: ((process.env.LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL) as 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | undefined) ?? 'INFO',
});
