/** Problems found in a cluster.yml, each naming the key path and, when known, the line in the file. */
export interface ConfigIssue {
  /** The message, worded as RKE1 words it. */
  message: string;
  /** Key path in cluster.yml, e.g. `nodes[1].role` or `services.kube-api.audit_log` ('' = whole file). */
  path: string;
  line?: number;
  /**
   * The prefix RKE1 wraps the message in when it stops with it, e.g. `Failed to validate cluster`
   * (see rkeMessage). Absent when RKE1 prints the message bare.
   */
  context?: string;
}

/** Something RKE1 accepts silently or only logs (unknown keys, ignored values). */
export type ConfigWarning = ConfigIssue;

/** Line of each key path that appeared in the file (path → 1-based line). */
export type LineIndex = ReadonlyMap<string, number>;

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** The line of `path`, or of its nearest ancestor that is in the file. */
export function lineOf(lines: LineIndex | undefined, path: string): number | undefined {
  if (!lines) return undefined;
  let current = path;
  for (;;) {
    const line = lines.get(current);
    if (line !== undefined) return line;
    if (!current) return undefined;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    current = cut > 0 ? current.slice(0, cut) : '';
  }
}

/** The whole line RKE1 prints (after `FATA[0000] `) when it stops at this issue. */
export function rkeMessage(issue: ConfigIssue): string {
  return issue.context ? `${issue.context}: ${issue.message}` : issue.message;
}

/** A new list with `context` set on every issue that has none. */
export function inContext(context: string, issues: ConfigIssue[]): ConfigIssue[] {
  return issues.map((issue) => (issue.context ? issue : { ...issue, context }));
}

export function formatIssue(issue: ConfigIssue): string {
  const where = [issue.path ? `[${issue.path}]` : '', issue.line !== undefined ? `line ${issue.line}` : '']
    .filter(Boolean)
    .join(' ');
  const message = rkeMessage(issue);
  return where ? `${message} (${where})` : message;
}
