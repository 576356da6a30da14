/**
 * Accumulates the fields of one word. Unquoted expansions are split on blanks (POSIX field
 * splitting with the default IFS), so `$CMD` holding `bash -i` yields two arguments; literal and
 * quoted text never splits. Empty fields are dropped.
 */
export class FieldBuilder {
  private readonly fields: string[] = [];
  private current = '';

  constructor(private readonly split: boolean) {}

  literal(text: string): void {
    this.current += text;
  }

  expansion(text: string, quoted: boolean): void {
    if (quoted || !this.split) {
      this.current += text;
      return;
    }
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      const c = text[i];
      if (c !== undefined && c !== ' ' && c !== '\t' && c !== '\n') continue;
      if (i > start) this.current += text.slice(start, i);
      if (c !== undefined) this.breakField();
      start = i + 1;
    }
  }

  private breakField(): void {
    if (this.current !== '') this.fields.push(this.current);
    this.current = '';
  }

  finish(): string[] {
    this.breakField();
    return this.fields;
  }
}
