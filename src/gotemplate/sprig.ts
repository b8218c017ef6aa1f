/**
 * The Masterminds/sprig v3 text functions (sprig.TxtFuncMap) that manifest templates use,
 * with sprig's semantics. Every other sprig name is registered too, so templates parse as
 * they do in Go, and fails with a clear error when called.
 */
import type { TemplateFunc } from './builtins.js';
import { sprintf } from './fmt.js';
import { marshalJson, marshalJsonIndent } from './gojson.js';
import { formatValue, GoFloat, GoStruct, kindOf, numberValue, typeName } from './values.js';

/** sprig strval: strings as is, everything else through fmt's %v. */
function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '<nil>';
  return formatValue(v, false);
}

function asString(v: unknown, fn: string): string {
  if (typeof v !== 'string') throw new Error(`wrong type for value; expected string; got ${v === undefined ? '<nil>' : typeName(v)} (in ${fn})`);
  return v;
}

function asInt(v: unknown, fn: string): number {
  if (kindOf(v) !== 'int') throw new Error(`wrong type for value; expected int; got ${v === undefined ? '<nil>' : typeName(v)} (in ${fn})`);
  return v as number;
}

/** sprig empty(): nil, zero numbers, false, empty string/slice/map; structs are never empty. */
export function empty(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return true;
    case 'bool':
      return v === false;
    case 'int':
    case 'float':
      return numberValue(v) === 0;
    case 'string':
      return (v as string).length === 0;
    case 'slice':
      return (v as unknown[]).length === 0;
    case 'map':
      return Object.keys(v as object).length === 0;
    default:
      return false;
  }
}

/** spf13/cast ToInt64 as sprig's toInt64 uses it (strings parsed, invalid → 0). */
function toInt64(v: unknown): number {
  switch (kindOf(v)) {
    case 'int':
      return v as number;
    case 'float':
      return Math.trunc(numberValue(v));
    case 'bool':
      return v ? 1 : 0;
    case 'string': {
      const s = v as string;
      if (/^[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(s)) return Number(s.startsWith('0') && !/^0[xX]/.test(s) && s.length > 1 ? parseInt(s, 8) : s);
      return 0;
    }
    default:
      return 0;
  }
}

function strslice(v: unknown): string[] {
  if (kindOf(v) === 'slice') return (v as unknown[]).filter((e) => e !== undefined && e !== null).map(strval);
  if (v === undefined || v === null) return [];
  return [strval(v)];
}

function listOf(v: unknown, fn: string): unknown[] {
  if (kindOf(v) !== 'slice') throw new Error(`Cannot find ${fn} on type ${v === undefined ? '<nil>' : typeName(v)}`);
  return v as unknown[];
}

function indent(spaces: unknown, v: unknown): string {
  const pad = ' '.repeat(asInt(spaces, 'indent'));
  return pad + asString(v, 'indent').split('\n').join(`\n${pad}`);
}

const IMPLEMENTED: Record<string, TemplateFunc> = {
  // defaults
  default: (d: unknown, ...given: unknown[]) => (given.length === 0 || empty(given[0]) ? d : given[0]),
  empty: (v: unknown) => empty(v),
  coalesce: (...vals: unknown[]) => vals.find((v) => !empty(v)) ?? null,
  ternary: (vt: unknown, vf: unknown, cond: unknown) => (cond === true ? vt : vf),
  toJson: (v: unknown) => {
    try {
      return marshalJson(v);
    } catch {
      return '';
    }
  },
  toPrettyJson: (v: unknown) => {
    try {
      return marshalJsonIndent(v);
    } catch {
      return '';
    }
  },
  // strings
  trim: (s: unknown) => asString(s, 'trim').trim(),
  trimAll: (cut: unknown, s: unknown) => trimChars(asString(s, 'trimAll'), asString(cut, 'trimAll')),
  trimPrefix: (prefix: unknown, s: unknown) => {
    const str = asString(s, 'trimPrefix');
    const p = asString(prefix, 'trimPrefix');
    return str.startsWith(p) ? str.slice(p.length) : str;
  },
  trimSuffix: (suffix: unknown, s: unknown) => {
    const str = asString(s, 'trimSuffix');
    const x = asString(suffix, 'trimSuffix');
    return x !== '' && str.endsWith(x) ? str.slice(0, -x.length) : str;
  },
  upper: (s: unknown) => asString(s, 'upper').toUpperCase(),
  lower: (s: unknown) => asString(s, 'lower').toLowerCase(),
  repeat: (count: unknown, s: unknown) => asString(s, 'repeat').repeat(Math.max(0, asInt(count, 'repeat'))),
  replace: (old: unknown, repl: unknown, src: unknown) => asString(src, 'replace').split(asString(old, 'replace')).join(asString(repl, 'replace')),
  contains: (substr: unknown, s: unknown) => asString(s, 'contains').includes(asString(substr, 'contains')),
  hasPrefix: (prefix: unknown, s: unknown) => asString(s, 'hasPrefix').startsWith(asString(prefix, 'hasPrefix')),
  hasSuffix: (suffix: unknown, s: unknown) => asString(s, 'hasSuffix').endsWith(asString(suffix, 'hasSuffix')),
  nospace: (s: unknown) => asString(s, 'nospace').replace(/\s/g, ''),
  quote: (...strs: unknown[]) => strs.filter((s) => s !== undefined && s !== null).map((s) => sprintf('%q', [strval(s)])).join(' '),
  squote: (...strs: unknown[]) => strs.filter((s) => s !== undefined && s !== null).map((s) => `'${strval(s)}'`).join(' '),
  cat: (...vals: unknown[]) =>
    vals
      .filter((v) => v !== undefined && v !== null)
      .map((v) => formatValue(v, false))
      .join(' '),
  indent,
  nindent: (spaces: unknown, v: unknown) => `\n${indent(spaces, v)}`,
  trunc: (c: unknown, s: unknown) => {
    const n = asInt(c, 'trunc');
    const str = asString(s, 'trunc');
    if (n < 0 && str.length + n > 0) return str.slice(str.length + n);
    if (n >= 0 && str.length > n) return str.slice(0, n);
    return str;
  },
  toString: (v: unknown) => strval(v),
  toStrings: (v: unknown) => strslice(v),
  b64enc: (s: unknown) => Buffer.from(asString(s, 'b64enc'), 'utf8').toString('base64'),
  b64dec: (s: unknown) => {
    const str = asString(s, 'b64dec');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(str) || str.length % 4 !== 0) return 'illegal base64 data at input byte 0';
    return Buffer.from(str, 'base64').toString('utf8');
  },
  split: (sep: unknown, orig: unknown) =>
    Object.fromEntries(
      asString(orig, 'split')
        .split(asString(sep, 'split'))
        .map((part, i) => [`_${i}`, part]),
    ),
  splitList: (sep: unknown, orig: unknown) => asString(orig, 'splitList').split(asString(sep, 'splitList')),
  join: (sep: unknown, v: unknown) => strslice(v).join(asString(sep, 'join')),
  sortAlpha: (v: unknown) => strslice(v).sort(),
  // lists and dicts
  list: (...v: unknown[]) => v,
  tuple: (...v: unknown[]) => v,
  first: (v: unknown) => {
    const l = listOf(v, 'first');
    return l.length === 0 ? null : l[0];
  },
  last: (v: unknown) => {
    const l = listOf(v, 'last');
    return l.length === 0 ? null : l[l.length - 1];
  },
  rest: (v: unknown) => {
    const l = listOf(v, 'rest');
    return l.length === 0 ? null : l.slice(1);
  },
  initial: (v: unknown) => {
    const l = listOf(v, 'initial');
    return l.length === 0 ? null : l.slice(0, -1);
  },
  slice: (v: unknown, ...indices: unknown[]) => {
    const l = listOf(v, 'slice');
    const from = indices.length > 0 ? toInt64(indices[0]) : 0;
    const to = indices.length > 1 ? toInt64(indices[1]) : l.length;
    if (from < 0 || to > l.length || from > to) throw new Error(`slice bounds out of range [${from}:${to}]`);
    return l.slice(from, to);
  },
  has: (needle: unknown, haystack: unknown) => (haystack === undefined || haystack === null ? false : listOf(haystack, 'has').some((e) => e === needle)),
  uniq: (v: unknown) => listOf(v, 'uniq').filter((e, i, all) => all.indexOf(e) === i),
  compact: (v: unknown) => listOf(v, 'compact').filter((e) => !empty(e)),
  append: (v: unknown, e: unknown) => [...listOf(v, 'append'), e],
  push: (v: unknown, e: unknown) => [...listOf(v, 'push'), e],
  prepend: (v: unknown, e: unknown) => [e, ...listOf(v, 'prepend')],
  dict: (...v: unknown[]) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < v.length; i += 2) out[strval(v[i])] = i + 1 < v.length ? v[i + 1] : '';
    return out;
  },
  hasKey: (d: unknown, key: unknown) => kindOf(d) === 'map' && Object.prototype.hasOwnProperty.call(d, asString(key, 'hasKey')),
  keys: (...dicts: unknown[]) => dicts.flatMap((d) => Object.keys(d as object)),
  get: (d: unknown, key: unknown) => {
    const map = d as Record<string, unknown>;
    const k = asString(key, 'get');
    return Object.prototype.hasOwnProperty.call(map, k) ? map[k] : '';
  },
  // numbers
  int: (v: unknown) => toInt64(v),
  int64: (v: unknown) => toInt64(v),
  atoi: (v: unknown) => {
    const s = asString(v, 'atoi');
    return /^[+-]?\d+$/.test(s) ? Number(s) : 0;
  },
  add: (...v: unknown[]) => v.reduce<number>((a, b) => a + toInt64(b), 0),
  add1: (v: unknown) => toInt64(v) + 1,
  sub: (a: unknown, b: unknown) => toInt64(a) - toInt64(b),
  mul: (a: unknown, ...v: unknown[]) => v.reduce<number>((x, y) => x * toInt64(y), toInt64(a)),
  div: (a: unknown, b: unknown) => Math.trunc(toInt64(a) / toInt64(b)),
  mod: (a: unknown, b: unknown) => toInt64(a) % toInt64(b),
  max: (a: unknown, ...v: unknown[]) => v.reduce<number>((x, y) => Math.max(x, toInt64(y)), toInt64(a)),
  min: (a: unknown, ...v: unknown[]) => v.reduce<number>((x, y) => Math.min(x, toInt64(y)), toInt64(a)),
  until: (n: unknown) => Array.from({ length: Math.max(0, toInt64(n)) }, (_, i) => i),
  // types
  kindOf: (v: unknown) => goKind(v),
  kindIs: (target: unknown, v: unknown) => goKind(v) === target,
  typeOf: (v: unknown) => (v === undefined || v === null ? '<nil>' : typeName(v)),
};

function goKind(v: unknown): string {
  if (v instanceof GoStruct) return 'struct';
  if (v instanceof GoFloat) return 'float64';
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return 'invalid';
    case 'float':
      return 'float64';
    default:
      return kindOf(v);
  }
}

function trimChars(s: string, cut: string): string {
  const set = new Set([...cut]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a]!)) a++;
  while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** Every name in sprig v3's TxtFuncMap (so templates parse exactly where Go's parse). */
const SPRIG_NAMES = (
  'abbrev abbrevboth add add1 add1f addf adler32sum ago all any append atoi b32dec b32enc b64dec b64enc base bcrypt biggest buildCustomCert camelcase cat ceil chunk clean coalesce compact concat contains date dateInZone dateModify date_in_zone date_modify decryptAES deepCopy deepEqual default derivePassword dict dig dir div divf duration durationRound empty encryptAES env expandenv ext fail first float64 floor fromJson genCA genCAWithKey genPrivateKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert genSignedCertWithKey get getHostByName has hasKey hasPrefix hasSuffix hello htmlDate htmlDateInZone htpasswd indent initial initials int int64 isAbs join kebabcase keys kindIs kindOf last list lower max maxf merge mergeOverwrite min minf mod mul mulf mustAppend mustChunk mustCompact mustDateModify mustDeepCopy mustFirst mustFromJson mustHas mustInitial mustLast mustMerge mustMergeOverwrite mustPrepend mustPush mustRegexFind mustRegexFindAll mustRegexMatch mustRegexReplaceAll mustRegexReplaceAllLiteral mustRegexSplit mustRest mustReverse mustSlice mustToDate mustToJson mustToPrettyJson mustToRawJson mustUniq mustWithout must_date_modify nindent nospace now omit osBase osClean osDir osExt osIsAbs pick pluck plural prepend push quote randAlpha randAlphaNum randAscii randBytes randInt randNumeric regexFind regexFindAll regexMatch regexQuoteMeta regexReplaceAll regexReplaceAllLiteral regexSplit repeat replace rest reverse round semver semverCompare seq set sha1sum sha256sum shuffle slice snakecase sortAlpha split splitList splitn squote sub subf substr swapcase ternary title toDate toDecimal toJson toPrettyJson toRawJson toString toStrings trim trimAll trimPrefix trimSuffix trimall trunc tuple typeIs typeIsLike typeOf uniq unixEpoch unset until untilStep untitle upper urlJoin urlParse uuidv4 values without wrap wrapWith'
).split(' ');

function notImplemented(name: string): TemplateFunc {
  return () => {
    throw new Error(`sprig function ${name} is not implemented by rke-ts`);
  };
}

/** sprig.TxtFuncMap(): the implemented functions plus named stubs for the rest. */
export function sprigFuncs(): Record<string, TemplateFunc> {
  const funcs: Record<string, TemplateFunc> = {};
  for (const name of SPRIG_NAMES) funcs[name] = IMPLEMENTED[name] ?? notImplemented(name);
  return funcs;
}
