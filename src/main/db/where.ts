/** Builds the WHERE clause of a list query from optional filters, with named parameters. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: Record<string, string | number> = {};

  /** Adds a condition that needs no parameter. */
  always(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  /** Adds `sql` (which refers to `@key`) when `value` is given. */
  when(value: string | number | undefined, sql: string, key: string): this {
    if (value === undefined || value === '') return this;
    this.parts.push(sql);
    this.params[key] = value;
    return this;
  }

  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** Escapes a user's search text for LIKE … ESCAPE '\'. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
