/**
 * Tokenizer for Go text/template source (the default `{{` `}}` delimiters), following the
 * rules of Go's text/template/parse lexer: trim markers `{{- ` / ` -}}`, comments right after
 * the left delimiter, quoted/raw/char literals, numbers, fields, variables and keywords.
 */
import { TemplateSyntaxError } from './errors.js';

export type TokenKind =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'comment'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for strings: still quoted). */
  value: string;
  /** Byte offset into the template source. */
  pos: number;
  /** 1-based line of the token's start. */
  line: number;
}

export const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'nil', 'template', 'with']);

const LEFT = '{{';
const RIGHT = '}}';
const TRIM_SPACE = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{Nd}_]/u.test(c);

/** Splits template source into tokens; throws TemplateSyntaxError on malformed actions. */
export function lex(name: string, input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let parenDepth: number;

  const lineAt = (from: number, to: number): number => {
    let n = 0;
    for (let i = from; i < to; i++) if (input.charCodeAt(i) === 10) n++;
    return n;
  };
  const fail = (msg: string, at = line): never => {
    throw new TemplateSyntaxError(`template: ${name}:${at}: ${msg}`);
  };
  const emit = (kind: TokenKind, start: number, end: number): void => {
    tokens.push({ kind, value: input.slice(start, end), pos: start, line });
    line += lineAt(start, end);
  };

  /** Does a right delimiter (optionally with trim marker) start at i? Returns its length. */
  const rightDelimAt = (i: number): { len: number; trim: boolean } | undefined => {
    if (TRIM_SPACE(input[i]) && input[i + 1] === '-' && input.startsWith(RIGHT, i + 2)) return { len: 2 + RIGHT.length, trim: true };
    if (input.startsWith(RIGHT, i)) return { len: RIGHT.length, trim: false };
    return undefined;
  };

  let trimNextText = false;
  while (pos < input.length) {
    // Text up to the next left delimiter.
    let next = input.indexOf(LEFT, pos);
    if (next < 0) next = input.length;
    let textEnd = next;
    const trimLeft = next < input.length && input[next + LEFT.length] === '-' && TRIM_SPACE(input[next + LEFT.length + 1]);
    if (trimLeft) while (textEnd > pos && TRIM_SPACE(input[textEnd - 1])) textEnd--;
    let textStart = pos;
    if (trimNextText) {
      while (textStart < textEnd && TRIM_SPACE(input[textStart])) textStart++;
    }
    if (textEnd > textStart) {
      line += lineAt(pos, textStart);
      emit('text', textStart, textEnd);
      line += lineAt(textEnd, next);
    } else {
      line += lineAt(pos, next);
    }
    if (next >= input.length) break;

    // Inside an action.
    pos = next + LEFT.length + (trimLeft ? 2 : 0);
    tokens.push({ kind: 'leftDelim', value: LEFT, pos: next, line });
    // Comment: /* ... */ directly after the delimiter (and trim marker).
    if (input.startsWith('/*', pos)) {
      const close = input.indexOf('*/', pos + 2);
      if (close < 0) fail('unclosed comment');
      const after = close + 2;
      const delim = rightDelimAt(after);
      if (!delim) fail('comment ends before closing delimiter');
      emit('comment', pos, after);
      tokens.push({ kind: 'rightDelim', value: RIGHT, pos: after, line });
      pos = after + delim!.len;
      trimNextText = delim!.trim;
      continue;
    }
    parenDepth = 0;
    for (;;) {
      const delim = rightDelimAt(pos);
      if (delim && parenDepth === 0) {
        tokens.push({ kind: 'rightDelim', value: RIGHT, pos, line });
        pos += delim.len;
        trimNextText = delim.trim;
        break;
      }
      if (delim && parenDepth > 0) fail('unclosed left paren');
      const c = input[pos] ?? fail('unclosed action');
      const start = pos;
      if (TRIM_SPACE(c)) {
        let end = pos;
        while (TRIM_SPACE(input[end])) end++;
        // The last space before `-}}` belongs to the trim marker.
        if (input.startsWith('-' + RIGHT, end)) end--;
        if (end > pos) {
          emit('space', pos, end);
          pos = end;
        }
        continue;
      }
      if (c === '=') {
        emit('assign', start, ++pos);
        continue;
      }
      if (c === ':') {
        if (input[pos + 1] !== '=') fail('expected :=');
        pos += 2;
        emit('declare', start, pos);
        continue;
      }
      if (c === '|') {
        emit('pipe', start, ++pos);
        continue;
      }
      if (c === ',') {
        emit('comma', start, ++pos);
        continue;
      }
      if (c === '(') {
        parenDepth++;
        emit('leftParen', start, ++pos);
        continue;
      }
      if (c === ')') {
        parenDepth--;
        if (parenDepth < 0) fail('unexpected right paren');
        emit('rightParen', start, ++pos);
        continue;
      }
      if (c === '"') {
        pos++;
        for (;;) {
          const d = input[pos];
          if (d === undefined || d === '\n') fail('unterminated quoted string');
          if (d === '\\') {
            pos += 2;
            continue;
          }
          pos++;
          if (d === '"') break;
        }
        emit('string', start, pos);
        continue;
      }
      if (c === '`') {
        const close = input.indexOf('`', pos + 1);
        if (close < 0) fail('unterminated raw quoted string');
        pos = close + 1;
        emit('rawString', start, pos);
        continue;
      }
      if (c === "'") {
        pos++;
        for (;;) {
          const d = input[pos];
          if (d === undefined || d === '\n') fail('unterminated character constant');
          if (d === '\\') {
            pos += 2;
            continue;
          }
          pos++;
          if (d === "'") break;
        }
        emit('charConstant', start, pos);
        continue;
      }
      if (c === '$') {
        pos++;
        while (isAlnum(input[pos])) pos++;
        emit('variable', start, pos);
        continue;
      }
      if (c === '.') {
        const d = input[pos + 1];
        if (d !== undefined && /[0-9]/.test(d)) {
          pos = scanNumber(input, pos);
          emit('number', start, pos);
          continue;
        }
        pos++;
        if (!isAlnum(input[pos])) {
          emit('dot', start, pos);
          continue;
        }
        while (isAlnum(input[pos])) pos++;
        emit('field', start, pos);
        continue;
      }
      if (c === '+' || c === '-' || /[0-9]/.test(c)) {
        const end = scanNumber(input, pos);
        if (end === pos || (end === pos + 1 && (c === '+' || c === '-'))) fail(`bad number syntax: "${input.slice(pos, pos + 2)}"`);
        if (isAlnum(input[end])) fail(`bad number syntax: "${input.slice(pos, end + 1)}"`);
        pos = end;
        emit('number', start, pos);
        continue;
      }
      if (isAlnum(c)) {
        while (isAlnum(input[pos])) pos++;
        const word = input.slice(start, pos);
        const kind: TokenKind = KEYWORDS.has(word) && word !== 'nil' ? 'keyword' : word === 'nil' ? 'nil' : word === 'true' || word === 'false' ? 'bool' : 'identifier';
        emit(kind, start, pos);
        continue;
      }
      fail(`unrecognized character in action: ${JSON.stringify(c)}`);
    }
  }
  tokens.push({ kind: 'eof', value: '', pos: input.length, line });
  return tokens;
}

/** Scans a Go number literal (sign, hex/octal/binary prefix, `_`, fraction, exponent, `i`). */
function scanNumber(input: string, start: number): number {
  let pos = start;
  if (input[pos] === '+' || input[pos] === '-') pos++;
  let digits = '0123456789_';
  let exp = 'eE';
  if (input[pos] === '0' && /[xXoObB]/.test(input[pos + 1] ?? '')) {
    const p = input[pos + 1]!.toLowerCase();
    pos += 2;
    digits = p === 'x' ? '0123456789abcdefABCDEF_' : p === 'o' ? '01234567_' : '01_';
    exp = p === 'x' ? 'pP' : '';
  }
  while (input[pos] !== undefined && digits.includes(input[pos]!)) pos++;
  if (input[pos] === '.') {
    pos++;
    while (input[pos] !== undefined && digits.includes(input[pos]!)) pos++;
  }
  if (exp && input[pos] !== undefined && exp.includes(input[pos]!)) {
    pos++;
    if (input[pos] === '+' || input[pos] === '-') pos++;
    while (input[pos] !== undefined && '0123456789_'.includes(input[pos]!)) pos++;
  }
  if (input[pos] === 'i') pos++;
  return pos;
}
