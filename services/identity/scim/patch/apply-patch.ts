/**
 * THE PATCH engine of RFC 7644 §3.5.2: pure functions from a document and operations
 * to the new document, driven by THE schema registry. Paths are read by THE path
 * parser (filter/parse-filter.ts), values by THE normalizer (resource/normalize.ts),
 * and value filters are matched by THE reference evaluator (filter/evaluate.ts).
 *
 * Documents are canonical SCIM JSON as stored: core attributes at the top, extension
 * attributes under their URN, no id, meta or schemas, and no unassigned values.
 *
 * The semantics, and every decision taken where the RFC leaves room, are written down
 * beside the code that implements them: patch-request.ts (the request body),
 * apply-operation.ts (paths, no-path values, edges), apply-attribute.ts (add, remove and
 * replace on an attribute), patch-rules.ts (mutability, required, primary),
 * element-filter.ts (create-on-absent) and patch-rewrites.ts (the IdP dialects).
 */
import { InvalidSyntaxError, InvalidValueError } from '../../errors/scim-errors';
import { isPlainObject, isUnassigned, type ScimJson } from '../resource/scim-json';
import type { ResourceSchema } from '../schema/registry';
import { applyOperation } from './apply-operation';
import { EdgeDeltaBuilder, type EdgeDelta } from './edge-delta';
import { atOperation } from './operation-error';
import { changedAttributes } from './patch-document';
import { DEFAULT_MAX_PATCH_OPERATIONS, readOperation, type PatchOperation } from './patch-request';
import { PATCH_REWRITES, RewriteLog, type PatchRewriteReason } from './patch-rewrites';

export type { EdgeDelta } from './edge-delta';
export {
  DEFAULT_MAX_PATCH_OPERATIONS,
  PATCH_OP_SCHEMA,
  parsePatchRequest,
  type PatchOpName,
  type PatchOperation,
} from './patch-request';
export { PATCH_REWRITES, type PatchRewriteReason } from './patch-rewrites';

export interface PatchRewrite {
  /** The operation's 1-based position in Operations, the number error details use. */
  operation: number;
  reason: PatchRewriteReason;
}

export interface PatchResult {
  /** The new document; the input is not mutated. */
  doc: ScimJson;
  /**
   * Canonical top-level paths whose value changed (`name`, `emails`,
   * `urn:…:enterprise:2.0:User:department`), in schema order, plus the edge attributes
   * operations named. For audit and events: no values.
   */
  changedAttributes: string[];
  /** Present when at least one operation named an edge attribute. */
  edges?: EdgeDelta;
  /** The IdP-dialect rewrites applied, per operation (patch-rewrites.ts). */
  rewrites: PatchRewrite[];
}

export interface ApplyPatchOptions {
  /**
   * Multi-valued attributes kept outside the document as edges (groups: ['members']):
   * operations on them become an EdgeDelta and never read or write the document.
   */
  edgeAttributes?: string[];
  /** The resource's own id: an add or replace carrying `id` equal to it is not an error (Okta). */
  ownId?: string;
  /** The most operations accepted; DEFAULT_MAX_PATCH_OPERATIONS unless given. */
  maxOperations?: number;
}

const KNOWN_REWRITES: ReadonlySet<string> = new Set(PATCH_REWRITES);

/** Rewrites parsePatchRequest noted on an operation it produced. */
function parsedRewrites(operation: unknown): PatchRewriteReason[] {
  const rewrites = isPlainObject(operation) ? operation.rewrites : undefined;
  if (!Array.isArray(rewrites)) return [];
  return rewrites.filter((reason): reason is PatchRewriteReason => typeof reason === 'string' && KNOWN_REWRITES.has(reason));
}

/**
 * Applies `operations` to `doc`, all or none (RFC 7644 §3.5.2: "A PATCH request,
 * regardless of the number of operations, SHALL be treated as atomic"): the first
 * failing operation throws an IdentityError whose detail starts with "Operation n:",
 * and nothing is returned.
 */
export function applyPatch(
  resource: ResourceSchema,
  doc: ScimJson,
  operations: PatchOperation[],
  options: ApplyPatchOptions = {},
): PatchResult {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new InvalidSyntaxError('A PATCH needs one or more operations (RFC 7644 §3.5.2).');
  }
  const maxOperations = options.maxOperations ?? DEFAULT_MAX_PATCH_OPERATIONS;
  if (operations.length > maxOperations) {
    throw new InvalidValueError(`A PATCH may carry at most ${maxOperations} operations.`, 'Operations');
  }
  const working = structuredClone(doc);
  const edges = new EdgeDeltaBuilder();
  const edgeAttributes = new Set((options.edgeAttributes ?? []).map((name) => name.toLowerCase()));
  const rewrites: PatchRewrite[] = [];

  operations.forEach((raw, index) => {
    const position = index + 1;
    const log = new RewriteLog();
    try {
      const { rewrites: shapeRewrites, ...operation } = readOperation(raw);
      log.noteAll(parsedRewrites(raw));
      log.noteAll(shapeRewrites);
      applyOperation({ resource, doc: working, edgeAttributes, ownId: options.ownId, edges, log }, operation);
    } catch (error) {
      throw atOperation(position, error);
    }
    for (const reason of log.list()) rewrites.push({ operation: position, reason });
  });

  for (const extension of resource.extensions) {
    if (working[extension.id] !== undefined && isUnassigned(working[extension.id])) delete working[extension.id];
  }
  const changed = new Set(changedAttributes(resource, doc, working));
  return {
    doc: working,
    changedAttributes: resource
      .topLevelAttributes()
      .map((top) => (top.extension ? `${top.schema}:${top.definition.name}` : top.definition.name))
      .filter((path) => changed.has(path) || edges.touched.has(path)),
    ...(edges.touched.size > 0 ? { edges: edges.delta() } : {}),
    rewrites,
  };
}
