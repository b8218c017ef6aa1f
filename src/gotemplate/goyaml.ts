/**
 * YAML text exactly as Go's gopkg.in/yaml.v2 (v2.4) Marshal writes JSON-shaped data (what
 * ghodss/sigs.k8s.io JSONToYAML produce): block style, 2-space mapping indent, sequences not
 * indented under their key, keys in yaml.v2's "natural" order, `{}`/`[]` for empty
 * collections, scalars plain when they would read back as the same string, else single- or
 * double-quoted, multi-line strings as literal blocks, long plain/single-quoted scalars folded
 * at column 80.
 */
import { formatFloat } from './values.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue } | YamlFloat;

/** A float64 whose value is integral (yaml.v2 prints it as `1` too, but keeps its float-ness). */
export class YamlFloat {
  constructor(readonly value: number) {}
}

const BEST_WIDTH = 80;

/** yaml.v2 resolve(): would this plain scalar read back as something other than a string? */
export function resolvesToNonString(s: string): boolean {
  if (s === '') return true;
  if (RESOLVE_MAP.has(s)) return true;
  const c = s[0]!;
  if (!'+-.0123456789'.includes(c)) return false;
  const plain = s.replace(/_/g, '');
  if (isGoInt(plain)) return true;
  if (YAML_FLOAT.test(plain)) return true;
  if (plain.startsWith('0b') && /^0b[01]+$/.test(plain)) return true;
  if (plain.startsWith('-0b') && /^-0b[01]+$/.test(plain)) return true;
  if (c >= '0' && c <= '9' && isTimestamp(s)) return true;
  return false;
}

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) accepts it. */
function isGoInt(s: string): boolean {
  const m = /^[+-]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  try {
    let body = s.replace(/^[+-]/, '');
    if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
    const v = BigInt(body.toLowerCase());
    return s.startsWith('-') ? v <= 2n ** 63n : v < 2n ** 64n;
  } catch {
    return false;
  }
}

/** yaml.v2's allowed timestamp layouts (parseTimestamp). */
function isTimestamp(s: string): boolean {
  const layouts = [
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{2}:\d{2}(\.\d+)?$/,
    /^\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}:\d{2}(\.\d+)?$/,
    /^\d{4}-\d{1,2}-\d{1,2}$/,
  ];
  if (!layouts.some((re) => re.test(s))) return false;
  const digits = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s)!;
  const month = Number(digits[2]);
  const day = Number(digits[3]);
  return digits[2]!.length === 2 && digits[3]!.length === 2 ? month >= 1 && month <= 12 && day >= 1 && day <= 31 : false;
}

/** yaml.v2 isBase60Float: `1:20` style sexagesimal numbers are quoted too. */
function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBlank = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBreak = (c: string | undefined): boolean => c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isSpaceChar = (c: string | undefined): boolean => c === ' ';

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** yaml_emitter_analyze_scalar. */
function analyzeScalar(value: string): ScalarAnalysis {
  const chars = [...value];
  const result: ScalarAnalysis = { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  if (chars.length === 0) return result;
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const next = chars[i + 1];
    const followedByWhitespace = isBlank(next);
    if (i === 0) {
      switch (c) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*': case '!': case '|': case '>': case "'": case '"': case '%': case '@': case '`':
          flowIndicators = true;
          blockIndicators = true;
          break;
        case '?': case ':':
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '-':
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case ',': case '?': case '[': case ']': case '{': case '}':
          flowIndicators = true;
          break;
        case ':':
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '#':
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isBreak(c)) lineBreaks = true;
    if (isSpaceChar(c)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c);
  }
  result.multiline = lineBreaks;
  result.flowPlainAllowed = true;
  result.blockPlainAllowed = true;
  result.singleQuotedAllowed = true;
  result.blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
  }
  if (trailingSpace) result.blockAllowed = false;
  if (breakSpace) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
    result.blockAllowed = false;
  }
  if (lineBreaks) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
  }
  if (flowIndicators) result.flowPlainAllowed = false;
  if (blockIndicators) result.blockPlainAllowed = false;
  return result;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Emitter {
  out: string;
  column: number;
  indent: number;
}

function write(e: Emitter, s: string): void {
  e.out += s;
  const nl = s.lastIndexOf('\n');
  e.column = nl < 0 ? e.column + [...s].length : [...s.slice(nl + 1)].length;
}

/** Starts a new line at the given indentation (nodes never end with a newline themselves). */
function writeIndent(e: Emitter, indent: number): void {
  if (e.out.length > 0) write(e, '\n');
  write(e, ' '.repeat(indent));
}

function writePlain(e: Emitter, value: string, allowBreaks: boolean, indent: number): void {
  let spaces = false;
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === ' ') {
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && chars[i + 1] !== ' ') {
        write(e, '\n' + ' '.repeat(indent));
      } else {
        write(e, c);
      }
      spaces = true;
    } else {
      write(e, c);
      spaces = false;
    }
  }
}

function writeSingle(e: Emitter, value: string, allowBreaks: boolean, indent: number): void {
  write(e, "'");
  let spaces = false;
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === ' ') {
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1 && chars[i + 1] !== ' ') {
        write(e, '\n' + ' '.repeat(indent));
      } else {
        write(e, c);
      }
      spaces = true;
    } else {
      write(e, c === "'" ? "''" : c);
      spaces = false;
    }
  }
  write(e, "'");
}

function doubleEscape(c: string): string {
  const cp = c.codePointAt(0)!;
  switch (c) {
    case '\0': return '\\0';
    case '\x07': return '\\a';
    case '\b': return '\\b';
    case '\t': return '\\t';
    case '\n': return '\\n';
    case '\v': return '\\v';
    case '\f': return '\\f';
    case '\r': return '\\r';
    case '\x1b': return '\\e';
    case '"': return '\\"';
    case '\\': return '\\\\';
    case '\u0085': return '\\N';
    case '\u00a0': return '\\_';
    case '\u2028': return '\\L';
    case '\u2029': return '\\P';
    default:
      if (cp <= 0xff) return `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
      if (cp <= 0xffff) return `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      return `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
  }
}

function writeDouble(e: Emitter, value: string, allowBreaks: boolean, indent: number): void {
  write(e, '"');
  let spaces = false;
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!isPrintable(c) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\') {
      write(e, doubleEscape(c));
      spaces = false;
    } else if (c === ' ') {
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        write(e, '\n' + ' '.repeat(indent));
        if (chars[i + 1] === ' ') write(e, '\\');
      } else {
        write(e, c);
      }
      spaces = true;
    } else {
      write(e, c);
      spaces = false;
    }
  }
  write(e, '"');
}

function writeLiteral(e: Emitter, value: string, indent: number): void {
  let chomp = '';
  if (!value.endsWith('\n')) chomp = '-';
  else if (value === '\n' || value.endsWith('\n\n')) chomp = '+';
  const indentHint = value.startsWith(' ') || value.startsWith('\n') ? '2' : '';
  write(e, `|${indentHint}${chomp}`);
  const body = chomp === '-' ? value : value.slice(0, -1);
  for (const line of body.split('\n')) {
    write(e, '\n');
    if (line !== '') write(e, ' '.repeat(indent) + line);
  }
}

function scalarStyle(value: string, simpleKey: boolean): Style {
  const canUsePlain = !resolvesToNonString(value) && !isBase60Float(value);
  let style: Style = value.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  const a = analyzeScalar(value);
  if (style === 'plain') {
    if (!a.blockPlainAllowed || (value.length === 0 && simpleKey) || (simpleKey && a.multiline)) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

function writeString(e: Emitter, value: string, simpleKey: boolean, indent: number): void {
  switch (scalarStyle(value, simpleKey)) {
    case 'plain':
      return writePlain(e, value, !simpleKey, indent);
    case 'single':
      return writeSingle(e, value, !simpleKey, indent);
    case 'double':
      return writeDouble(e, value, !simpleKey, indent);
    case 'literal':
      return writeLiteral(e, value, indent);
  }
}

/** yaml.v2 floatv: strconv.FormatFloat(f, 'g', -1, 64) with YAML's names for Inf/NaN. */
function formatYamlFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  return formatFloat(f);
}

/**
 * A number that yaml.v2 would hold as int64/uint64 (how sigs.k8s.io/yaml reads a JSON integer that
 * fits) is printed in decimal; anything else is a float64, printed as Go prints floats.
 */
const decodesAsInteger = (v: number): boolean => Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 64;

function scalarText(v: JsonValue): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return decodesAsInteger(v) ? String(v) : formatYamlFloat(v);
  if (v instanceof YamlFloat) return formatYamlFloat(v.value);
  return undefined;
}

const isCollection = (v: JsonValue): v is JsonValue[] | { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !(v instanceof YamlFloat);
const isEmptyCollection = (v: JsonValue): boolean => (Array.isArray(v) ? v.length === 0 : isCollection(v) && Object.keys(v).length === 0);

function writeNode(e: Emitter, v: JsonValue, indent: number, context: 'root' | 'mapValue' | 'seqItem'): void {
  if (isCollection(v) && !isEmptyCollection(v)) {
    if (Array.isArray(v)) {
      // Sequences are not indented relative to their mapping key.
      const seqIndent = context === 'mapValue' ? indent - 2 : indent;
      v.forEach((item, i) => {
        if (context === 'seqItem' && i === 0) write(e, '- ');
        else {
          writeIndent(e, seqIndent);
          write(e, '- ');
        }
        writeNode(e, item, seqIndent + 2, 'seqItem');
      });
      return;
    }
    const keys = Object.keys(v).sort(naturalLess);
    keys.forEach((key, i) => {
      if (!(context === 'seqItem' && i === 0)) writeIndent(e, indent);
      writeString(e, key, true, indent);
      write(e, ':');
      const child = v[key]!;
      if (isCollection(child) && !isEmptyCollection(child)) {
        writeNode(e, child, indent + 2, 'mapValue');
      } else {
        write(e, ' ');
        writeScalar(e, child, indent + 2);
      }
    });
    return;
  }
  writeScalar(e, v, indent);
}

function writeScalar(e: Emitter, v: JsonValue, indent: number): void {
  if (Array.isArray(v)) return write(e, '[]');
  if (isCollection(v)) return write(e, '{}');
  const text = scalarText(v);
  if (text !== undefined) return write(e, text);
  writeString(e, v as string, false, indent);
}

/** yaml.v2's keyList.Less for string keys: letters after non-letters, digit runs numerically. */
export function naturalLess(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string): boolean => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined): boolean => c !== undefined && /\p{Nd}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
    if (al || bl) return bl ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
  }
  return ar.length - br.length;
}

/** yaml.v2 Marshal of JSON-shaped data (always ends with a newline). */
export function marshalYamlV2(value: JsonValue): string {
  const e: Emitter = { out: '', column: 0, indent: 0 };
  writeNode(e, value, 0, 'root');
  if (!e.out.endsWith('\n')) write(e, '\n');
  return e.out;
}
