/**
 * RKE1's template compiler (templates.CompileTemplateFromMap): Go text/template with sprig's
 * TxtFuncMap plus `toYaml` and `GetKubednsStubDomains`, executed as "compiled_template".
 */
import { GoTemplate, jsonToYaml, kindOf, marshalJson, sprigFuncs, type TemplateFunc } from '../gotemplate/index.js';

export const RKE_TEMPLATE_NAME = 'compiled_template';

/** RKE1's ToYAML: JSON → YAML, trailing newline dropped; marshal errors give an empty string. */
export function rkeToYaml(v: unknown): string {
  try {
    return jsonToYaml(v).replace(/\n$/, '');
  } catch {
    return '';
  }
}

/** RKE1's GetKubednsStubDomains: the map[string][]string as compact JSON. */
export function kubednsStubDomains(stubDomains: unknown): string {
  if (stubDomains !== null && kindOf(stubDomains) !== 'map') {
    throw new Error(`wrong type for value; expected map[string][]string; got ${typeof stubDomains}`);
  }
  return marshalJson(stubDomains);
}

export function rkeTemplateFuncs(): Record<string, TemplateFunc> {
  return { ...sprigFuncs(), toYaml: rkeToYaml, GetKubednsStubDomains: kubednsStubDomains };
}

const FUNCS = rkeTemplateFuncs();
const parsed = new Map<string, GoTemplate>();

/** Parses (cached by text) and executes a template the way RKE1 does. Throws Go-style errors. */
export function compileTemplateFromMap(text: string, data: unknown): string {
  let tmpl = parsed.get(text);
  if (!tmpl) {
    tmpl = GoTemplate.parse(RKE_TEMPLATE_NAME, text, FUNCS);
    parsed.set(text, tmpl);
  }
  return tmpl.execute(data);
}
