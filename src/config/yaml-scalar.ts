/**
 * Plain-scalar resolution as gopkg.in/yaml.v2 (YAML 1.1) does it, which is what RKE1 decodes
 * cluster.yml with. Quoted and block scalars are always strings; only plain scalars are resolved.
 */
export type ResolvedScalar =
  | { tag: '!!null' }
  | { tag: '!!bool'; value: boolean }
  | { tag: '!!int'; value: number }
  | { tag: '!!float'; value: number }
  | { tag: '!!str'; value: string };

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSES = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const POSITIVE_INF = new Set(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
const NEGATIVE_INF = new Set(['-.inf', '-.Inf', '-.INF']);
const NANS = new Set(['.nan', '.NaN', '.NAN']);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go strconv.ParseInt(s, 0, 64) accepted syntax (sign, 0x / 0o / 0b / leading-0 octal, decimal). */
function parseGoInt(text: string): number | undefined {
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1n : 1n;
  const digits = match[2] ?? '';
  let big: bigint;
  if (/^0[xXoObB]/.test(digits)) big = BigInt(digits.toLowerCase());
  else if (digits.length > 1 && digits.startsWith('0')) big = BigInt(`0o${digits.slice(1)}`);
  else big = BigInt(digits);
  const value = sign * big;
  // int64 or, for positive values, uint64 (yaml.v2 tries ParseUint next).
  if (value < -(2n ** 63n) || value > 2n ** 64n - 1n) return undefined;
  return Number(value);
}

export function resolvePlainScalar(text: string): ResolvedScalar {
  if (NULLS.has(text)) return { tag: '!!null' };
  if (TRUES.has(text)) return { tag: '!!bool', value: true };
  if (FALSES.has(text)) return { tag: '!!bool', value: false };
  if (POSITIVE_INF.has(text)) return { tag: '!!float', value: Infinity };
  if (NEGATIVE_INF.has(text)) return { tag: '!!float', value: -Infinity };
  if (NANS.has(text)) return { tag: '!!float', value: NaN };
  const first = text[0] ?? '';
  if ('+-.0123456789'.includes(first)) {
    const plain = text.replaceAll('_', '');
    const asInt = parseGoInt(plain);
    if (asInt !== undefined) return { tag: '!!int', value: asInt };
    if (FLOAT_RE.test(plain)) return { tag: '!!float', value: Number(plain) };
  }
  return { tag: '!!str', value: text };
}
