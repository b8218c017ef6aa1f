/** The part of Go's fmt package that templates reach: Sprint, Sprintln and Sprintf. */
import { quoteGo } from './quote.js';
import { formatFloat, formatValue, GoFloat, kindOf, numberValue, typeName } from './values.js';

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += formatValue(arg, false).replace('<invalid reflect.Value>', '<nil>');
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintln: always a space between operands, and a final newline. */
export function sprintln(args: readonly unknown[]): string {
  return `${args.map((a) => formatValue(a, false).replace('<invalid reflect.Value>', '<nil>')).join(' ')}\n`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

function pad(s: string, spec: Spec, numeric = false): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  const fill = spec.width - s.length;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  return ' '.repeat(fill) + s;
}

function badVerb(verb: string, arg: unknown): string {
  if (arg === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(arg)}=${formatValue(arg, false)})`;
}

function formatInteger(n: number, verb: string, spec: Spec): string | undefined {
  const neg = n < 0;
  const abs = Math.abs(n);
  let digits: string;
  switch (verb) {
    case 'd':
    case 'v':
      digits = abs.toString(10);
      break;
    case 'x':
      digits = abs.toString(16);
      if (spec.sharp) digits = `0x${digits}`;
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (spec.sharp) digits = `0X${digits}`;
      break;
    case 'o':
      digits = abs.toString(8);
      if (spec.sharp) digits = `0${digits}`;
      break;
    case 'b':
      digits = abs.toString(2);
      break;
    case 'c':
      return pad(String.fromCodePoint(n), spec);
    case 'q':
      return pad(quoteGo(String.fromCodePoint(n), "'"), spec);
    default:
      return undefined;
  }
  if (spec.prec !== undefined) digits = digits.padStart(spec.prec, '0');
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign + digits, spec, spec.prec === undefined);
}

function formatFloatVerb(f: number, verb: string, spec: Spec): string | undefined {
  let s: string;
  switch (verb) {
    case 'v':
    case 'g':
      s = spec.prec === undefined ? formatFloat(f) : formatG(f, spec.prec);
      break;
    case 'f':
    case 'F':
      s = f.toFixed(spec.prec ?? 6);
      break;
    case 'e':
      s = goExp(f.toExponential(spec.prec ?? 6));
      break;
    default:
      return undefined;
  }
  if (spec.plus && !s.startsWith('-')) s = `+${s}`;
  else if (spec.space && !s.startsWith('-')) s = ` ${s}`;
  return pad(s, spec, true);
}

function goExp(js: string): string {
  return js.replace(/e([+-])(\d)$/, 'e$10$2');
}

function formatG(f: number, prec: number): string {
  const p = prec === 0 ? 1 : prec;
  const exp = Number(f.toExponential(p - 1).split('e')[1]);
  if (exp < -4 || exp >= p) return goExp(f.toExponential(p - 1).replace(/\.?0+e/, 'e'));
  return f.toFixed(Math.max(p - 1 - exp, 0)).replace(/\.0+$|(\.\d*?)0+$/, '$1');
}

function formatOne(verb: string, arg: unknown, spec: Spec): string {
  const kind = kindOf(arg);
  if (verb === 'T') return pad(arg === undefined ? '<nil>' : typeName(arg), spec);
  if (verb === 'v' && kind !== 'int' && kind !== 'float') {
    if (arg === undefined || arg === null) return pad('<nil>', spec);
    return pad(formatValue(arg, false), spec);
  }
  switch (kind) {
    case 'bool':
      return verb === 't' || verb === 'v' ? pad(String(arg), spec) : badVerb(verb, arg);
    case 'int':
      return formatInteger(arg as number, verb, spec) ?? badVerb(verb, arg);
    case 'float':
      return formatFloatVerb(numberValue(arg), verb, spec) ?? badVerb(verb, arg instanceof GoFloat ? arg : arg);
    case 'string': {
      let s = arg as string;
      if (spec.prec !== undefined) s = [...s].slice(0, spec.prec).join('');
      if (verb === 's' || verb === 'v') return pad(s, spec);
      if (verb === 'q') return pad(spec.sharp && !s.includes('`') ? `\`${s}\`` : quoteGo(s), spec);
      if (verb === 'x' || verb === 'X') {
        const hex = Buffer.from(s, 'utf8').toString('hex');
        return pad(verb === 'X' ? hex.toUpperCase() : hex, spec);
      }
      return badVerb(verb, arg);
    }
    case 'slice':
      if (verb === 's' || verb === 'd' || verb === 'q') {
        return pad(`[${(arg as unknown[]).map((e) => formatOne(verb, e, { ...spec, width: undefined })).join(' ')}]`, spec);
      }
      return badVerb(verb, arg);
    default:
      if (verb === 's' || verb === 'd') return pad(formatValue(arg, false), spec);
      return badVerb(verb, arg);
  }
}

/** fmt.Sprintf with Go's verbs, flags, width and precision (including `*`). */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argIndex = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    i++;
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '#') spec.sharp = true;
      else if (f === ' ') spec.space = true;
      else if (f === '0') spec.zero = !spec.minus;
      else break;
    }
    const readNumber = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const v = args[argIndex++];
        return typeof v === 'number' ? v : undefined;
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    spec.width = readNumber();
    if (spec.width !== undefined && spec.width < 0) {
      spec.minus = true;
      spec.width = -spec.width;
    }
    if (format[i] === '.') {
      i++;
      spec.prec = readNumber() ?? 0;
    }
    const verb = format[i];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(verb, args[argIndex++], spec);
  }
  if (argIndex < args.length) {
    out += `%!(EXTRA ${args
      .slice(argIndex)
      .map((a) => `${a === undefined || a === null ? '<nil>' : `${typeName(a)}=${formatValue(a, false)}`}`)
      .join(', ')})`;
  }
  return out;
}
