/**
 * Decodes a YAML AST into a value of a schema built with schema-dsl, the way gopkg.in/yaml.v2 decodes
 * into RKE1's Go structs: non-strict (unknown keys are ignored, reported as warnings), scalars into
 * string fields keep their source text, type mismatches are collected (yaml.v2 keeps going and reports
 * them all), and every key's line is recorded.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type LineCounter } from 'yaml';
import type { z } from 'zod';
import { joinPath, type ConfigIssue, type ConfigWarning } from './issues.js';
import { metaOf, structMetaOf, type NodeMeta } from './schema-dsl.js';
import { resolvePlainScalar, type ResolvedScalar } from './yaml-scalar.js';

export interface DecodeContext {
  doc: Document;
  lineCounter: LineCounter;
  issues: ConfigIssue[];
  warnings: ConfigWarning[];
  lines: Map<string, number>;
  /** Alias expansions so far: bounded so that "billion laughs" documents fail fast instead of hanging. */
  aliasExpansions?: number;
}

const MAX_ALIAS_DEPTH = 64;
export const MAX_ALIAS_EXPANSIONS = 10_000;

export class AliasLimitError extends Error {}

function lineAt(ctx: DecodeContext, node: Node | null | undefined): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : ctx.lineCounter.linePos(offset).line;
}

function deref(ctx: DecodeContext, node: unknown, depth = 0): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    if (depth > MAX_ALIAS_DEPTH) return null;
    ctx.aliasExpansions = (ctx.aliasExpansions ?? 0) + 1;
    if (ctx.aliasExpansions > MAX_ALIAS_EXPANSIONS) throw new AliasLimitError(`more than ${MAX_ALIAS_EXPANSIONS} alias expansions`);
    return deref(ctx, node.resolve(ctx.doc) ?? null, depth + 1);
  }
  return node as Node;
}

/** yaml.v2's view of a scalar node: resolved tag/value plus the source text. */
function scalarOf(node: Node): { resolved: ResolvedScalar; text: string } | undefined {
  if (!isScalar(node)) return undefined;
  const text = node.source ?? (node.value === null ? '' : String(node.value));
  if (node.type === 'PLAIN' && (node.tag === undefined || node.tag === '?')) {
    return { resolved: resolvePlainScalar(text), text };
  }
  if (node.tag === 'tag:yaml.org,2002:null') return { resolved: { tag: '!!null' }, text };
  return { resolved: { tag: '!!str', value: String(node.value ?? '') }, text };
}

function shortTag(node: Node): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  return scalarOf(node)?.resolved.tag ?? '!!str';
}

function typeError(ctx: DecodeContext, node: Node, goType: string, path: string): undefined {
  const scalar = scalarOf(node);
  const shown = scalar ? ` \`${scalar.text.length > 40 ? `${scalar.text.slice(0, 40)}...` : scalar.text}\`` : '';
  const issue: ConfigIssue = { message: `cannot unmarshal ${shortTag(node)}${shown} into ${goType}`, path };
  const line = lineAt(ctx, node);
  if (line !== undefined) issue.line = line;
  ctx.issues.push(issue);
  return undefined;
}

/** Key text as yaml.v2 decodes a mapping key into a Go string: the source text, never a resolved bool. */
function keyText(ctx: DecodeContext, pair: Pair): string | undefined {
  const key = deref(ctx, pair.key);
  if (key === null) return '';
  const scalar = scalarOf(key);
  return scalar ? (scalar.resolved.tag === '!!null' ? '' : scalar.text) : undefined;
}

interface Entry {
  key: string;
  keyNode: Node | null;
  value: Node | null;
}

/** Mapping entries in document order, with `<<` merge keys expanded in place. */
function entriesOf(ctx: DecodeContext, node: Node, depth = 0): Entry[] {
  if (!isMap(node) || depth > MAX_ALIAS_DEPTH) return [];
  const out: Entry[] = [];
  for (const pair of node.items) {
    const keyNode = deref(ctx, pair.key);
    const key = keyText(ctx, pair);
    const value = deref(ctx, pair.value);
    if (key === '<<' && keyNode && isScalar(keyNode) && keyNode.type === 'PLAIN' && value) {
      const sources = isSeq(value) ? value.items.map((item) => deref(ctx, item)) : [value];
      for (const source of sources) if (source) out.push(...entriesOf(ctx, source, depth + 1));
      continue;
    }
    if (key === undefined) continue; // a complex key cannot name a Go struct field or string map key
    out.push({ key, keyNode, value });
  }
  return out;
}

function recordLine(ctx: DecodeContext, path: string, node: Node | null): void {
  const line = lineAt(ctx, node);
  if (line !== undefined) ctx.lines.set(path, line);
}

function decodeInt(ctx: DecodeContext, node: Node, meta: NodeMeta, path: string): number | undefined {
  const scalar = scalarOf(node);
  if (!scalar) return typeError(ctx, node, meta.goType, path);
  const { resolved } = scalar;
  if (resolved.tag === '!!null') return undefined;
  if (resolved.tag !== '!!int' && resolved.tag !== '!!float') return typeError(ctx, node, meta.goType, path);
  if (!Number.isFinite(resolved.value)) return typeError(ctx, node, meta.goType, path);
  const value = Math.trunc(resolved.value);
  const limit = meta.bits === 32 ? 2 ** 31 : 2 ** 63;
  if (value < -limit || value >= limit) return typeError(ctx, node, meta.goType, path);
  return value;
}

/** Go encoding/json view of a YAML node (ghodss/yaml: YAML → JSON), for Kubernetes objects. */
export function toJsonValue(ctx: DecodeContext, node: Node | null, depth = 0): unknown {
  if (node === null || depth > MAX_ALIAS_DEPTH * 4) return null;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const entry of entriesOf(ctx, node)) out[entry.key] = toJsonValue(ctx, entry.value, depth + 1);
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => toJsonValue(ctx, deref(ctx, item), depth + 1));
  const scalar = scalarOf(node);
  if (!scalar) return null;
  const { resolved } = scalar;
  switch (resolved.tag) {
    case '!!null':
      return null;
    case '!!str':
      return resolved.value;
    case '!!float':
      // JSON has no Inf/NaN: ghodss fails on them; keeping the text is the closest useful result.
      return Number.isFinite(resolved.value) ? resolved.value : scalar.text;
    default:
      return resolved.value;
  }
}

function jsonTypeName(node: Node): string {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  const tag = scalarOf(node)?.resolved.tag;
  if (tag === '!!bool') return 'bool';
  if (tag === '!!int' || tag === '!!float') return 'number';
  return 'string';
}

/** Decodes `node` into `schema` at `path`. Returns undefined for null/absent values and type errors. */
export function decodeNode(ctx: DecodeContext, rawNode: unknown, schema: z.ZodType, path: string, viaJson = false): unknown {
  const node = deref(ctx, rawNode);
  if (node === null) return undefined;
  const meta = metaOf(schema);
  const scalar = scalarOf(node);
  if (scalar?.resolved.tag === '!!null') return undefined;

  // Structs RKE re-parses with encoding/json report JSON-style type errors.
  const mismatch = (): undefined => {
    if (!viaJson) return typeError(ctx, node, meta.goType, path);
    const issue: ConfigIssue = { message: `json: cannot unmarshal ${jsonTypeName(node)} into Go value of type ${meta.goType}`, path };
    const line = lineAt(ctx, node);
    if (line !== undefined) issue.line = line;
    ctx.issues.push(issue);
    return undefined;
  };

  switch (meta.kind) {
    case 'string':
      if (!scalar) return mismatch();
      if (viaJson && scalar.resolved.tag !== '!!str') return mismatch();
      return scalar.resolved.tag === '!!str' ? scalar.resolved.value : scalar.text;
    case 'bool':
      if (scalar?.resolved.tag !== '!!bool') return mismatch();
      return scalar.resolved.value;
    case 'int':
      return viaJson && scalar?.resolved.tag === '!!str' ? mismatch() : decodeInt(ctx, node, meta, path);
    case 'float':
      if (scalar?.resolved.tag === '!!int' || scalar?.resolved.tag === '!!float') return scalar.resolved.value;
      return mismatch();
    case 'intOrString':
      if (scalar?.resolved.tag === '!!int') return scalar.resolved.value;
      if (scalar?.resolved.tag === '!!str') return scalar.resolved.value;
      return mismatch();
    case 'json':
      if (!isMap(node)) return mismatch();
      return toJsonValue(ctx, node);
    case 'list': {
      if (!isSeq(node)) return mismatch();
      const element = meta.element as z.ZodType;
      return node.items.map((item, index) => {
        const itemPath = joinPath(path, index);
        const itemNode = deref(ctx, item);
        recordLine(ctx, itemPath, itemNode);
        const value = decodeNode(ctx, itemNode, element, itemPath, viaJson);
        return value === undefined ? zeroOf(element) : value;
      });
    }
    case 'map': {
      if (!isMap(node)) return mismatch();
      const element = meta.element as z.ZodType;
      const out: Record<string, unknown> = {};
      for (const entry of entriesOf(ctx, node)) {
        const entryPath = joinPath(path, entry.key);
        recordLine(ctx, entryPath, entry.keyNode);
        const value = decodeNode(ctx, entry.value, element, entryPath, viaJson);
        out[entry.key] = value === undefined ? zeroOf(element) : value;
      }
      return out;
    }
    case 'struct':
      if (!isMap(node)) return mismatch();
      return decodeStruct(ctx, node, schema, path, viaJson);
  }
}

/** The Go zero value a nil list/map element decodes to (yaml.v2 stores it, it does not skip it). */
function zeroOf(schema: z.ZodType): unknown {
  switch (metaOf(schema).kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'float':
      return 0;
    case 'struct':
      return {};
    default:
      return null;
  }
}

function decodeStruct(ctx: DecodeContext, node: Node, schema: z.ZodType, path: string, viaJson: boolean): unknown {
  const meta = structMetaOf(schema);
  const jsonDecoded = viaJson || meta.jsonDecoded === true;
  const out: Record<string, unknown> = {};
  const foldedKeys = new Map(Object.keys(meta.fields).map((key) => [key.toLowerCase(), key]));
  for (const entry of entriesOf(ctx, node)) {
    // own keys only: a key such as `toString` must not find Object.prototype's member
    let fieldKey: string | undefined = Object.hasOwn(meta.fields, entry.key) ? entry.key : undefined;
    // Go's encoding/json matches field names case-insensitively.
    if (fieldKey === undefined && jsonDecoded) fieldKey = foldedKeys.get(entry.key.toLowerCase());
    const fieldPath = joinPath(path, fieldKey ?? entry.key);
    if (fieldKey === undefined) {
      if (!jsonDecoded) {
        const warning: ConfigWarning = { message: `unknown key [${entry.key}] is ignored`, path: fieldPath };
        const line = lineAt(ctx, entry.keyNode);
        if (line !== undefined) warning.line = line;
        ctx.warnings.push(warning);
      }
      continue;
    }
    const field = meta.fields[fieldKey];
    if (!field) continue;
    recordLine(ctx, fieldPath, entry.keyNode);
    const value = decodeNode(ctx, entry.value, field.schema, fieldPath, jsonDecoded);
    if (value === undefined) delete out[fieldKey];
    else out[fieldKey] = value;
  }
  return out;
}
