/**
 * Bounds on what the parser accepts, so that a filter costs the service and the store
 * a bounded amount of work whoever sends it (DESIGN.md: every input is bounded). They
 * are exported so that the service can advertise them, e.g. in its documentation of
 * ServiceProviderConfig `filter` support.
 */
export interface FilterLimits {
  /** The longest filter or path text, in UTF-16 code units (JavaScript string length). */
  maxLength: number;
  /** The deepest nesting of `(…)`, `not (…)` and `[…]`. */
  maxDepth: number;
  /** The most nodes (comparisons, presence tests, value paths, and, or, not) in one filter. */
  maxNodes: number;
}

export const DEFAULT_FILTER_LIMITS: Readonly<FilterLimits> = Object.freeze({
  maxLength: 4096,
  maxDepth: 32,
  maxNodes: 256,
});
