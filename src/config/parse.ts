/**
 * cluster.yml text → ClusterConfig, following RKE1's ParseConfig: YAML 1.1 (yaml.v2) decoding with
 * unknown keys ignored, then the Kubernetes sub-trees re-read with their JSON keys. Pure: no I/O.
 */
import { LineCounter, parseAllDocuments, YAMLParseError, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import { AliasLimitError, decodeNode, toJsonValue, type DecodeContext } from './decode.js';
import { formatIssue, inContext, type ConfigIssue, type ConfigWarning, type LineIndex } from './issues.js';
import { reparseK8sSubtrees } from './rke-reparse.js';
import { clusterConfigSchema, type ClusterConfig } from './schema/cluster.js';

export interface ParsedClusterConfig {
  config: ClusterConfig;
  /** Unknown/ignored keys and values RKE1 drops (RKE1 logs nothing for most: show them under --debug). */
  warnings: ConfigWarning[];
  /** Line of every key path present in the file. */
  lines: LineIndex;
  file: string;
}

export interface ParseOptions {
  /** File name used in messages (default `cluster.yml`). */
  file?: string;
}

/**
 * A ConfigError carrying every issue, each with its key path and line. With one issue the message is
 * RKE1's own line plus the location; with more, a list (the first is the one RKE1 would stop at).
 */
export class ConfigIssuesError extends ConfigError {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[], file: string) {
    const first = issues[0];
    const subject: { file: string; key?: string; line?: number } = { file };
    if (first?.path) subject.key = first.path;
    if (first?.line !== undefined) subject.line = first.line;
    const list = issues.map((issue) => `  - ${formatIssue(issue)}`).join('\n');
    super(issues.length === 1 && first ? `${formatIssue(first)} in ${file}` : `${issues.length} problems in ${file}:\n${list}`, subject);
    this.issues = issues;
  }
}

/** Worded like RKE1's first (ghodss/yaml) pass over the file; the description is the yaml library's. */
function syntaxError(error: YAMLParseError, file: string): ConfigError {
  const line = error.linePos?.[0].line;
  const summary = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  const where = line !== undefined ? `line ${line}: ` : '';
  const subject: { file: string; line?: number } = { file };
  if (line !== undefined) subject.line = line;
  return new ConfigError(
    `Failed to parse cluster file: error unmarshalling clusterfile: error converting YAML to JSON: yaml: ${where}${summary} (${file})`,
    subject,
    { cause: error },
  );
}

export function parseClusterConfig(text: string, options: ParseOptions = {}): ParsedClusterConfig {
  const file = options.file ?? 'cluster.yml';
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: false,
    merge: false,
    lineCounter,
    prettyErrors: true,
    // yaml.v2 accepts some content YAML 1.2 strictly rejects (e.g. multi-line implicit keys).
    strict: false,
  });
  const docs: Document[] = Array.isArray(parsed) ? parsed : [];
  const doc = docs[0];
  if (!doc) return { config: {}, warnings: [], lines: new Map(), file };
  // yaml.v2 reads only the first document; errors anywhere in the stream still fail the parse.
  for (const current of docs) {
    const error = current.errors[0];
    if (error) throw syntaxError(error, file);
  }

  const ctx: DecodeContext = { doc, lineCounter, issues: [], warnings: [], lines: new Map() };
  let config: ClusterConfig;
  let raw: unknown;
  try {
    config = (decodeNode(ctx, doc.contents, clusterConfigSchema, '') ?? {}) as ClusterConfig;
    if (ctx.issues.length > 0) {
      // yaml.v2 reports every type error at once: "yaml: unmarshal errors:\n  line N: ...".
      const typeErrors = ctx.issues.map((issue) => ({
        ...issue,
        context: `Failed to parse cluster file: yaml: unmarshal errors:\n  line ${issue.line ?? 0}`,
      }));
      throw new ConfigIssuesError(typeErrors, file);
    }
    raw = toJsonValue(ctx, doc.contents as never);
  } catch (error) {
    if (error instanceof AliasLimitError) {
      throw new ConfigError(`Failed to parse cluster file: yaml: document contains excessive aliasing (${file})`, { file }, { cause: error });
    }
    throw error;
  }

  const second = reparseK8sSubtrees(config, raw, ctx.lines);
  if (second.issues.length > 0) throw new ConfigIssuesError(inContext('Failed to parse cluster file', second.issues), file);

  const warnings = [...ctx.warnings, ...second.warnings];
  if (docs.length > 1) warnings.push({ message: 'only the first YAML document is read; the others are ignored', path: '' });
  return { config, warnings, lines: ctx.lines, file };
}
