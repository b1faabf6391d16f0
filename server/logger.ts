import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Personal data never goes in: no emails, names, tokens or note text. The
 * redact list is a second line of defence for fields that might slip into a logged object.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'email',
        'password',
        'token',
        'displayName',
        'name',
        '*.email',
        '*.password',
        '*.token',
        '*.displayName',
        'req.headers.cookie',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
