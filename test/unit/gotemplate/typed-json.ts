/**
 * Decodes the typed JSON of test/fixtures/gotemplate (see render/main.go) into the Go value
 * model of src/gotemplate, so the TypeScript engine sees the same types Go saw.
 */
import { GoFloat, GoStruct, goMap } from '../../../src/gotemplate/index.js';
import { mapElemZero } from '../../../src/gotemplate/values.js';

export function fromTypedJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromTypedJson);
  if (v === null || typeof v !== 'object') return v;
  const obj = v as Record<string, unknown>;
  if ('@float' in obj) return Number.isInteger(obj['@float']) ? new GoFloat(obj['@float'] as number) : obj['@float'];
  if ('@stringMap' in obj) return goMap({ ...(obj['@stringMap'] as Record<string, string>) }, '');
  if ('@stringListMap' in obj) return goMap({ ...(obj['@stringListMap'] as Record<string, string[]>) }, null);
  if ('@struct' in obj) return new GoStruct(obj['@struct'] as string, {}, obj.json);
  if ('@structs' in obj) return (obj.json as unknown[]).map((j) => new GoStruct(obj['@structs'] as string, {}, j));
  if ('@nil' in obj) return null;
  return Object.fromEntries(Object.entries(obj).map(([k, e]) => [k, fromTypedJson(e)]));
}

/** The reverse of fromTypedJson: a Go-modelled value as typed JSON for the Go recorder. */
export function toTypedJson(v: unknown): unknown {
  if (v instanceof GoFloat) return { '@float': v.value };
  if (v instanceof GoStruct) return { '@struct': v.typeName, json: v.json };
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((e) => e instanceof GoStruct)) return { '@structs': (v[0] as GoStruct).typeName, json: v.map((e) => (e as GoStruct).json) };
    return v.map(toTypedJson);
  }
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v as Record<string, unknown>);
  if (isStringMap(v)) return { '@stringMap': Object.fromEntries(entries) };
  return Object.fromEntries(entries.map(([k, e]) => [k, toTypedJson(e)]));
}

function isStringMap(v: object): boolean {
  return mapElemZero(v) === '';
}
