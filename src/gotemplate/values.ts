/**
 * How Go values are modelled in JavaScript for the template engine:
 *
 * - `undefined`: Go's invalid reflect.Value ("no value", e.g. a missing map key);
 * - `null`: a nil map, slice, pointer or interface;
 * - boolean, string; a JS number is a Go `int` when it is an integer, else a `float64`
 *   (wrap an integral float in `GoFloat` to keep Go's float printing and comparison rules);
 * - arrays are slices; plain objects are `map[string]T` (tag them with `goMap` to give `index`
 *   the element type's zero value, e.g. `""` for `map[string]string`);
 * - `GoStruct` is a struct (or non-nil pointer to one): fields by Go name, and optionally the
 *   value `encoding/json` would produce for it (used by toJson/toYaml).
 */

export class GoFloat {
  constructor(readonly value: number) {}
}

export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, unknown>>,
    /** What encoding/json.Marshal produces for this value (json tags, omitempty applied). */
    readonly json?: unknown,
  ) {}
}

export type GoValue = undefined | null | boolean | number | string | GoFloat | GoStruct | GoValue[] | GoMap;
export interface GoMap {
  [key: string]: GoValue;
}

export type Kind = 'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'func';

const ELEM_ZERO = Symbol('goMapElemZero');

/** Marks a plain object as a Go map whose element type has the given zero value. */
export function goMap<T extends object>(obj: T, elemZero: GoValue): T {
  Object.defineProperty(obj, ELEM_ZERO, { value: elemZero, enumerable: false });
  return obj;
}

/** Zero value of a map's element type: `undefined` (nil interface) unless tagged by goMap. */
export function mapElemZero(map: object): GoValue {
  return (map as { [ELEM_ZERO]?: GoValue })[ELEM_ZERO] ?? null;
}

export function kindOf(v: unknown): Kind {
  if (v === undefined) return 'invalid';
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'function':
      return 'func';
    default:
      break;
  }
  if (v instanceof GoFloat) return 'float';
  if (v instanceof GoStruct) return 'struct';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/** The Go type name used in error messages. */
export function typeName(v: unknown): string {
  if (v instanceof GoStruct) return v.typeName;
  switch (kindOf(v)) {
    case 'invalid':
      return '<invalid reflect.Value>';
    case 'nil':
      return '<nil>';
    case 'float':
      return 'float64';
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'func':
      return 'func';
    default:
      return kindOf(v);
  }
}

export function numberValue(v: unknown): number {
  return v instanceof GoFloat ? v.value : (v as number);
}

/** Go text/template truth: the zero value of its type is false, structs are always true. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return false;
    case 'bool':
      return v as boolean;
    case 'int':
    case 'float':
      return numberValue(v) !== 0;
    case 'string':
      return (v as string).length > 0;
    case 'slice':
      return (v as unknown[]).length > 0;
    case 'map':
      return Object.keys(v as object).length > 0;
    default:
      return true;
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64), which is also fmt's %v for float64. */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${mant}e${sign}${abs < 10 ? '0' : ''}${abs}`;
  }
  return formatFixedShortest(f);
}

/** Shortest round-trip digits in positional notation. */
function formatFixedShortest(f: number): string {
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= 0) {
    const intLen = exp + 1;
    out = digits.length <= intLen ? digits + '0'.repeat(intLen - digits.length) : `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  } else {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return neg ? `-${out}` : out;
}

/** fmt's %v for a Go value (what `{{.}}` prints), with text/template's `<no value>`. */
export function formatValue(v: unknown, top = true): string {
  switch (kindOf(v)) {
    case 'invalid':
      return top ? '<no value>' : '<invalid reflect.Value>';
    case 'nil':
      return '<nil>';
    case 'bool':
      return String(v);
    case 'int':
      return String(v);
    case 'float':
      return formatFloat(numberValue(v));
    case 'string':
      return v as string;
    case 'slice':
      return `[${(v as unknown[]).map((e) => formatValue(e, false)).join(' ')}]`;
    case 'map':
      return `map[${sortedKeys(v as object)
        .map((k) => `${k}:${formatValue((v as Record<string, unknown>)[k], false)}`)
        .join(' ')}]`;
    case 'struct':
      return `{${Object.values((v as GoStruct).fields)
        .map((e) => formatValue(e, false))
        .join(' ')}}`;
    default:
      return String(v);
  }
}

/** Map keys in Go's iteration order for `range` and fmt (sorted; strings by bytes). */
export function sortedKeys(map: object): string[] {
  return Object.keys(map).sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ab, bb);
}

export function lengthOf(v: unknown): number | undefined {
  switch (kindOf(v)) {
    case 'string':
      return Buffer.byteLength(v as string, 'utf8');
    case 'slice':
      return (v as unknown[]).length;
    case 'map':
      return Object.keys(v as object).length;
    case 'nil':
      return 0;
    default:
      return undefined;
  }
}
