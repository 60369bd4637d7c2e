/** What one PATCH operation works on. */
import type { ScimJson } from '../resource/scim-json';
import type { ResourceSchema } from '../schema/registry';
import type { EdgeDeltaBuilder } from './edge-delta';
import type { RewriteLog } from './patch-rewrites';

export interface OperationContext {
  resource: ResourceSchema;
  /** The working copy of the document, changed in place; the caller's document is never touched. */
  doc: ScimJson;
  /** Canonical paths of the edge attributes, lower-cased. */
  edgeAttributes: ReadonlySet<string>;
  ownId?: string;
  edges: EdgeDeltaBuilder;
  log: RewriteLog;
}
