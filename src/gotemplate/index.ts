/**
 * A Go text/template engine: parse once, execute against Go-modelled data (values.ts) with a
 * function map. Output and errors follow Go's text/template (default `missingkey` option).
 */
import type { ListNode } from './ast.js';
import type { TemplateFunc } from './builtins.js';
import { execute } from './exec.js';
import { parseTemplate } from './parser.js';

export type { TemplateFunc } from './builtins.js';
export { TemplateExecError, TemplateSyntaxError } from './errors.js';
export { sprint, sprintf, sprintln } from './fmt.js';
export { quoteGo } from './quote.js';
export { formatFloat, formatValue, GoFloat, GoStruct, goMap, isTrue, kindOf } from './values.js';
export type { GoMap, GoValue } from './values.js';

export class GoTemplate {
  private constructor(
    readonly name: string,
    private readonly trees: ReadonlyMap<string, ListNode>,
    private readonly funcs: Readonly<Record<string, TemplateFunc>>,
  ) {}

  /** Go's template.New(name).Funcs(funcs).Parse(text); throws TemplateSyntaxError. */
  static parse(name: string, text: string, funcs: Readonly<Record<string, TemplateFunc>> = {}): GoTemplate {
    const { trees } = parseTemplate(name, text, new Set(Object.keys(funcs)));
    return new GoTemplate(name, trees, funcs);
  }

  /** Template names this one defines (its own plus every define/block). */
  templateNames(): string[] {
    return [...this.trees.keys()];
  }

  /** Go's Execute; throws TemplateExecError. */
  execute(data: unknown): string {
    return execute({ name: this.name, trees: this.trees, funcs: this.funcs }, this.name, data);
  }

  /** Go's ExecuteTemplate for a define'd name. */
  executeTemplate(name: string, data: unknown): string {
    return execute({ name: this.name, trees: this.trees, funcs: this.funcs }, name, data);
  }
}

/** Parses and executes in one step. */
export function renderGoTemplate(name: string, text: string, data: unknown, funcs: Readonly<Record<string, TemplateFunc>> = {}): string {
  return GoTemplate.parse(name, text, funcs).execute(data);
}
export { sprigFuncs, empty } from './sprig.js';
export { marshalJson } from './gojson.js';
export { marshalYamlV2 } from './goyaml.js';

import { jsonRoundTrip } from './gojson.js';
import { marshalYamlV2 } from './goyaml.js';

/** ghodss/sigs.k8s.io yaml.Marshal of a value: JSON-marshal it, then write that as yaml.v2 YAML. */
export function jsonToYaml(v: unknown): string {
  return marshalYamlV2(jsonRoundTrip(v));
}
