/** Errors of the Go template engine, worded like Go's text/template errors. */

/** The template source does not parse (Go: `template: NAME:LINE: ...`). */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
}

/** Executing the template failed (Go: `template: NAME:LINE:COL: executing "NAME" at <...>: ...`). */
export class TemplateExecError extends Error {
  override name = 'TemplateExecError';
}
