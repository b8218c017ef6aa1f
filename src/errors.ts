/**
 * Typed errors. Every error that reaches the user names what it concerns (a host, a cluster.yml
 * key path, a file) so the message can be acted on without --debug.
 */
export interface ErrorSubject {
  host?: string;
  key?: string;
  file?: string;
  line?: number;
}

export class RkeError extends Error {
  readonly subject: ErrorSubject;
  constructor(message: string, subject: ErrorSubject = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.subject = subject;
  }
}

/** cluster.yml could not be parsed or failed validation. */
export class ConfigError extends RkeError {}

/** A command or option whose engine is not built yet: never a silent success. */
export class NotImplementedError extends RkeError {
  constructor(what: string) {
    super(`${what} is not implemented yet in rke-ts`);
  }
}

/** A host could not be reached or refused an operation. */
export class HostError extends RkeError {}

/** cluster.rkestate or another local file is unreadable, corrupt or could not be written. */
export class StateFileError extends RkeError {}

/** Process exit codes used by every command. `plan` uses 2 for "changes pending". */
export const ExitCode = {
  ok: 0,
  error: 1,
  changes: 2,
} as const;
