import { fold, maybeConstantString, str } from './values.js';
import type { Locate } from '../compile/evidence.js';
import type { EqlFunction } from './types.js';

/**
 * `startsWith`, `endsWith` and `stringContains`: the field's text against a second string, both
 * folded for the `~` form; a constant second argument is folded once, at compile time.
 */
export function stringTest(
  name: string,
  test: (value: string, wanted: string) => boolean,
  locateFor: (wanted: string, caseInsensitive: boolean) => Locate | undefined,
): EqlFunction {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    caseInsensitive: true,
    returns: 'boolean',
    fieldQuery: true,
    compile(args, ci) {
      const fixed = maybeConstantString(args[1]);
      const constant = fixed === null ? null : fold(fixed, ci);
      return {
        apply([source, other]) {
          const s = str(source);
          const o = str(other);
          const wanted = constant ?? (o === null ? null : fold(o, ci));
          if (s === null || wanted === null) return null;
          return test(fold(s, ci), wanted);
        },
        locate: constant === null ? undefined : locateFor(constant, ci),
      };
    },
  };
}
