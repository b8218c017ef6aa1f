/** Go encoding/json string output (HTML-safe escaping), for bytes that must match RKE1's. */
export function goJsonString(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0) ?? 0;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (cp < 0x20 || c === '<' || c === '>' || c === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += c;
  }
  return out + '"';
}

/** Go json.Marshal of map[string]string: keys sorted byte-wise, compact. */
export function goJsonStringMap(m: Record<string, string>): string {
  const keys = Object.keys(m).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  return `{${keys.map((k) => `${goJsonString(k)}:${goJsonString(m[k] ?? '')}`).join(',')}}`;
}
