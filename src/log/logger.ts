/**
 * RKE1-style log lines (`INFO[0003] [etcd] Building up etcd plane..`): level, seconds since start,
 * message. Quiet by default for debug lines; `--debug` shows them, `--trace` shows everything,
 * `--quiet` discards all. Output goes to stderr so stdout stays clean for `--output json` and
 * `--print`.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };
const LABEL: Record<LogLevel, string> = { trace: 'TRAC', debug: 'DEBU', info: 'INFO', warn: 'WARN', error: 'ERRO' };

export interface LogSink {
  write(line: string): void;
}

export class Logger {
  private readonly started = Date.now();
  constructor(
    public level: LogLevel | 'silent' = 'info',
    private sink: LogSink = { write: (l) => process.stderr.write(l) },
  ) {}

  /** Sends lines elsewhere (a live progress view prints them above itself); returns the previous sink. */
  setSink(sink: LogSink): LogSink {
    const previous = this.sink;
    this.sink = sink;
    return previous;
  }

  enabled(level: LogLevel): boolean {
    return this.level !== 'silent' && ORDER[level] >= ORDER[this.level];
  }

  log(level: LogLevel, message: string): void {
    if (!this.enabled(level)) return;
    const secs = Math.floor((Date.now() - this.started) / 1000);
    this.sink.write(`${LABEL[level]}[${String(secs).padStart(4, '0')}] ${message}\n`);
  }

  trace(m: string): void { this.log('trace', m); }
  debug(m: string): void { this.log('debug', m); }
  info(m: string): void { this.log('info', m); }
  warn(m: string): void { this.log('warn', m); }
  error(m: string): void { this.log('error', m); }
}

/** The process-wide logger; the CLI sets its level from --debug/--trace/--quiet. */
export const log = new Logger();
