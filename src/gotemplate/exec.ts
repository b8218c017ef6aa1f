/**
 * Executes parsed Go templates against Go-modelled data (see values.ts), following
 * text/template's exec.go: dot and variable scoping, field chains on maps and structs,
 * pipelines feeding the previous result as the last argument, short-circuit and/or,
 * range over slices/maps (sorted keys)/ints with break and continue, and nested templates.
 */
import type { ArgNode, CommandNode, FieldNode, IdentifierNode, ListNode, Located, Node, NumberNode, PipeNode, VariableNode } from './ast.js';
import { BUILTINS, type TemplateFunc } from './builtins.js';
import { TemplateExecError } from './errors.js';
import { formatValue, GoFloat, GoStruct, isTrue, kindOf, sortedKeys, typeName } from './values.js';

/** "No final value" marker: distinct from `undefined`, which is Go's invalid value. */
const MISSING = Symbol('missingVal');
type Final = unknown;

const MAX_EXEC_DEPTH = 100000;

interface Variable {
  name: string;
  value: unknown;
}

type Control = 'break' | 'continue' | undefined;

export interface ExecContext {
  /** Name of the top-level template, used in error messages. */
  name: string;
  trees: ReadonlyMap<string, ListNode>;
  funcs: Readonly<Record<string, TemplateFunc>>;
}

export function execute(ctx: ExecContext, treeName: string, data: unknown): string {
  const tree = ctx.trees.get(treeName);
  if (!tree) throw new TemplateExecError(`template: no template ${JSON.stringify(treeName)} associated with template ${JSON.stringify(ctx.name)}`);
  const state = new State(ctx, treeName, [{ name: '$', value: data }], 0);
  state.walk(data, tree);
  return state.out.join('');
}

class State {
  readonly out: string[] = [];
  private node: Located | undefined;

  constructor(
    private readonly ctx: ExecContext,
    private readonly tmplName: string,
    private readonly vars: Variable[],
    private readonly depth: number,
  ) {}

  private at(node: Located): void {
    this.node = node;
  }

  private fail(msg: string): never {
    const n = this.node;
    const where = n ? `${this.ctx.name}:${n.line}:${n.col}: executing ${JSON.stringify(this.tmplName)} at <${n.src}>: ` : `${this.ctx.name}: `;
    throw new TemplateExecError(`template: ${where}${msg}`);
  }

  // ---- variables ----
  private mark(): number {
    return this.vars.length;
  }
  private pop(mark: number): void {
    this.vars.length = mark;
  }
  private push(name: string, value: unknown): void {
    this.vars.push({ name, value });
  }
  private setTopVar(n: number, value: unknown): void {
    this.vars[this.vars.length - n]!.value = value;
  }
  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }
  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    return this.fail(`undefined variable: ${name}`);
  }

  // ---- walking ----
  walk(dot: unknown, list: ListNode): Control {
    for (const node of list.nodes) {
      const control = this.walkNode(dot, node);
      if (control) return control;
    }
    return undefined;
  }

  private walkNode(dot: unknown, node: Node): Control {
    switch (node.type) {
      case 'text':
        this.out.push(node.text);
        return undefined;
      case 'action': {
        this.at(node);
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out.push(this.printable(val));
        return undefined;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(node.type, dot, node.pipe, node.list, node.elseList);
      case 'range':
        return this.walkRange(dot, node.pipe, node.list, node.elseList);
      case 'template':
        return this.walkTemplate(dot, node.name, node.pipe, node);
      case 'break':
        return 'break';
      case 'continue':
        return 'continue';
    }
  }

  private printable(v: unknown): string {
    if (typeof v === 'function') this.fail(`can't print ${typeName(v)}`);
    return formatValue(v);
  }

  private walkIfOrWith(kind: 'if' | 'with', dot: unknown, pipe: PipeNode, list: ListNode, elseList?: ListNode): Control {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, pipe);
      if (isTrue(val)) return this.walk(kind === 'with' ? val : dot, list);
      if (elseList) return this.walk(dot, elseList);
      return undefined;
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: unknown, pipe: PipeNode, list: ListNode, elseList?: ListNode): Control {
    this.at(pipe);
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, pipe);
      const mark2 = this.mark();
      const oneIteration = (key: unknown, elem: unknown): Control => {
        if (pipe.decl.length > 0) {
          if (pipe.isAssign) {
            if (pipe.decl.length > 1) this.setVar(pipe.decl[0]!.ident[0]!, key);
            this.setVar(pipe.decl[pipe.decl.length - 1]!.ident[0]!, elem);
          } else {
            this.setTopVar(1, elem);
          }
        }
        if (pipe.decl.length > 1 && !pipe.isAssign) this.setTopVar(2, key);
        const control = this.walk(elem, list);
        this.pop(mark2);
        return control;
      };
      let iterated = false;
      switch (kindOf(val)) {
        case 'slice':
          for (const [i, elem] of (val as unknown[]).entries()) {
            iterated = true;
            if (oneIteration(i, elem) === 'break') break;
          }
          break;
        case 'map':
          for (const key of sortedKeys(val as object)) {
            iterated = true;
            if (oneIteration(key, (val as Record<string, unknown>)[key]) === 'break') break;
          }
          break;
        case 'int': {
          if (pipe.decl.length > 1) this.fail(`can't use ${formatValue(val)} to iterate over more than one variable`);
          for (let i = 0; i < (val as number); i++) {
            iterated = true;
            if (oneIteration(i, i) === 'break') break;
          }
          break;
        }
        case 'invalid':
        case 'nil':
          break;
        default:
          this.fail(`range can't iterate over ${formatValue(val)}`);
      }
      if (!iterated && elseList) return this.walk(dot, elseList);
      return undefined;
    } finally {
      this.pop(mark);
    }
  }

  private walkTemplate(dot: unknown, name: string, pipe: PipeNode | undefined, node: Located): Control {
    this.at(node);
    const tree = this.ctx.trees.get(name);
    if (!tree) this.fail(`template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.ctx.name)}`);
    if (this.depth >= MAX_EXEC_DEPTH) this.fail(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = pipe ? this.evalPipeline(dot, pipe) : undefined;
    const inner = new State(this.ctx, name, [{ name: '$', value: newDot }], this.depth + 1);
    inner.walk(newDot, tree!);
    this.out.push(inner.out.join(''));
    return undefined;
  }

  // ---- evaluation ----
  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
    }
    if (value === MISSING) value = undefined;
    // A nil interface{} result is Go's invalid value ("<no value>").
    if (value === null) value = undefined;
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, value);
      else this.push(v.ident[0]!, value);
    }
    return value;
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.fail(`can't give argument to non-function ${args[0]!.src}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain': {
        const recv = this.evalArg(dot, first.node);
        return this.evalFieldChain(dot, recv, first, first.field, cmd.args, final);
      }
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
      default:
        break;
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.fail('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.value;
    }
  }

  private idealConstant(n: NumberNode): unknown {
    this.at(n);
    const looksFloat = /[.eEpP]/.test(n.text) && !/^[+-]?0[xX][0-9a-fA-F_]*$/.test(n.text) && !n.text.startsWith("'");
    if (n.isFloat && looksFloat) {
      const f = n.float!;
      return Number.isInteger(f) ? new GoFloat(f) : f;
    }
    if (n.isInt) {
      const v = n.int!;
      if (v > 9223372036854775807n || v < -9223372036854775808n) this.fail(`${n.text} overflows int`);
      return Number(v);
    }
    return this.fail(`${n.text} overflows int`);
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: ArgNode[], final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalVariableNode(dot: unknown, variable: VariableNode, args: ArgNode[], final: Final): unknown {
    this.at(variable);
    const value = this.varValue(variable.ident[0]!);
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, variable, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: unknown, receiver: unknown, node: Located, ident: string[], args: ArgNode[], final: Final): unknown {
    let recv = receiver;
    for (let i = 0; i < ident.length - 1; i++) recv = this.evalField(dot, ident[i]!, node, [], MISSING, recv);
    return this.evalField(dot, ident[ident.length - 1]!, node, args, final, recv);
  }

  private evalField(_dot: unknown, fieldName: string, node: Located, args: ArgNode[], final: Final, receiver: unknown): unknown {
    this.at(node);
    if (receiver === undefined) return undefined;
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver instanceof GoStruct) {
      if (Object.prototype.hasOwnProperty.call(receiver.fields, fieldName)) {
        if (hasArgs) this.fail(`${fieldName} has arguments but cannot be invoked as function`);
        return receiver.fields[fieldName];
      }
      return this.fail(`can't evaluate field ${fieldName} in type ${receiver.typeName}`);
    }
    const kind = kindOf(receiver);
    if (kind === 'map') {
      if (hasArgs) this.fail(`${fieldName} is not a method but has arguments`);
      const map = receiver as Record<string, unknown>;
      return Object.prototype.hasOwnProperty.call(map, fieldName) ? map[fieldName] : undefined;
    }
    if (kind === 'nil') return this.fail(`nil pointer evaluating ${typeName(receiver)}.${fieldName}`);
    return this.fail(`can't evaluate field ${fieldName} in type ${typeName(receiver)}`);
  }

  private evalFunction(dot: unknown, node: IdentifierNode, cmd: CommandNode, args: ArgNode[], final: Final): unknown {
    this.at(node);
    const name = node.name;
    const fn = Object.prototype.hasOwnProperty.call(this.ctx.funcs, name) ? this.ctx.funcs[name] : undefined;
    const isBuiltin = fn === undefined;
    if (isBuiltin && (name === 'and' || name === 'or')) return this.evalAndOr(dot, name, node, args.slice(1), final);
    const impl = fn ?? BUILTINS[name];
    if (!impl) return this.fail(`${JSON.stringify(name)} is not a defined function`);
    const values = args.slice(1).map((a) => this.evalArg(dot, a));
    if (final !== MISSING) values.push(final);
    this.at(node);
    try {
      return impl(...values);
    } catch (err) {
      this.at(cmd.args.length > 1 || final !== MISSING ? node : cmd);
      return this.fail(`error calling ${name}: ${(err as Error).message}`);
    }
  }

  private evalAndOr(dot: unknown, name: 'and' | 'or', node: IdentifierNode, args: ArgNode[], final: Final): unknown {
    if (args.length === 0 && final === MISSING) this.fail(`wrong number of args for ${name}: want at least 1 got 0`);
    let v: unknown;
    for (const arg of args) {
      v = this.evalArg(dot, arg);
      if (isTrue(v) === (name === 'or')) return v;
    }
    this.at(node);
    if (final !== MISSING) v = final;
    return v;
  }

  private evalArg(dot: unknown, n: ArgNode): unknown {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldNode(dot, n, [n], MISSING);
      case 'variable':
        return this.evalVariableNode(dot, n, [], MISSING);
      case 'pipe':
        return this.evalPipeline(dot, n);
      case 'identifier':
        return this.evalFunction(dot, n, { type: 'command', args: [n], line: n.line, col: n.col, src: n.src }, [n], MISSING);
      case 'chain': {
        const recv = this.evalArg(dot, n.node);
        return this.evalFieldChain(dot, recv, n, n.field, [], MISSING);
      }
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.value;
    }
  }
}
