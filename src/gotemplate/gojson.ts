/**
 * Go's encoding/json.Marshal for template values (values.ts), and the JSON-shaped form of a
 * value that toYaml feeds to the YAML encoder.
 */
import { GoFloat, GoStruct, kindOf, sortedKeys } from './values.js';
import { YamlFloat, type JsonValue } from './goyaml.js';

/** The value as encoding/json sees it: structs become their JSON form, floats plain numbers. */
export function toJsonShape(v: unknown): unknown {
  if (v instanceof GoStruct) return v.json === undefined ? Object.fromEntries(Object.entries(v.fields).map(([k, f]) => [k, toJsonShape(f)])) : v.json;
  if (v instanceof GoFloat) return v.value;
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return null;
    case 'slice':
      return (v as unknown[]).map(toJsonShape);
    case 'map':
      return Object.fromEntries(Object.entries(v as object).map(([k, e]) => [k, toJsonShape(e)]));
    case 'func':
      throw new Error(`json: unsupported type: ${typeof v}`);
    default:
      return v;
  }
}

function quoteJson(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** encoding/json float64 text: 'f' format, 'e' below 1e-6 or from 1e21 (same as JS). */
function jsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  return String(n);
}

/** json.Marshal (compact, map keys sorted, HTML-escaped). */
export function marshalJson(v: unknown): string {
  const shape = toJsonShape(v);
  const enc = (x: unknown): string => {
    if (x === null || x === undefined) return 'null';
    if (typeof x === 'boolean') return String(x);
    if (typeof x === 'number') return jsonNumber(x);
    if (typeof x === 'string') return quoteJson(x);
    if (Array.isArray(x)) return `[${x.map(enc).join(',')}]`;
    const obj = x as Record<string, unknown>;
    return `{${sortedKeys(obj)
      .map((k) => `${quoteJson(k)}:${enc(obj[k])}`)
      .join(',')}}`;
  };
  return enc(shape);
}

/** json.MarshalIndent(v, "", "  ") as sprig's toPrettyJson uses it. */
export function marshalJsonIndent(v: unknown): string {
  const compact = marshalJson(v);
  return JSON.stringify(JSON.parse(compact), null, 2)
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/**
 * The data JSONToYAML hands to yaml.v2 after reading the JSON text back: numbers whose JSON text
 * is an integer become ints, others floats.
 */
export function jsonRoundTrip(v: unknown): JsonValue {
  const conv = (x: unknown): JsonValue => {
    if (x === null || x === undefined) return null;
    if (typeof x === 'number') {
      const text = jsonNumber(x);
      return /^-?\d+$/.test(text) ? x : Number.isInteger(x) ? new YamlFloat(x) : x;
    }
    if (typeof x === 'boolean' || typeof x === 'string') return x;
    if (Array.isArray(x)) return x.map(conv);
    return Object.fromEntries(Object.entries(x as object).map(([k, e]) => [k, conv(e)]));
  };
  return conv(toJsonShape(v));
}
