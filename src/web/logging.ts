/**
 * Logger options: JSON lines (pino), one request id per request, and redaction. Fastify logs
 * no bodies or headers by default; we add the headers that matter and redact what carries a
 * secret: cookies, authorization, and any `token`, `code` or `password` in a URL.
 */
import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Bindings, ChildLoggerOptions, LoggerOptions } from 'pino';

const SECRET_QUERY = /([?&](?:token|code|password|secret|_csrf|state)=)[^&#]*/gi;
/** Path segments that carry a link token: `<flow id>.<secret>` in /confirm/email/…, /reset/…. */
const SECRET_SEGMENT = /\/[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}(?=[/?#]|$)/g;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]').replace(SECRET_SEGMENT, '/[redacted]');
}

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.password2',
  '*.newPassword',
  '*.token',
  '*.code',
  '*._csrf',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        };
      },
    },
  };
}

/**
 * One line per request, when its answer has gone: method, URL (redacted), address, status, time
 * — in place of Fastify's two («incoming request», then «request completed» without the URL).
 * Every other line a request writes carries the same `reqId`.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request');
  }
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LogFn = FastifyBaseLogger['info'];
/** pino's levels (the service defines no others). */
const LEVEL_VALUES: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/**
 * A request's logger, made when the request first writes a line at an enabled level. Most
 * requests write nothing below `info` in production, yet Fastify made a pino child for each
 * (a few µs with redaction configured: the bindings go through the redactor).
 */
class LazyChild implements FastifyBaseLogger {
  private made: FastifyBaseLogger | null = null;
  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}
  get level(): string {
    return this.real().level;
  }
  set level(value: string) {
    this.real().level = value;
  }
  private real(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }
  private at(level: Level): LogFn {
    return ((...args: Parameters<LogFn>) => {
      if (this.made === null && (LEVEL_VALUES[level] ?? 0) < (LEVEL_VALUES[this.parent.level] ?? 0)) return;
      (this.real()[level] as (...a: Parameters<LogFn>) => void)(...args);
    }) as LogFn;
  }
  fatal = this.at('fatal');
  error = this.at('error');
  warn = this.at('warn');
  info = this.at('info');
  debug = this.at('debug');
  trace = this.at('trace');
  silent: LogFn = (() => {}) as LogFn;
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: each request's logger, made only when it writes. */
export function lazyRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyChild(logger, bindings, options);
}
