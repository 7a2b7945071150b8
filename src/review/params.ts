// Numbered SQL parameters, added as a query is built.

/**
 * Collects values and hands out their `$n` placeholders.
 * @example const p = new Params(); const where = `tenant_id = ${p.add(tenantId)}`; await db.query(sql, p.values);
 */
export class Params {
  readonly values: unknown[] = [];
  /** The placeholder of `value`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
