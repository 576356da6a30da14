/**
 * Shell variables visible to a script: the container env at the root, then assignments made by
 * the script and positional parameters of nested `sh -c '…' name arg…` shells. Child scopes
 * chain to their parent instead of copying it, so starting a nested shell costs O(1).
 * Subshells share their parent's scope: over-approximating what a variable may hold is the safe
 * direction for detection.
 */
export class Scope {
  private readonly own = new Map<string, string>();

  private constructor(
    private readonly parent: Scope | null,
    private readonly base: ReadonlyMap<string, string>,
  ) {}

  static root(env: ReadonlyMap<string, string>): Scope {
    return new Scope(null, env);
  }

  get(name: string): string | undefined {
    const value = this.own.get(name) ?? this.base.get(name);
    return value !== undefined || this.parent === null ? value : this.parent.get(name);
  }

  set(name: string, value: string): void {
    this.own.set(name, value);
  }

  /** A nested shell: `$0` is `name`, `$1…` are `args`, `$@`/`$*` their space-joined form. */
  withPositional(name: string | undefined, args: readonly string[]): Scope {
    const child = new Scope(this, new Map());
    if (name !== undefined) child.set('0', name);
    args.forEach((arg, i) => child.set(String(i + 1), arg));
    child.set('#', String(args.length));
    child.set('@', args.join(' '));
    child.set('*', args.join(' '));
    return child;
  }
}
