/** Walks the `and` / `or` / `not` skeleton shared by every filter form, leaving leaves to the caller. */
import type { AndNode, BooleanTree, LeafKind, NotNode, OrNode } from './ast';

export type LogicalNode<L> = AndNode<BooleanTree<L>> | OrNode<BooleanTree<L>> | NotNode<BooleanTree<L>>;

export function isLogical<L extends { kind: LeafKind }>(node: BooleanTree<L>): node is LogicalNode<L> {
  return node.kind === 'and' || node.kind === 'or' || node.kind === 'not';
}

/** Rebuilds the tree, replacing each leaf by the subtree `leaf` returns for it. */
export function mapTree<A extends { kind: LeafKind }, B>(
  node: BooleanTree<A>,
  leaf: (node: A) => BooleanTree<B>,
): BooleanTree<B> {
  if (!isLogical(node)) return leaf(node);
  switch (node.kind) {
    case 'and':
      return { kind: 'and', left: mapTree(node.left, leaf), right: mapTree(node.right, leaf) };
    case 'or':
      return { kind: 'or', left: mapTree(node.left, leaf), right: mapTree(node.right, leaf) };
    case 'not':
      return { kind: 'not', filter: mapTree(node.filter, leaf) };
  }
}

/** Two-valued logic: `and` and `or` short-circuit, `not` negates (RFC 7644 §3.4.2.2, Table 4). */
export function evaluateTree<L extends { kind: LeafKind }>(node: BooleanTree<L>, test: (leaf: L) => boolean): boolean {
  if (!isLogical(node)) return test(node);
  switch (node.kind) {
    case 'and':
      return evaluateTree(node.left, test) && evaluateTree(node.right, test);
    case 'or':
      return evaluateTree(node.left, test) || evaluateTree(node.right, test);
    case 'not':
      return !evaluateTree(node.filter, test);
  }
}
