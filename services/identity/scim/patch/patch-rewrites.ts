/**
 * The IdP-dialect rewrites the PATCH engine applies to what a client sent, by reason
 * code. Each one tolerates a shape real identity providers send (SCIM-NOTES.md, "How
 * real identity providers behave") instead of failing the request; PatchResult.rewrites
 * reports which ones a request needed, so they can be logged and counted. A reason code
 * never carries a value: values are personal data.
 */
export const PATCH_REWRITES = [
  /** `"op": "Replace"`: op names in any case. Entra; test/fixtures/idp/entra/patch-replace-active.json. */
  'op-case',
  /** `"value": "False"` for a boolean attribute or sub-attribute. Entra; patch-replace-active.json. */
  'string-boolean',
  /** A no-path value key that names a sub-attribute: `"name.givenName": "Ext"`. Entra; patch-enterprise-no-path.json. */
  'dotted-key',
  /** A no-path value key that is a full URN path: `"urn:…:enterprise:2.0:User:department": "Sales"`. Entra. */
  'urn-key',
  /**
   * A bare id where a single-valued complex attribute with a `value` sub-attribute
   * belongs, read as `{value: id}`: the enterprise `manager` (the one such attribute in
   * RFC 7643). Entra; patch-enterprise-no-path.json.
   */
  'manager-bare-id',
  /** `remove` on an edge attribute (`members`) with a `value` array: remove those members. Entra; entra/groups.json. */
  'members-remove-value-array',
  /** The same dialect on a multi-valued attribute kept in the document (`emails`, `roles`…). */
  'remove-value-array',
  /** An `id` equal to the resource's own in an add or replace: ignored. Okta; okta/group-push.json. */
  'own-id-ignored',
  /**
   * A value filter of `eq` tests that matched no element, creating it:
   * `emails[type eq "work"].value` on a user with no work email. Entra; patch-create-on-absent.json.
   */
  'create-on-absent-filter',
  /** `schemas` in a no-path value, or as a path: the service computes it (RFC 7643 §3). */
  'schemas-ignored',
  /** `meta` in a no-path value: readOnly, echoed back by clients that GET then PATCH. */
  'meta-ignored',
  /** A readOnly sub-attribute inside a value (`members[].display`, `manager.displayName`): ignored, as on PUT. Okta. */
  'read-only-sub-attribute-ignored',
  /** A no-path value key that names no attribute of the resource type: ignored, as on POST and PUT. */
  'unknown-attribute-ignored',
  /** `"path": ""`: read as no path. */
  'empty-path',
] as const;

export type PatchRewriteReason = (typeof PATCH_REWRITES)[number];

/** Collects the rewrites of one operation, each reason once. */
export class RewriteLog {
  private readonly reasons = new Set<PatchRewriteReason>();

  note(reason: PatchRewriteReason): void {
    this.reasons.add(reason);
  }

  noteAll(reasons: Iterable<PatchRewriteReason>): void {
    for (const reason of reasons) this.reasons.add(reason);
  }

  list(): PatchRewriteReason[] {
    return [...this.reasons];
  }
}
