/** Command-line flags of a component, read the way kube-bench reads `ps` output. */

/** `--name=value` / `--name value` / bare `--name` → map (the last occurrence wins, like the Go flag package). */
export function parseFlags(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('-')) {
      flags.set(arg.slice(2), next);
      i++;
    } else {
      flags.set(arg.slice(2), 'true');
    }
  }
  return flags;
}

/** Comma-separated flag value as a list (empty when unset). */
export function listFlag(flags: Map<string, string>, name: string): string[] {
  return (flags.get(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** File mode within `max` (kube-bench's `bitmask` test: no bit outside the allowed ones). */
export function modeWithin(mode: number, max: number): boolean {
  return (mode & ~max & 0o777) === 0;
}

export function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(3, '0');
}
