/**
 * Every modifier name the engine knows, and its role. The engine evaluates exactly these; a
 * name outside this table is an error, never ignored.
 */
export type ModifierRole =
  | 'position' // contains, startswith, endswith
  | 'list' // all
  | 'case' // cased
  | 'negate' // neq
  | 'regex' // re
  | 'regexFlag' // i, m, s after re
  | 'encoding' // wide, utf16*
  | 'base64' // base64, base64offset
  | 'windash'
  | 'cidr'
  | 'exists'
  | 'compare' // gt, gte, lt, lte
  | 'fieldref';

export const MODIFIERS: ReadonlyMap<string, ModifierRole> = new Map<string, ModifierRole>([
  ['contains', 'position'],
  ['startswith', 'position'],
  ['endswith', 'position'],
  ['all', 'list'],
  ['cased', 'case'],
  ['neq', 'negate'],
  ['re', 'regex'],
  ['i', 'regexFlag'],
  ['ignorecase', 'regexFlag'],
  ['m', 'regexFlag'],
  ['multiline', 'regexFlag'],
  ['s', 'regexFlag'],
  ['dotall', 'regexFlag'],
  ['wide', 'encoding'],
  ['utf16le', 'encoding'],
  ['utf16be', 'encoding'],
  ['utf16', 'encoding'],
  ['base64', 'base64'],
  ['base64offset', 'base64'],
  ['windash', 'windash'],
  ['cidr', 'cidr'],
  ['exists', 'exists'],
  ['gt', 'compare'],
  ['gte', 'compare'],
  ['lt', 'compare'],
  ['lte', 'compare'],
  ['fieldref', 'fieldref'],
]);

/** Sigma modifiers that exist in the specification but that this engine does not evaluate. */
export const UNSUPPORTED_MODIFIERS: ReadonlyMap<string, string> = new Map([
  ['expand', 'placeholders (%name%) need a pipeline configuration that supplies their values'],
  ['minute', 'time-part modifiers are not evaluated'],
  ['hour', 'time-part modifiers are not evaluated'],
  ['day', 'time-part modifiers are not evaluated'],
  ['week', 'time-part modifiers are not evaluated'],
  ['month', 'time-part modifiers are not evaluated'],
  ['year', 'time-part modifiers are not evaluated'],
]);

export const REGEX_FLAG_LETTER: Readonly<Record<string, string>> = {
  i: 'i',
  ignorecase: 'i',
  m: 'm',
  multiline: 'm',
  s: 's',
  dotall: 's',
};
