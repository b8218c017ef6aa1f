/**
 * A YAML emitter that reproduces the bytes of sigs.k8s.io/yaml.Marshal (JSON → go-yaml v2, block
 * style): map keys in go-yaml's natural order, sequences not indented under their key, strings
 * quoted exactly when go-yaml would, plain scalars folded at 80 columns. RKE1 checksums and deploys
 * files produced this way (admission.yaml, audit-policy.yaml), so a byte difference would mean a
 * different RKE_*_CHECKSUM and a needless kube-apiserver restart.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const BEST_WIDTH = 80;

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** go-yaml v2 keyList.Less for string keys. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i] as string;
    const bc = br[i] as string;
    if (ac === bc) continue;
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as string); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] as string); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] as string); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}

function sortKeys(keys: string[]): string[] {
  return [...keys].sort((x, y) => (goYamlKeyLess(x, y) ? -1 : goYamlKeyLess(y, x) ? 1 : 0));
}

const RESOLVES_TO_NON_STRING = new Set([
  '', '~', 'null', 'Null', 'NULL',
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF',
  '.nan', '.NaN', '.NAN',
  '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d{2}:\d{2})?)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Would go-yaml v2 read this plain scalar back as something other than a string? */
function resolvesToNonString(s: string): boolean {
  if (RESOLVES_TO_NON_STRING.has(s)) return true;
  const first = s[0] ?? '';
  if (first === '.') return YAML_FLOAT.test(s);
  if (isDigit(first) || first === '+' || first === '-') {
    if (TIMESTAMP.test(s)) return true;
    const plain = s.replaceAll('_', '');
    return GO_INT.test(plain) || YAML_FLOAT.test(plain) || /^-?0b[01]+$/.test(plain);
  }
  return false;
}

interface ScalarAnalysis {
  blockPlainAllowed: boolean;
  blockAllowed: boolean;
  singleQuotedAllowed: boolean;
  multiline: boolean;
}

const isBreak = (c: string | undefined): boolean =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankOrEnd = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || isBreak(c);
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  return (
    cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** yaml_emitter_analyze_scalar, reduced to the block-context decisions this emitter needs. */
function analyzeScalar(value: string): ScalarAnalysis {
  const chars = [...value];
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let specialCharacters = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    const followedByWhitespace = isBlankOrEnd(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':') && followedByWhitespace) blockIndicators = true;
      if (c === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (c === ':' && followedByWhitespace) blockIndicators = true;
      if (c === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(c) || c === '\ufeff') specialCharacters = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === ' ') {
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
    precededByWhitespace = isBlankOrEnd(c);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (trailingSpace) blockAllowed = false;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { blockPlainAllowed, singleQuotedAllowed, blockAllowed, multiline: lineBreaks };
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function chooseStyle(s: string, simpleKey: boolean): Style {
  let style: Style;
  if (s.includes('\n')) style = 'literal';
  else if (!resolvesToNonString(s) && !BASE60_FLOAT.test(s)) style = 'plain';
  else style = 'double';
  const a = analyzeScalar(s);
  if (style === 'plain') {
    if (!a.blockPlainAllowed || (s.length === 0 && simpleKey)) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (simpleKey || !a.blockAllowed)) style = 'double';
  return style;
}

function escapeDouble(s: string): string {
  let out = '';
  for (const c of s) {
    const cp = c.codePointAt(0) ?? 0;
    switch (c) {
      case '\0': out += '\\0'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\t': out += '\\t'; continue;
      case '\n': out += '\\n'; continue;
      case '\v': out += '\\v'; continue;
      case '\f': out += '\\f'; continue;
      case '\r': out += '\\r'; continue;
      case '\x1b': out += '\\e'; continue;
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\u0085': out += '\\N'; continue;
      case '\u00a0': out += '\\_'; continue;
      case '\u2028': out += '\\L'; continue;
      case '\u2029': out += '\\P'; continue;
    }
    if (isPrintable(c) && c !== '\ufeff') out += c;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return `"${out}"`;
}

/** Plain or single-quoted text folded at spaces past column 80, as go-yaml's writer does. */
function foldAtSpaces(text: string, startColumn: number, indent: number, allowBreaks: boolean): string {
  if (!allowBreaks) return text;
  let out = '';
  let column = startColumn;
  let previousSpace = false;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === ' ') {
      if (!previousSpace && column > BEST_WIDTH && chars[i + 1] !== ' ' && i !== 0 && i !== chars.length - 1) {
        out += '\n' + ' '.repeat(indent);
        column = indent;
      } else {
        out += c;
        column++;
      }
      previousSpace = true;
    } else {
      out += c;
      column++;
      previousSpace = false;
    }
  }
  return out;
}

function literal(s: string, indent: number): string {
  let chomp = '';
  if (!s.endsWith('\n')) chomp = '-';
  else if (s.endsWith('\n\n') || s === '\n') chomp = '+';
  const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const lines = body.split('\n').map((l) => (l === '' ? '' : ' '.repeat(indent) + l));
  return `|${indicator}${chomp}\n${lines.join('\n')}`;
}

function scalar(value: string | number | boolean | null, column: number, indent: number, simpleKey: boolean): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '+.inf' : '-.inf';
    return goNumber(value);
  }
  switch (chooseStyle(value, simpleKey)) {
    case 'plain':
      return foldAtSpaces(value, column, indent, !simpleKey);
    case 'single':
      return `'${foldAtSpaces(value.replaceAll("'", "''"), column + 1, indent, !simpleKey)}'`;
    case 'double':
      return escapeDouble(value);
    case 'literal':
      return literal(value, indent);
  }
}

/**
 * A JSON number as go-yaml prints what it decoded: integers that fit int64 in decimal, anything
 * else through Go's strconv.FormatFloat(f, 'g', -1, 64) (exponent form below 1e-4 and from 1e6).
 */
function goNumber(value: number): string {
  // The JSON text of an integer is read back by go-yaml as int64 (or uint64) when it fits.
  if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 64 && Math.abs(value) < 1e21) return String(value);
  const [mantissa, expText] = value.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = value < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}${frac ? '.' + frac : ''}`;
}

const isCollection = (v: JsonValue): v is JsonValue[] | { [key: string]: JsonValue } =>
  typeof v === 'object' && v !== null;
const isEmptyCollection = (v: JsonValue): boolean =>
  Array.isArray(v) ? v.length === 0 : isCollection(v) && Object.keys(v).length === 0;

function emitMapping(obj: { [key: string]: JsonValue }, indent: number, firstLinePrefix: string | null): string[] {
  const lines: string[] = [];
  let first = true;
  for (const key of sortKeys(Object.keys(obj))) {
    const value = obj[key] as JsonValue;
    const lead = first && firstLinePrefix !== null ? firstLinePrefix : ' '.repeat(indent);
    first = false;
    const keyText = scalar(key, lead.length, indent, true);
    if (isCollection(value) && !isEmptyCollection(value)) {
      lines.push(`${lead}${keyText}:`);
      if (Array.isArray(value)) lines.push(...emitSequence(value, indent, null));
      else lines.push(...emitMapping(value, indent + 2, null));
    } else {
      const valueColumn = lead.length + keyText.length + 2;
      const text = isCollection(value) ? (Array.isArray(value) ? '[]' : '{}') : scalar(value, valueColumn, indent + 2, false);
      lines.push(`${lead}${keyText}: ${text}`);
    }
  }
  return lines;
}

function emitSequence(items: JsonValue[], indent: number, firstLinePrefix: string | null): string[] {
  const lines: string[] = [];
  let first = true;
  for (const item of items) {
    const lead = (first && firstLinePrefix !== null ? firstLinePrefix : ' '.repeat(indent)) + '- ';
    first = false;
    if (isCollection(item) && !isEmptyCollection(item)) {
      if (Array.isArray(item)) lines.push(...emitSequence(item, indent + 2, lead));
      else lines.push(...emitMapping(item, indent + 2, lead));
    } else {
      const text = isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item, lead.length, indent + 2, false);
      lines.push(`${lead}${text}`);
    }
  }
  return lines;
}

/** sigs.k8s.io/yaml.Marshal of a JSON value: always ends with a newline. */
export function goYamlMarshal(value: JsonValue): string {
  if (isCollection(value) && !isEmptyCollection(value)) {
    const lines = Array.isArray(value) ? emitSequence(value, 0, null) : emitMapping(value, 0, null);
    return lines.join('\n') + '\n';
  }
  if (isCollection(value)) return Array.isArray(value) ? '[]\n' : '{}\n';
  return scalar(value, 0, 0, false) + '\n';
}
