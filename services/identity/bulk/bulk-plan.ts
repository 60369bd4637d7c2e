/**
 * The order a bulk request runs in. RFC 7644 §3.7: "A SCIM service provider MAY
 * elect to optimize the sequence of operations received … the service provider MUST
 * ensure that the client's intent is preserved and the same stateful result is
 * achieved as for non-optimized processing". So the operations run in the order sent,
 * except that a POST runs just before the first operation that refers to its bulkId
 * (and, in turn, the POSTs it refers to before it): references may point forward.
 *
 * Circular references (RFC 7644 §3.7.1): "The service provider MUST try to resolve
 * circular cross-references between resources in a single bulk job but MAY stop after
 * a failed attempt and instead return HTTP status code 409 (Conflict)." Here every
 * operation of a cycle fails with 409, without being tried: resolving one would mean
 * creating a resource without its reference and adding the reference later, two
 * writes for one operation, and group nesting refuses cycles anyway (groups/nesting.ts).
 * Operations that refer to an operation of a cycle fail with 409 when their turn comes.
 *
 * Steps: creates run side by side, several to a step, when that cannot change the
 * outcome (§3.7 again: "the same stateful result"): each writes a new resource under a
 * new id, none refers to another of its step, and no two users of a step share a
 * userName (the order of two would decide which fails). Anything else is a step alone.
 * A slow store (a network round trip per write, a slow password hash) is then no longer
 * paid once per operation.
 *
 * Pure: it reads the operations and their references, nothing else. The walk keeps its
 * own stack, so a long chain of references cannot exhaust the call stack.
 */

/** A resource's userName as the store's unique index compares it (case-folded): creates with equal keys never share a step. */
export function userNameKey(resource: Record<string, unknown>): string | undefined {
  const userName = Object.entries(resource).find(([key]) => key.toLowerCase() === 'username')?.[1];
  return typeof userName === 'string' ? `userName:${userName.toLowerCase()}` : undefined;
}

export interface PlannedOperation {
  index: number;
  /** The bulkId a POST declares, or undefined. */
  declares?: string;
  /** The bulkIds the operation refers to. */
  references: string[];
  /** Whether it creates a resource (a well-formed POST), and so may share a step with other creates. */
  creates?: boolean;
  /** Creates with equal keys never share a step: a User's case-folded userName. */
  uniqueKey?: string;
}

export interface BulkPlan {
  /** Operation indexes, in the order they run. */
  order: number[];
  /** The order cut into steps: the operations of a step run at once, steps one after the other. */
  steps: number[][];
  /** The POST that declared each bulkId first. */
  creators: Map<string, number>;
  /** POSTs whose bulkId an earlier POST already declared, with that POST's index. */
  duplicates: Map<number, number>;
  /** Operations on a circular reference, with the cycle as bulkIds (first repeated at the end). */
  cycles: Map<number, string[]>;
}

/** `maxStep` is the most operations a step holds: 1 runs everything in sequence. */
export function planBulk(operations: PlannedOperation[], maxStep = 1): BulkPlan {
  const creators = new Map<string, number>();
  const duplicates = new Map<number, number>();
  for (const operation of operations) {
    if (operation.declares === undefined) continue;
    const first = creators.get(operation.declares);
    if (first === undefined) creators.set(operation.declares, operation.index);
    else duplicates.set(operation.index, first);
  }
  const byIndex = new Map(operations.map((operation) => [operation.index, operation]));
  const dependencies = (index: number) =>
    (byIndex.get(index)?.references ?? []).map((bulkId) => creators.get(bulkId)).filter((creator): creator is number => creator !== undefined);

  const order: number[] = [];
  const cycles = new Map<number, string[]>();
  const state = new Map<number, 'open' | 'done'>();
  for (const root of operations) {
    if (state.has(root.index)) continue;
    const stack: Array<{ index: number; next: number; dependencies: number[] }> = [];
    const enter = (index: number) => {
      state.set(index, 'open');
      stack.push({ index, next: 0, dependencies: dependencies(index) });
    };
    enter(root.index);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next < frame.dependencies.length) {
        const dependency = frame.dependencies[frame.next++];
        const seen = state.get(dependency);
        if (seen === undefined) enter(dependency);
        else if (seen === 'open') markCycle(stack, dependency, byIndex, cycles);
        continue;
      }
      stack.pop();
      state.set(frame.index, 'done');
      order.push(frame.index);
    }
  }
  return { order, steps: cutSteps(order, byIndex, dependencies, maxStep), creators, duplicates, cycles };
}

function cutSteps(
  order: number[],
  byIndex: Map<number, PlannedOperation>,
  dependencies: (index: number) => number[],
  maxStep: number,
): number[][] {
  const steps: number[][] = [];
  let step: number[] = [];
  let keys = new Set<string>();
  for (const index of order) {
    const operation = byIndex.get(index);
    const joins =
      operation?.creates === true &&
      step.length > 0 &&
      step.length < maxStep &&
      step.every((other) => byIndex.get(other)?.creates === true) &&
      !dependencies(index).some((dependency) => step.includes(dependency)) &&
      (operation.uniqueKey === undefined || !keys.has(operation.uniqueKey));
    if (!joins && step.length > 0) {
      steps.push(step);
      step = [];
      keys = new Set();
    }
    step.push(index);
    if (operation?.uniqueKey !== undefined) keys.add(operation.uniqueKey);
  }
  if (step.length > 0) steps.push(step);
  return steps;
}

/** The frames from `start` to the top of the stack form a cycle; each of them is on it. */
function markCycle(
  stack: Array<{ index: number }>,
  start: number,
  byIndex: Map<number, PlannedOperation>,
  cycles: Map<number, string[]>,
): void {
  const members = stack.slice(stack.findIndex((frame) => frame.index === start)).map((frame) => frame.index);
  const names = members.map((index) => byIndex.get(index)?.declares ?? '');
  const cycle = [...names, names[0]];
  for (const index of members) if (!cycles.has(index)) cycles.set(index, cycle);
}
