/** Go string literal quoting and unquoting (strconv.Unquote / strconv.Quote semantics). */
import { TemplateSyntaxError } from './errors.js';

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** Decodes the body of a Go interpreted literal (between the quotes). */
function unescape(body: string, quote: string): string {
  let out = '';
  const bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      flushBytes();
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new TemplateSyntaxError('invalid syntax');
    if (e in SIMPLE_ESCAPES && (e !== "'" || quote === "'") && (e !== '"' || quote === '"')) {
      flushBytes();
      out += SIMPLE_ESCAPES[e];
      continue;
    }
    if (e === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    if (e >= '0' && e <= '7') {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
      continue;
    }
    if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      flushBytes();
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
      continue;
    }
    throw new TemplateSyntaxError(`invalid syntax: \\${e}`);
  }
  flushBytes();
  return out;
}

export function unquoteString(literal: string): string {
  return unescape(literal.slice(1, -1), '"');
}

/** Value of a Go character constant such as `'a'` or `'\n'`. */
export function unquoteChar(literal: string): number {
  const s = unescape(literal.slice(1, -1), "'");
  const cp = s.codePointAt(0);
  if (cp === undefined || [...s].length !== 1) throw new TemplateSyntaxError(`malformed character constant: ${literal}`);
  return cp;
}

function isPrintable(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp >= 0x80 && cp < 0xa0) return false;
  return !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(String.fromCodePoint(cp)) || cp === 0x20;
}

/** strconv.Quote: double-quoted Go literal with Go's escapes; non-printable runes escaped. */
export function quoteGo(s: string, quote = '"'): string {
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') {
      out += `\\${ch}`;
      continue;
    }
    if (isPrintable(cp) && !(cp >= 0x80 && /\p{Z}/u.test(ch) && cp !== 0x20 && !/\p{Zs}/u.test(ch))) {
      out += ch;
      continue;
    }
    switch (ch) {
      case '\x07':
        out += '\\a';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
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
      case '\v':
        out += '\\v';
        break;
      default:
        if (cp < 0x80 || cp === 0xfffd) out += cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
        else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
        else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return out + quote;
}
