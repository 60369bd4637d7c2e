/**
 * Sorting and keyset paging (port.ts SortKey and ListPosition). Ascending order is
 * (records without a value last, value, id) and descending its exact reverse, but
 * MongoDB puts missing values first. So a list reads in phases, each one an indexed
 * query in MongoDB's own order: the records with a value, sorted by (value, id), and
 * those without, sorted by id; descending reverses both and their order. A position
 * continues in the phase it is in and takes the later phases whole.
 */
import type { Document, Sort } from 'mongodb';
import { InvalidValueError } from '../../errors/scim-errors';
import { isPlainObject } from '../../scim/resource/scim-json';
import type { ListPosition, SortKey, SortValue } from '../port';
import { columnOf, docSortField, isComputed, type CollectionSpec } from './collection-specs';
import type { ResourceDocument } from './mongo-documents';

export interface SortPlan {
  /** The field records are ordered by; undefined orders by id alone. */
  field?: string;
  /** Every record has a value, so there is no phase of records without one. */
  alwaysPresent: boolean;
  /** No two records share a value, so id never breaks a tie and a unique index serves the order. */
  unique: boolean;
  /** The values are BSON dates; positions carry them as ISO text. */
  dates: boolean;
  /** The value every record has (meta.resourceType): the order is by id. */
  constant?: string;
}

export interface Phase {
  filter: Document;
  sort: Sort;
}

const BY_ID: SortPlan = { alwaysPresent: true, unique: true, dates: false };

export function sortPlan(spec: CollectionSpec, sort: SortKey | undefined): SortPlan {
  if (!sort) return BY_ID;
  const { attribute } = sort;
  if (isComputed(spec, attribute)) {
    throw new InvalidValueError(`sortBy cannot name ${attribute.path}: it is computed, not stored.`, attribute.path);
  }
  const column = columnOf(spec, attribute.path);
  if (column && 'constant' in column) return { ...BY_ID, constant: column.constant };
  if (column) return { field: column.raw, alwaysPresent: true, unique: column.unique, dates: column.dates === true };
  const field = docSortField(attribute);
  return { field, alwaysPresent: false, unique: spec.uniqueDocFields.has(field), dates: false };
}

export function sortPhases(plan: SortPlan, descending: boolean, after?: ListPosition): Phase[] {
  const direction = descending ? -1 : 1;
  const beyond = descending ? '$lt' : '$gt';
  const { field } = plan;
  if (field === undefined) return [{ filter: after ? { id: { [beyond]: after.id } } : {}, sort: { id: direction } }];
  const valued: Phase = { filter: { [field]: { $exists: true } }, sort: plan.unique ? { [field]: direction } : { [field]: direction, id: direction } };
  const missing: Phase[] = plan.alwaysPresent ? [] : [{ filter: { [field]: { $exists: false } }, sort: { id: direction } }];
  if (!after) return descending ? [...missing, valued] : [valued, ...missing];
  if (after.value === null) {
    const rest = missing.map((phase) => ({ ...phase, filter: { ...phase.filter, id: { [beyond]: after.id } } }));
    return descending ? [...rest, valued] : rest;
  }
  const value = plan.dates && typeof after.value === 'string' ? new Date(after.value) : after.value;
  const rest: Phase = {
    filter: { $or: [{ [field]: { [beyond]: value } }, { [field]: { $eq: value }, id: { [beyond]: after.id } }] },
    sort: valued.sort,
  };
  return descending ? [rest] : [rest, ...missing];
}

function valueAt(document: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (isPlainObject(value) ? value[key] : undefined), document);
}

function sortValue(value: unknown): SortValue {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

export function positionOf(plan: SortPlan, document: ResourceDocument): ListPosition {
  const value = plan.constant ?? (plan.field === undefined ? null : sortValue(valueAt(document, plan.field)));
  return { value, id: document.id };
}
