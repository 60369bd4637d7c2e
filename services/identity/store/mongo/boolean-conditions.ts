/** `and`, `or` and `not` of a resolved filter as MongoDB query operators; two-valued, as evaluate.ts rule 8 says. */
import type { Document } from 'mongodb';
import type { BooleanTree, LeafKind } from '../../scim/filter/ast';
import { isLogical } from '../../scim/filter/boolean-tree';

export function booleanCondition<L extends { kind: LeafKind }>(node: BooleanTree<L>, leaf: (node: L) => Document): Document {
  if (!isLogical(node)) return leaf(node);
  switch (node.kind) {
    case 'and':
      return { $and: [booleanCondition(node.left, leaf), booleanCondition(node.right, leaf)] };
    case 'or':
      return { $or: [booleanCondition(node.left, leaf), booleanCondition(node.right, leaf)] };
    case 'not':
      return { $nor: [booleanCondition(node.filter, leaf)] };
  }
}

export function leavesOf<L extends { kind: LeafKind }>(node: BooleanTree<L>): L[] {
  if (!isLogical(node)) return [node];
  return node.kind === 'not' ? leavesOf(node.filter) : [...leavesOf(node.left), ...leavesOf(node.right)];
}

/** booleanCondition() for leaves that need queries of their own: they run one after another, in filter order. */
export async function booleanConditionOf<L extends { kind: LeafKind }>(
  node: BooleanTree<L>,
  leaf: (node: L) => Promise<Document> | Document,
): Promise<Document> {
  const conditions = new Map<L, Document>();
  for (const each of leavesOf(node)) conditions.set(each, await leaf(each));
  return booleanCondition(node, (each) => conditions.get(each) ?? {});
}
