/**
 * Multi-valued attributes kept outside the document as edges (groups: `members`, which
 * may hold 100k values: SCIM-NOTES.md "Large groups"). PATCH operations on them become
 * a delta over member ids and never read the current list, so only the forms that can
 * be applied without it are accepted.
 */
import { InvalidPathError, InvalidValueError } from '../../errors/scim-errors';
import type { ValueFilterNode } from '../filter/ast';
import { isLogical } from '../filter/boolean-tree';
import { itemLimit, normalizeValue } from '../resource/normalize';
import { isPlainObject, isUnassigned } from '../resource/scim-json';
import type { AttributeDefinition } from '../schema/definitions';
import { elementDefinition } from './patch-values';

/**
 * Changes to an edge attribute, as member ids. With `replace`, the new list is exactly
 * `replace` (and `add` and `remove` are empty: the later operations are folded into
 * it); without it, the new list is the current one minus `remove`, plus `add`, and no
 * id is in both. The caller computes the difference for `replace` and checks that
 * added ids exist.
 */
export interface EdgeDelta {
  add: string[];
  remove: string[];
  replace?: string[];
}

/** Folds operations, in order, into one EdgeDelta. */
export class EdgeDeltaBuilder {
  private replaced?: Set<string>;
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();
  /** The canonical paths of the edge attributes operations named. */
  readonly touched = new Set<string>();

  add(ids: string[]): void {
    for (const id of ids) {
      if (this.replaced) this.replaced.add(id);
      else {
        this.removed.delete(id);
        this.added.add(id);
      }
    }
  }

  remove(ids: string[]): void {
    for (const id of ids) {
      if (this.replaced) this.replaced.delete(id);
      else {
        this.added.delete(id);
        this.removed.add(id);
      }
    }
  }

  replace(ids: string[]): void {
    this.replaced = new Set(ids);
    this.added.clear();
    this.removed.clear();
  }

  delta(): EdgeDelta {
    return {
      add: [...this.added],
      remove: [...this.removed],
      ...(this.replaced ? { replace: [...this.replaced] } : {}),
    };
  }
}

/**
 * The ids in a value for an edge attribute: `[{value: id, display?, type?, $ref?}]`.
 * Each member is checked by THE normalizer (so `Value`, a lone object and `"$ref": null`
 * are read as on POST); only its `value` is kept, and a member without one is refused.
 * An unassigned value (null, []) holds no ids.
 */
export function edgeIds(definition: AttributeDefinition, value: unknown, path: string): string[] {
  if (isUnassigned(value)) return [];
  const items = Array.isArray(value) ? value : [value];
  const limit = itemLimit(definition);
  if (items.length > limit) throw new InvalidValueError(`${path} may hold at most ${limit} values per operation.`, path);
  const member = elementDefinition(definition);
  return items.map((item) => {
    const normalized = normalizeValue(member, item, path);
    const id = isPlainObject(normalized) ? normalized.value : undefined;
    if (typeof id !== 'string') throw new InvalidValueError(`Each value of ${path} needs a value: the member's id.`, `${path}.value`);
    return id;
  });
}

/**
 * The ids of a member filter: `value eq "id"` tests joined by `or`. Anything else
 * would need the whole member list to evaluate, which the service never loads.
 */
export function edgeFilterIds(filter: ValueFilterNode, path: string): string[] {
  const refuse = () =>
    new InvalidPathError(
      `${path} is kept as edges: a filter on it can only select members by id, as in ` +
        `${path}[value eq "id1" or value eq "id2"].`,
      path,
    );
  if (isLogical(filter)) {
    if (filter.kind !== 'or') throw refuse();
    return [...edgeFilterIds(filter.left, path), ...edgeFilterIds(filter.right, path)];
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.path.attribute.toLowerCase() !== 'value') throw refuse();
  if (typeof filter.value !== 'string') throw refuse();
  return [filter.value];
}
