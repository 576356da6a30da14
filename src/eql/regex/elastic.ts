import RE2 from 're2';
import { type CompiledEqlRegex, EqlRegexError, type EqlRegexOptions } from './types.js';
import { neverMatchWarnings } from './lucene-analysis.js';
import { parseLucene } from './lucene-parse.js';
import { checkTranslatable, luceneToRe2 } from './lucene-to-re2.js';

export const TOO_LONG = 'EQL_REGEX_TOO_LONG';
/** why: Elasticsearch's index.max_regex_length defaults to 1000 (RegexpQueryBuilder.doToQuery). */
const ES_MAX_REGEX_LENGTH = 1000;

/**
 * The `elastic` dialect: what Elasticsearch EQL does. `regex` becomes a Lucene `regexp` query,
 * which matches the whole keyword value; `regex~` sets case_insensitive, i.e. Lucene's
 * ASCII_CASE_INSENSITIVE (elastic/elasticsearch x-pack/plugin/ql/.../querydsl/query/RegexQuery.java).
 */
export function compileElastic(pattern: string, opts: EqlRegexOptions): CompiledEqlRegex {
  const { root, warnings } = parseLucene(pattern, opts.caseInsensitive);
  checkTranslatable(root);
  let regex: RE2;
  try {
    // why: Lucene regexes are implicitly anchored to the whole value; RE2's `$` without the
    // `m` flag is the end of the text, so a trailing newline is not skipped.
    regex = new RE2(`^(?:${luceneToRe2(root)})$`, 'u');
  } catch (e) {
    throw new EqlRegexError(
      `cronwarden cannot evaluate this regex with its linear-time engine (RE2: ${(e as Error).message}); simplify it, e.g. smaller nested repeat counts`,
      0,
    );
  }
  if (pattern.length > ES_MAX_REGEX_LENGTH) {
    warnings.push({
      code: TOO_LONG,
      offset: ES_MAX_REGEX_LENGTH,
      message: `the regex is ${pattern.length} characters long: Elasticsearch rejects regexes longer than the index setting index.max_regex_length (default ${ES_MAX_REGEX_LENGTH}) unless the index raises it`,
    });
  }
  warnings.push(...neverMatchWarnings(pattern, root, opts.valueStartsWith, opts.valueEndsWith));
  warnings.sort((a, b) => a.offset - b.offset);
  return {
    test: (value) => regex.test(value),
    locate: (value) => (regex.test(value) ? { start: 0, end: value.length } : null),
    warnings,
  };
}
