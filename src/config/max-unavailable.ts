/**
 * upgrade_strategy.max_unavailable_* → a node count (services/node_util.go CalculateMaxUnavailable with
 * k8s intstr parsing): a number, or a percentage of `hosts` rounded down; 0 after rounding becomes 1.
 */
export type MaxUnavailableResult = { value: number } | { error: string };

export function calculateMaxUnavailable(input: string, hosts: number, role: 'worker' | 'controlplane'): MaxUnavailableResult {
  const invalid = (shown: string | number) => ({ error: `invalid input for max_unavailable_${role}: ${shown}, value must be > 0` });
  // intstr.Parse: an integer string is an int, anything else a string.
  const asInt = /^[+-]?\d+$/.test(input) ? Number.parseInt(input, 10) : undefined;
  let value: number;
  if (asInt !== undefined) {
    if (asInt <= 0) return invalid(asInt);
    value = asInt;
  } else {
    if (input.startsWith('-') || input === '0%') return invalid(input);
    if (!input.endsWith('%')) return { error: 'invalid value for IntOrString: invalid type: string is not a percentage' };
    const digits = input.slice(0, -1);
    if (!/^[+-]?\d+$/.test(digits)) {
      return { error: `invalid value for IntOrString: invalid value "${input}": strconv.Atoi: parsing "${digits}": invalid syntax` };
    }
    value = Math.floor((Number.parseInt(digits, 10) * hosts) / 100);
  }
  return { value: value === 0 ? 1 : value };
}
