import type { CompileScope } from '../compile/scope.js';
import type { EvalContext } from '../compile/slot.js';
import type { FieldRef } from '../syntax/ast.js';

/**
 * The join key of a document: the values of the sequence's `by` fields then the step's,
 * compared by value (1 and "1" differ). A missing key field excludes the document from the
 * step, as in Elasticsearch, unless the field is optional (`?field`), where it joins as null.
 * A multi-valued field joins by its whole list of values.
 */
export function compileJoinKey(
  fields: FieldRef[],
  scope: CompileScope,
): (ctx: EvalContext) => string | null {
  if (fields.length === 0) return () => '[]';
  const slots = fields.map((f) => ({ index: scope.slot(f.path), optional: f.optional }));
  return (ctx) => {
    const parts: unknown[] = [];
    for (const { index, optional } of slots) {
      const values = ctx.slot(index).values.filter((v) => v !== null && v !== undefined);
      if (values.length === 0) {
        if (!optional) return null;
        parts.push(null);
      } else {
        parts.push(values.length === 1 ? values[0] : values);
      }
    }
    return JSON.stringify(parts);
  };
}
