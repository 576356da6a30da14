import { EqlCompileError } from '../errors.js';
import type { Span } from '../syntax/ast.js';
import type { SourceText } from '../syntax/source.js';
import type { EqlDialect, EqlWarning } from '../types.js';
import { EvalContext, ValueSlot, newFieldPath } from './slot.js';

/** State of one compilation: field slots, warnings, and positions for errors. */
export class CompileScope {
  readonly fields: string[] = [];
  readonly warnings: EqlWarning[] = [];
  readonly #slotOf = new Map<string, number>();
  /** A pattern Elasticsearch rejects: there the whole query fails, so here it never matches. */
  rejectedByElasticsearch = false;

  constructor(
    readonly src: SourceText,
    readonly dialect: EqlDialect,
  ) {}

  /** The slot index of a field path; each distinct path is resolved once per document. */
  slot(path: string): number {
    let index = this.#slotOf.get(path);
    if (index === undefined) {
      index = this.fields.length;
      this.#slotOf.set(path, index);
      this.fields.push(path);
    }
    return index;
  }

  /** A fresh per-evaluator context (field paths are split here, once). */
  newContext(): EvalContext {
    const paths = this.fields.map(newFieldPath);
    return new EvalContext(paths.map((p) => new ValueSlot(p)));
  }

  text(span: Span): string {
    return this.src.slice(span.start, span.end);
  }

  error(message: string, offset: number): EqlCompileError {
    const at = this.src.position(offset);
    return new EqlCompileError(message, at.line, at.column);
  }

  warn(code: string, message: string, offset: number): void {
    this.warnings.push({ code, message, ...this.src.position(offset) });
  }
}
