/** Problems found in a cluster.yml, each naming the key path and, when known, the line in the file. */
export interface ConfigIssue {
  /** The message, worded as RKE1 words it. */
  message: string;
  /** Key path in cluster.yml, e.g. `nodes[1].role` or `services.kube-api.audit_log` ('' = whole file). */
  path: string;
  line?: number;
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

export function formatIssue(issue: ConfigIssue): string {
  const where = [issue.path ? `[${issue.path}]` : '', issue.line !== undefined ? `line ${issue.line}` : '']
    .filter(Boolean)
    .join(' ');
  return where ? `${issue.message} (${where})` : issue.message;
}
