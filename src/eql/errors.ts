import type { EqlPosition } from './types.js';

/** The query text is not EQL: where, and what the parser could have accepted there. */
export class EqlSyntaxError extends Error implements EqlPosition {
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
    readonly expected: string[] = [],
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'EqlSyntaxError';
  }
}

/** The query parses but cannot run: unknown function, wrong arity, bad regex, unsupported pipe… */
export class EqlCompileError extends Error implements EqlPosition {
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'EqlCompileError';
  }
}
