/**
 * text/template's predefined functions (except `and`/`or`, which the executor short-circuits,
 * and `call`, which needs Go function values and has no use here).
 */
import { sprint, sprintf, sprintln } from './fmt.js';
import { compareStrings, formatValue, GoStruct, isTrue as truthOf, kindOf, lengthOf, mapElemZero, numberValue, typeName, type Kind } from './values.js';

/** A template function: Go-like arguments in, one value out; throwing is Go's error return. */
export type TemplateFunc = (...args: unknown[]) => unknown;

type BasicKind = 'bool' | 'int' | 'float' | 'string';

function basicKind(v: unknown): BasicKind | undefined {
  const k: Kind = kindOf(v);
  return k === 'bool' || k === 'int' || k === 'float' || k === 'string' ? k : undefined;
}

const ERR_BAD_COMPARISON_TYPE = 'invalid type for comparison';
const ERR_BAD_COMPARISON = 'incompatible types for comparison';
const ERR_NO_COMPARISON = 'missing argument for comparison';

function eq(arg1: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error(ERR_NO_COMPARISON);
  const k1 = basicKind(arg1);
  for (const arg of rest) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (arg1 !== undefined && arg !== undefined && !(k1 === undefined && k2 === undefined)) throw new Error(ERR_BAD_COMPARISON);
      if (k1 === undefined && k2 === undefined) truth = sameNonBasic(arg1, arg);
    } else if (k1 === undefined) {
      truth = sameNonBasic(arg1, arg);
    } else if (k1 === 'int' || k1 === 'float') {
      truth = numberValue(arg1) === numberValue(arg);
    } else {
      truth = arg1 === arg;
    }
    if (truth) return true;
  }
  return false;
}

function sameNonBasic(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'invalid' || kb === 'invalid') return false;
  if (ka === 'nil' || kb === 'nil') return ka === kb;
  if (ka === 'slice' || ka === 'map' || ka === 'func') throw new Error(`non-comparable type ${formatValue(a, false)}: ${typeName(a)}`);
  if (a instanceof GoStruct && b instanceof GoStruct) return a === b || (a.typeName === b.typeName && JSON.stringify(a.fields) === JSON.stringify(b.fields));
  return a === b;
}

function lt(arg1: unknown, arg2: unknown): boolean {
  const k1 = basicKind(arg1);
  const k2 = basicKind(arg2);
  if (k1 === undefined || k2 === undefined) throw new Error(ERR_BAD_COMPARISON_TYPE);
  if (k1 !== k2) throw new Error(ERR_BAD_COMPARISON);
  switch (k1) {
    case 'bool':
      throw new Error(ERR_BAD_COMPARISON_TYPE);
    case 'string':
      return compareStrings(arg1 as string, arg2 as string) < 0;
    default:
      return numberValue(arg1) < numberValue(arg2);
  }
}

const le = (a: unknown, b: unknown): boolean => lt(a, b) || eq(a, b);

function indexArg(index: unknown, cap: number): number {
  if (kindOf(index) !== 'int') throw new Error(`cannot index slice/array with type ${typeName(index)}`);
  const x = index as number;
  if (x < 0 || x >= cap) throw new Error(`index out of range: ${x}`);
  return x;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined) throw new Error('index of untyped nil');
  let v: unknown = item;
  for (const ix of indexes) {
    switch (kindOf(v)) {
      case 'slice':
        v = (v as unknown[])[indexArg(ix, (v as unknown[]).length)];
        break;
      case 'string': {
        const bytes = Buffer.from(v as string, 'utf8');
        v = bytes[indexArg(ix, bytes.length)];
        break;
      }
      case 'map': {
        if (kindOf(ix) !== 'string') throw new Error(`value has type ${typeName(ix)}; should be string`);
        const map = v as Record<string, unknown>;
        v = Object.prototype.hasOwnProperty.call(map, ix as string) ? map[ix as string] : mapElemZero(map);
        break;
      }
      case 'nil':
        throw new Error('index of nil pointer');
      default:
        throw new Error(`can't index item of type ${typeName(v)}`);
    }
  }
  return v;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  const kind = kindOf(item);
  if (kind !== 'string' && kind !== 'slice') throw new Error(`can't slice item of type ${typeName(item)}`);
  if (kind === 'string' && indexes.length > 2) throw new Error('cannot 3-index slice a string');
  const len = kind === 'string' ? Buffer.byteLength(item as string) : (item as unknown[]).length;
  const ix = [0, len];
  indexes.slice(0, 2).forEach((v, i) => {
    ix[i] = indexArg(v, len + 1);
  });
  if (ix[0]! > ix[1]!) throw new Error(`invalid slice index: ${ix[0]} > ${ix[1]}`);
  if (kind === 'string') return Buffer.from(item as string, 'utf8').subarray(ix[0], ix[1]).toString('utf8');
  return (item as unknown[]).slice(ix[0], ix[1]);
}

function len(item: unknown): number {
  if (item === null) throw new Error('len of nil pointer');
  const n = lengthOf(item);
  if (n === undefined) throw new Error(`len of type ${typeName(item)}`);
  return n;
}

/** The argument text of html/js/urlquery: a lone string as is, else fmt.Sprint. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case "'":
        out += "\\'";
        break;
      case '"':
        out += '\\"';
        break;
      case '<':
        out += '\\u003C';
        break;
      case '>':
        out += '\\u003E';
        break;
      case '&':
        out += '\\u0026';
        break;
      case '=':
        out += '\\u003D';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += cp < 0x20 ? `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}` : ch;
    }
  }
  return out;
}

function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export const BUILTINS: Readonly<Record<string, TemplateFunc>> = {
  eq,
  ne: (a: unknown, b: unknown) => !eq(a, b),
  lt,
  le,
  gt: (a: unknown, b: unknown) => !le(a, b),
  ge: (a: unknown, b: unknown) => !lt(a, b),
  not: (a: unknown) => !truthOf(a),
  len,
  index,
  slice,
  print: (...args: unknown[]) => sprint(args),
  println: (...args: unknown[]) => sprintln(args),
  printf: (format: unknown, ...args: unknown[]) => {
    if (typeof format !== 'string') throw new Error(`wrong type for value; expected string; got ${typeName(format)}`);
    return sprintf(format, args);
  },
  html: (...args: unknown[]) => htmlEscape(evalArgs(args)),
  js: (...args: unknown[]) => jsEscape(evalArgs(args)),
  urlquery: (...args: unknown[]) => queryEscape(evalArgs(args)),
};
