/**
 * Parser for Go text/template: tokens → parse trees, one per template name (the main template
 * plus every `define`/`block`). Mirrors Go's text/template/parse checks: known functions,
 * declared variables, `break`/`continue` only inside `range`, `define` only at top level.
 */
import type { ArgNode, CommandNode, ListNode, Located, Node, NumberNode, PipeNode, VariableNode } from './ast.js';
import { TemplateSyntaxError } from './errors.js';
import { lex, type Token } from './lexer.js';
import { unquoteChar, unquoteString } from './quote.js';

export interface ParsedTemplates {
  /** The template's own body under its name, and each `define`/`block` under theirs. */
  trees: Map<string, ListNode>;
}

type Terminator = { kind: 'end' } | { kind: 'else'; chain?: 'if' | 'with' } | { kind: 'eof' };

const BUILTIN_FUNCS = new Set([
  'and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'html', 'js', 'urlquery', 'call',
]);

export function parseTemplate(name: string, text: string, funcNames: ReadonlySet<string>): ParsedTemplates {
  return new Parser(name, text, lex(name, text), funcNames).parseAll();
}

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private readonly trees = new Map<string, ListNode>();
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly name: string,
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly funcNames: ReadonlySet<string>,
  ) {
    for (let p = 0; p < text.length; p++) if (text.charCodeAt(p) === 10) this.lineStarts.push(p + 1);
  }

  parseAll(): ParsedTemplates {
    const { list, term } = this.parseList(true);
    if (term.kind !== 'eof') this.fail(`unexpected {{${term.kind}}}`);
    // A define'd template with the main name replaces an empty main body, as in Go.
    if (!this.trees.has(this.name) || list.nodes.some((n) => n.type !== 'text' || n.text.trim() !== '')) this.trees.set(this.name, list);
    return { trees: this.trees };
  }

  // ---- token helpers ----
  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private backup(n = 1): void {
    this.i -= n;
  }
  private peekNonSpace(): Token {
    while (this.peek().kind === 'space') this.i++;
    return this.peek();
  }
  private nextNonSpace(): Token {
    while (this.peek().kind === 'space') this.i++;
    return this.next();
  }
  private fail(msg: string, tok: Token = this.tokens[Math.max(0, this.i - 1)]!): never {
    throw new TemplateSyntaxError(`template: ${this.name}:${tok.line}: ${msg}`);
  }
  private expect(kind: Token['kind'], context: string): Token {
    const tok = this.nextNonSpace();
    if (tok.kind !== kind) this.fail(`unexpected ${describe(tok)} in ${context}`, tok);
    return tok;
  }
  private loc(tok: Token, endPos?: number): Located {
    let lineIdx = tok.line - 1;
    while (lineIdx + 1 < this.lineStarts.length && this.lineStarts[lineIdx + 1]! <= tok.pos) lineIdx++;
    const col = tok.pos - this.lineStarts[lineIdx]!;
    return { line: lineIdx + 1, col, src: this.text.slice(tok.pos, endPos ?? tok.pos + tok.value.length) };
  }
  private srcBetween(start: Token): string {
    const last = this.tokens[this.i - 1]!;
    return this.text.slice(start.pos, last.pos + last.value.length);
  }

  // ---- lists and actions ----
  private parseList(topLevel = false): { list: ListNode; term: Terminator } {
    const nodes: Node[] = [];
    for (;;) {
      const tok = this.next();
      if (tok.kind === 'eof') return { list: { nodes }, term: { kind: 'eof' } };
      if (tok.kind === 'text') {
        nodes.push({ type: 'text', text: tok.value });
        continue;
      }
      if (tok.kind !== 'leftDelim') this.fail(`unexpected ${describe(tok)}`, tok);
      const first = this.peekNonSpace();
      if (first.kind === 'comment') {
        this.next();
        this.expect('rightDelim', 'comment');
        continue;
      }
      if (first.kind === 'keyword') {
        this.next();
        switch (first.value) {
          case 'end':
            this.expect('rightDelim', 'end');
            return { list: { nodes }, term: { kind: 'end' } };
          case 'else': {
            const after = this.peekNonSpace();
            if (after.kind === 'keyword' && (after.value === 'if' || after.value === 'with')) {
              // `{{else if ...}}`: the chained control is parsed by the caller; leave its pipeline.
              this.next();
              return { list: { nodes }, term: { kind: 'else', chain: after.value } };
            }
            this.expect('rightDelim', 'else');
            return { list: { nodes }, term: { kind: 'else' } };
          }
          case 'if':
          case 'with':
          case 'range':
            nodes.push(this.parseControl(first.value, first));
            continue;
          case 'template':
            nodes.push(this.parseTemplateCall(first));
            continue;
          case 'block':
            nodes.push(this.parseBlock(first));
            continue;
          case 'define':
            if (!topLevel) this.fail('unexpected <define> in command', first);
            this.parseDefine();
            continue;
          case 'break':
          case 'continue':
            if (this.rangeDepth === 0) this.fail(`{{${first.value}}} outside {{range}}`, first);
            this.expect('rightDelim', first.value);
            nodes.push({ type: first.value, ...this.loc(first) });
            continue;
          default:
            this.fail(`unexpected ${describe(first)}`, first);
        }
      }
      const pipe = this.parsePipeline('command', 'rightDelim');
      nodes.push({ type: 'action', pipe, ...this.loc(first, pipe.src ? first.pos + pipe.src.length : undefined) });
    }
  }

  private parseControl(kind: 'if' | 'with' | 'range', start: Token): Node {
    const varsMark = this.vars.length;
    const pipe = this.parsePipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const { list, term } = this.parseList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (term.kind === 'else') {
      if (term.chain) {
        if (term.chain !== kind) this.fail(`expected end; found {{else ${term.chain}}}`);
        const chainStart = this.tokens[this.i - 1]!;
        elseList = { nodes: [this.parseControl(term.chain, chainStart)] };
      } else {
        const rest = this.parseList();
        if (rest.term.kind !== 'end') this.fail(`expected end; found ${rest.term.kind === 'eof' ? 'EOF' : '{{else}}'}`);
        elseList = rest.list;
      }
    } else if (term.kind !== 'end') {
      this.fail(`unexpected EOF`);
    }
    this.vars.length = varsMark;
    return { type: kind, pipe, list, elseList, ...this.loc(start, start.pos + kind.length) };
  }

  private parseTemplateName(context: string): string {
    const tok = this.nextNonSpace();
    if (tok.kind === 'string') return unquoteString(tok.value);
    if (tok.kind === 'rawString') return tok.value.slice(1, -1);
    return this.fail(`unexpected ${describe(tok)} in ${context} clause`, tok);
  }

  private parseTemplateCall(start: Token): Node {
    const name = this.parseTemplateName('template');
    let pipe: PipeNode | undefined;
    if (this.peekNonSpace().kind !== 'rightDelim') pipe = this.parsePipeline('template', 'rightDelim');
    else this.next();
    return { type: 'template', name, pipe, ...this.loc(start) };
  }

  private parseDefine(): void {
    const name = this.parseTemplateName('define');
    this.expect('rightDelim', 'define clause');
    const saved = this.vars;
    this.vars = ['$'];
    const { list, term } = this.parseList();
    this.vars = saved;
    if (term.kind !== 'end') this.fail('unexpected EOF in define clause');
    this.addTree(name, list);
  }

  private parseBlock(start: Token): Node {
    const name = this.parseTemplateName('block');
    const pipe = this.parsePipeline('block', 'rightDelim');
    const saved = this.vars;
    this.vars = ['$'];
    const { list, term } = this.parseList();
    this.vars = saved;
    if (term.kind !== 'end') this.fail('unexpected EOF in block clause');
    this.addTree(name, list);
    return { type: 'template', name, pipe, ...this.loc(start) };
  }

  private addTree(name: string, list: ListNode): void {
    const existing = this.trees.get(name);
    const isEmpty = (l: ListNode): boolean => l.nodes.every((n) => n.type === 'text' && n.text.trim() === '');
    if (existing && !isEmpty(existing) && !isEmpty(list)) this.fail(`template: multiple definition of template "${name}"`);
    if (!existing || !isEmpty(list)) this.trees.set(name, list);
  }

  // ---- pipelines and commands ----
  private parsePipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const start = this.peekNonSpace();
    const decl: VariableNode[] = [];
    let isAssign = false;
    for (;;) {
      const v = this.peekNonSpace();
      if (v.kind !== 'variable') break;
      this.next();
      const afterVar = this.i;
      const next = this.peekNonSpace();
      if (next.kind === 'declare' || next.kind === 'assign') {
        this.next();
        isAssign = next.kind === 'assign';
        decl.push({ type: 'variable', ident: [v.value], ...this.loc(v) });
        if (isAssign) this.useVar(v);
        else this.vars.push(v.value);
        break;
      }
      if (next.kind === 'comma') {
        this.next();
        decl.push({ type: 'variable', ident: [v.value], ...this.loc(v) });
        this.vars.push(v.value);
        if (context === 'range' && decl.length < 2) {
          const k = this.peekNonSpace().kind;
          if (k === 'variable') continue;
          this.fail('range can only initialize variables', v);
        }
        this.fail(`too many declarations in ${context}`, v);
      }
      this.i = afterVar - 1;
      break;
    }
    const cmds: CommandNode[] = [];
    for (;;) {
      const tok = this.nextNonSpace();
      if (tok.kind === end) {
        if (cmds.length === 0) this.fail(`missing value for ${context}`, tok);
        break;
      }
      if (['bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'variable', 'string', 'rawString', 'leftParen'].includes(tok.kind)) {
        this.backup();
        cmds.push(this.parseCommand());
        continue;
      }
      this.fail(`unexpected ${describe(tok)} in ${context}`, tok);
    }
    for (const cmd of cmds.slice(1)) {
      const first = cmd.args[0]!;
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(first.type)) this.fail(`non executable command in pipeline stage ${cmds.indexOf(cmd) + 1}`);
    }
    const endTok = this.tokens[this.i - 1]!;
    const src = this.text.slice(start.pos, endTok.pos).replace(/\s+-?$/, '');
    return { type: 'pipe', decl, isAssign, cmds, ...this.loc(start), src };
  }

  private parseCommand(): CommandNode {
    const start = this.peekNonSpace();
    const args: ArgNode[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.parseOperand();
      if (operand) args.push(operand);
      const tok = this.next();
      if (tok.kind === 'space') continue;
      if (tok.kind === 'rightDelim' || tok.kind === 'rightParen') this.backup();
      else if (tok.kind !== 'pipe') this.fail(`unexpected ${describe(tok)} in operand`, tok);
      break;
    }
    if (args.length === 0) this.fail('empty command', start);
    return { type: 'command', args, ...this.loc(start), src: this.srcBetween(start).replace(/\s*\|?$/, '') };
  }

  private parseOperand(): ArgNode | undefined {
    const start = this.peek();
    const term = this.parseTerm();
    if (!term) return undefined;
    if (this.peek().kind !== 'field') return term;
    const fields: string[] = [];
    while (this.peek().kind === 'field') fields.push(this.next().value.slice(1));
    const loc = { ...this.loc(start), src: this.srcBetween(start) };
    switch (term.type) {
      case 'field':
        return { type: 'field', ident: [...term.ident, ...fields], ...loc };
      case 'variable':
        return { type: 'variable', ident: [...term.ident, ...fields], ...loc };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.fail(`unexpected . after term ${JSON.stringify(term.src)}`, start);
      default:
        return { type: 'chain', node: term, field: fields, ...loc };
    }
  }

  private parseTerm(): ArgNode | undefined {
    const tok = this.nextNonSpace();
    const loc = this.loc(tok);
    switch (tok.kind) {
      case 'identifier':
        if (!BUILTIN_FUNCS.has(tok.value) && !this.funcNames.has(tok.value)) this.fail(`function ${JSON.stringify(tok.value)} not defined`, tok);
        return { type: 'identifier', name: tok.value, ...loc };
      case 'dot':
        return { type: 'dot', ...loc };
      case 'nil':
        return { type: 'nil', ...loc };
      case 'variable':
        this.useVar(tok);
        return { type: 'variable', ident: [tok.value], ...loc };
      case 'field':
        return { type: 'field', ident: [tok.value.slice(1)], ...loc };
      case 'bool':
        return { type: 'bool', value: tok.value === 'true', ...loc };
      case 'charConstant':
      case 'number':
        return this.parseNumber(tok);
      case 'leftParen': {
        const pipe = this.parsePipeline('parenthesized pipeline', 'rightParen');
        return { ...pipe, ...this.loc(tok), src: this.srcBetween(tok) };
      }
      case 'string':
        return { type: 'string', value: unquoteString(tok.value), ...loc };
      case 'rawString':
        return { type: 'string', value: tok.value.slice(1, -1).replace(/\r/g, ''), ...loc };
      default:
        this.backup();
        return undefined;
    }
  }

  private useVar(tok: Token): void {
    const name = tok.value;
    if (!this.vars.includes(name)) this.fail(`undefined variable ${JSON.stringify(name)}`, tok);
  }

  private parseNumber(tok: Token): NumberNode {
    const loc = this.loc(tok);
    const text = tok.value;
    if (tok.kind === 'charConstant') {
      const code = unquoteChar(text);
      return { type: 'number', isInt: true, isFloat: true, int: BigInt(code), float: code, text, ...loc };
    }
    if (text.endsWith('i')) this.fail(`complex numbers are not supported: ${text}`, tok);
    const clean = text.replace(/_/g, '');
    const intValue = parseGoInt(clean);
    if (intValue !== undefined) return { type: 'number', isInt: true, isFloat: true, int: intValue, float: Number(intValue), text, ...loc };
    const f = /^[+-]?0[xX]/.test(clean) ? parseHexFloat(clean) : Number(clean);
    if (Number.isNaN(f)) this.fail(`illegal number syntax: ${JSON.stringify(text)}`, tok);
    const isInt = Number.isInteger(f) && Math.abs(f) <= Number.MAX_SAFE_INTEGER;
    return { type: 'number', isInt, isFloat: true, int: isInt ? BigInt(f) : undefined, float: f, text, ...loc };
  }
}

function parseGoInt(text: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  let body = m[2]!;
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  return sign * BigInt(body.toLowerCase().replace(/^0o/, '0o'));
}

function parseHexFloat(text: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(text);
  if (!m) return NaN;
  const mant = parseInt((m[2] ?? '') + (m[3] ?? ''), 16) / 16 ** (m[3]?.length ?? 0);
  return (m[1] === '-' ? -1 : 1) * mant * 2 ** Number(m[4]);
}

function describe(tok: Token): string {
  switch (tok.kind) {
    case 'eof':
      return 'EOF';
    case 'rightDelim':
      return '"}}"';
    case 'leftDelim':
      return '"{{"';
    case 'keyword':
      return `<${tok.value}>`;
    default:
      return JSON.stringify(tok.value);
  }
}
