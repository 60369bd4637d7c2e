/**
 * Which attributes a response carries (RFC 7644 §3.9), from the `attributes` and
 * `excludedAttributes` parameters and the `returned` characteristic (RFC 7643 §2.2):
 * `always` attributes are always there, `never` never, `request` only when named in
 * `attributes`, `default` unless excluded. The service projects before a resource
 * leaves it, and asks `wants` before computing expensive attributes (group members).
 *
 * Names that no schema knows are ignored rather than failed, so that a client asking
 * for an attribute another server has still gets an answer.
 */
import { InvalidPathError } from '../errors/scim-errors';
import { parseAttributePath } from './filter/parse-filter';
import type { AttributeDefinition } from './schema/definitions';
import type { ResourceSchema, TopLevelAttribute } from './schema/registry';
import { isPlainObject, isUnassigned, type ScimJson } from './resource/scim-json';

export interface ProjectionRequest {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** A bound on how many names one projection may list. */
export const MAX_PROJECTION_NAMES = 100;

/** For each top-level attribute (keyed by canonical path), the sub-attributes named, or 'all'. */
type Selection = Map<string, Set<string> | 'all'>;

export class Projection {
  private constructor(
    private readonly resource: ResourceSchema,
    private readonly mode: 'attributes' | 'excluded' | 'default',
    private readonly selection: Selection,
  ) {}

  static compile(resource: ResourceSchema, request: ProjectionRequest = {}): Projection {
    const attributes = request.attributes ?? [];
    const excluded = request.excludedAttributes ?? [];
    if (attributes.length + excluded.length > MAX_PROJECTION_NAMES) {
      throw new InvalidPathError(`attributes and excludedAttributes may name at most ${MAX_PROJECTION_NAMES} attributes.`);
    }
    if (attributes.length > 0) return new Projection(resource, 'attributes', select(resource, attributes));
    if (excluded.length > 0) return new Projection(resource, 'excluded', select(resource, excluded));
    return new Projection(resource, 'default', new Map());
  }

  /** Whether a top-level attribute will appear (if it has a value) in the projected resource. */
  wants(top: TopLevelAttribute): boolean {
    const returned = top.definition.returned;
    if (returned === 'never') return false;
    if (returned === 'always') return true;
    const named = this.selection.get(key(top));
    switch (this.mode) {
      case 'attributes':
        return named !== undefined;
      case 'excluded':
        return returned === 'default' && named !== 'all';
      case 'default':
        return returned === 'default';
    }
  }

  /** Whether a top-level attribute, named by its canonical name in the core schema, will appear. */
  wantsCore(name: string): boolean {
    const top = this.resource.topLevel(name);
    return top !== undefined && this.wants(top);
  }

  apply(doc: ScimJson): ScimJson {
    const result: ScimJson = {};
    if (doc.schemas !== undefined) result.schemas = doc.schemas;
    for (const top of this.resource.topLevelAttributes()) {
      const value = top.extension ? (doc[top.schema] as ScimJson | undefined)?.[top.definition.name] : doc[top.definition.name];
      if (value === undefined || !this.wants(top)) continue;
      const projected = this.projectSubAttributes(top, value);
      if (isUnassigned(projected)) continue;
      if (top.extension) result[top.schema] = { ...(result[top.schema] as ScimJson | undefined), [top.definition.name]: projected };
      else result[top.definition.name] = projected;
    }
    return result;
  }

  private projectSubAttributes(top: TopLevelAttribute, value: unknown): unknown {
    const subs = top.definition.subAttributes;
    if (!subs) return value;
    const named = this.selection.get(key(top));
    const keep = (sub: AttributeDefinition): boolean => {
      if (sub.returned === 'never') return false;
      if (sub.returned === 'always') return true;
      if (this.mode === 'attributes') return named === 'all' || (named instanceof Set && named.has(sub.name));
      if (this.mode === 'excluded' && named instanceof Set && named.has(sub.name)) return false;
      return sub.returned === 'default' || (sub.returned === 'request' && named instanceof Set && named.has(sub.name));
    };
    const project = (item: unknown) => {
      if (!isPlainObject(item)) return item;
      return Object.fromEntries(
        subs.filter((sub) => item[sub.name] !== undefined && keep(sub)).map((sub) => [sub.name, item[sub.name]]),
      );
    };
    return Array.isArray(value) ? value.map(project).filter((item) => !isUnassigned(item)) : project(value);
  }
}

const key = (top: TopLevelAttribute) => `${top.schema}|${top.definition.name}`;

function select(resource: ResourceSchema, names: string[]): Selection {
  const selection: Selection = new Map();
  for (const name of names) {
    const whole = resource.extensionUrn(name.trim());
    if (whole) {
      for (const top of resource.topLevelAttributes()) if (top.schema === whole) selection.set(key(top), 'all');
      continue;
    }
    const resolved = resource.resolve(parseAttributePath(name));
    if (!resolved) continue;
    const current = selection.get(key(resolved));
    if (!resolved.subAttribute) selection.set(key(resolved), 'all');
    else if (current !== 'all') selection.set(key(resolved), new Set([...(current ?? []), resolved.subAttribute.name]));
  }
  return selection;
}
