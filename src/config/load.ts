/**
 * The one call the CLI makes: read cluster.yml, parse, apply RKE1's defaults and CLI flags, validate,
 * and fail with a single ConfigError that lists every problem with its key path and line.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { applyDefaults, type CliConfigFlags, type ConfigVersionTable } from './defaults.js';
import { lineOf, type ConfigIssue, type ConfigWarning, type LineIndex } from './issues.js';
import { ConfigIssuesError, parseClusterConfig } from './parse.js';
import type { ClusterConfig } from './schema/cluster.js';
import { configWarnings, validateClusterConfig } from './validate.js';
import { applyProfile } from '../profile/overlay.js';

function withLine(issue: ConfigIssue, lines: LineIndex | undefined): ConfigIssue {
  const line = lineOf(lines, issue.path);
  return line === undefined ? issue : { ...issue, line };
}

export interface LoadClusterConfigOptions {
  table: ConfigVersionTable;
  /** RKE1's `--ssh-agent-auth` / `--ignore-docker-version`; omit to keep the file's values. */
  flags?: CliConfigFlags;
}

export interface LoadedClusterConfig {
  /** The effective (defaulted, validated) config: what RKE1 stores as the desired state. */
  config: ClusterConfig;
  /** The config as written in the file (before defaults). */
  raw: ClusterConfig;
  /** Unknown keys and values RKE1 ignores, and RKE1's warnings about the config (log them under --debug). */
  warnings: ConfigWarning[];
  lines: LineIndex;
  file: string;
}

/** Validates an already parsed config; throws ConfigIssuesError listing every problem. */
export function effectiveClusterConfig(
  raw: ClusterConfig,
  options: LoadClusterConfigOptions & { file?: string; lines?: LineIndex },
): { config: ClusterConfig; warnings: ConfigWarning[] } {
  const file = options.file ?? 'cluster.yml';
  // rke-ts `profile:` is written into the file's settings first, so RKE1's defaults complete it.
  const hardened = applyProfile(raw);
  const config = applyDefaults(hardened.config, options.table, options.flags ? { flags: options.flags } : {});
  const validateOptions = options.lines ? { lines: options.lines } : {};
  const profileIssues = hardened.issues.map((issue) => withLine(issue, options.lines));
  const issues = [...validateClusterConfig(config, options.table, validateOptions), ...profileIssues];
  if (issues.length > 0) throw new ConfigIssuesError(issues, file);
  return { config, warnings: configWarnings(config, validateOptions) };
}

export async function loadClusterConfig(path: string, options: LoadClusterConfigOptions): Promise<LoadedClusterConfig> {
  let text: string;
  try {
    text = await readFile(resolve(path), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `open ${resolve(path)}: no such file or directory` : String(error);
    throw new ConfigError(`can not find cluster configuration file: ${reason}`, { file: path }, { cause: error });
  }
  const parsed = parseClusterConfig(text, { file: path });
  const { config, warnings } = effectiveClusterConfig(parsed.config, { ...options, file: path, lines: parsed.lines });
  return { config, raw: parsed.config, warnings: [...parsed.warnings, ...warnings], lines: parsed.lines, file: path };
}
