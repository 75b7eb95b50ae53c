/**
 * Unique index enforcement, done by the wrapper itself with MongoDB semantics:
 * single and compound keys, multikey (array elements), a missing field indexes as null
 * unless the index is sparse (compound sparse: skipped only when all fields are missing),
 * and partial indexes only cover documents matching `partialFilterExpression`.
 */
import { Query } from "mingo";
import { duplicateKeyError } from "./errors";
import type { IndexSpec } from "./index-catalog";
import { EMPTY_ARRAY, KeyTree } from "./key-tree";
import { canonicalKey, collectPathValues, type Doc } from "./values";

interface Entry {
  /** canonical form of the tuple (dedupes a batch) */
  key: string;
  /** one value per indexed field */
  parts: unknown[];
}

export class UniqueIndex {
  /** key tuple → slot of the owning document */
  private readonly owners: KeyTree;
  private readonly fields: string[];
  private readonly partial: Query | undefined;
  /** Every indexed field is a top-level one (no dotted path). */
  private readonly topLevel: boolean;

  constructor(
    readonly spec: IndexSpec,
    private readonly namespace: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.topLevel = this.fields.every((f) => !f.includes("."));
    this.owners = new KeyTree(this.fields.length);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined;
  }

  /** Index entries of a document; empty when the index does not cover it. */
  entries(doc: Doc): Entry[] {
    const simple = this.topLevel ? this.simpleEntry(doc) : undefined;
    return simple === undefined ? this.expandedEntries(doc) : simple;
  }

  /**
   * The common case without the general expansion below: top-level fields none of which holds an
   * array give exactly one entry. `undefined` when a field holds an array (multikey).
   */
  private simpleEntry(doc: Doc): Entry[] | undefined {
    const n = this.fields.length;
    const parts = new Array<unknown>(n);
    let present = false;
    let key = "";
    for (let i = 0; i < n; i++) {
      const field = this.fields[i]!;
      const has = Object.prototype.hasOwnProperty.call(doc, field);
      const v = has ? doc[field] : null;
      if (Array.isArray(v)) return undefined;
      if (has) present = true;
      parts[i] = v;
      key = i === 0 ? canonicalKey(v) : `${key}|${canonicalKey(v)}`;
    }
    if (this.partial && !this.partial.test(doc)) return [];
    if (this.spec.sparse && !present) return [];
    return [{ key, parts }];
  }

  /** Every entry of a document, arrays expanded (one entry per element, per combination), deduplicated. */
  expandedEntries(doc: Doc): Entry[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((field) => {
      const found = collectPathValues(doc, field);
      const values: unknown[] = [];
      for (const v of found) {
        if (Array.isArray(v)) {
          if (v.length === 0) values.push(EMPTY_ARRAY);
          else values.push(...v);
        } else values.push(v);
      }
      return values;
    });
    if (this.spec.sparse && perField.every((values) => values.length === 0)) return [];
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const options = values.length === 0 ? [null] : values;
      const next: unknown[][] = [];
      for (const combo of combos) for (const v of options) next.push([...combo, v]);
      combos = next;
    }
    const seen = new Set<string>();
    const out: Entry[] = [];
    for (const combo of combos) {
      const key = combo.map((v) => (v === EMPTY_ARRAY ? "emptyArray" : canonicalKey(v))).join("|");
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ key, parts: combo });
    }
    return out;
  }

  /** The key's fields and values, as a duplicate-key error names them. */
  private valueOf(parts: readonly unknown[]): Record<string, unknown> {
    const value: Record<string, unknown> = {};
    this.fields.forEach((f, i) => {
      const v = parts[i];
      value[f] = v === EMPTY_ARRAY ? [] : (v ?? null);
    });
    return value;
  }

  /**
   * Throws E11000 if writing `added` (after removing the documents in `removedSlots`, i.e. the
   * previous versions of updated documents) would violate the index.
   * Checks the batch against itself too, so a multi-document write is all-or-nothing.
   */
  check(added: Doc[], removedSlots: ReadonlySet<number>): void {
    const batch = new Set<string>();
    for (const doc of added) {
      for (const { key, parts } of this.entries(doc)) {
        const owner = this.owners.get(parts);
        if ((owner !== undefined && !removedSlots.has(owner)) || batch.has(key)) {
          throw duplicateKeyError(this.namespace, this.spec.name, { ...this.spec.key }, this.valueOf(parts));
        }
        batch.add(key);
      }
    }
  }

  remove(slot: number, doc: Doc): void {
    for (const { parts } of this.entries(doc)) this.owners.delete(parts, slot);
  }

  add(slot: number, doc: Doc): void {
    for (const { parts } of this.entries(doc)) this.owners.set(parts, slot);
  }

  /** Adds a document while building the index; throws E11000 if another one already holds its key. */
  addChecked(slot: number, doc: Doc): void {
    for (const { parts } of this.entries(doc)) {
      const owner = this.owners.get(parts);
      if (owner !== undefined && owner !== slot)
        throw duplicateKeyError(this.namespace, this.spec.name, { ...this.spec.key }, this.valueOf(parts));
    }
    this.add(slot, doc);
  }

  clear(): void {
    this.owners.clear();
  }

  /** Checkpoint form (see KeyTree.dump). */
  dump(): unknown[] {
    return this.owners.dump();
  }

  restore(dump: readonly unknown[]): void {
    this.owners.restore(dump);
  }
}
