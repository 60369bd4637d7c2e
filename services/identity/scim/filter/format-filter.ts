/**
 * Prints a written filter back as text that parseFilter reads as the same AST:
 * lower-case keywords, JSON literals, and parentheses exactly where precedence and
 * left-associativity need them (RFC 7644 §3.4.2.2).
 */
import type { AttributePath } from '../schema/registry';
import type {
  BooleanTree,
  CompareNode,
  ComparisonValue,
  FilterNode,
  LeafKind,
  PresentNode,
  RelativePath,
} from './ast';
import { isLogical } from './boolean-tree';

export interface FormatOptions {
  /**
   * Print `<string>` and `<number>` instead of string and number literals, for logs:
   * filter values are personal data (DESIGN.md). The result no longer parses.
   */
  redactValues?: boolean;
}

export function formatAttributePath(path: AttributePath): string {
  const schema = path.schema === undefined ? '' : `${path.schema}:`;
  const subAttribute = path.subAttribute === undefined ? '' : `.${path.subAttribute}`;
  return `${schema}${path.attribute}${subAttribute}`;
}

function formatValue(value: ComparisonValue, { redactValues = false }: FormatOptions): string {
  if (typeof value === 'string') return redactValues ? '<string>' : JSON.stringify(value);
  if (typeof value === 'number') return redactValues ? '<number>' : String(value);
  return String(value);
}

function formatTree<L extends { kind: LeafKind }>(node: BooleanTree<L>, leaf: (node: L) => string): string {
  if (!isLogical(node)) return leaf(node);
  // `and` binds tighter than `or`, and both group to the left: a right operand of the
  // same operator, or an `or` under an `and`, needs parentheses to keep its shape.
  const operand = (child: BooleanTree<L>, parenthesize: readonly string[]) => {
    const text = formatTree(child, leaf);
    return parenthesize.includes(child.kind) ? `(${text})` : text;
  };
  switch (node.kind) {
    case 'not':
      return `not (${formatTree(node.filter, leaf)})`;
    case 'and':
      return `${operand(node.left, ['or'])} and ${operand(node.right, ['or', 'and'])}`;
    case 'or':
      return `${operand(node.left, [])} or ${operand(node.right, ['or'])}`;
  }
}

function formatAttributeExpression(
  path: string,
  node: CompareNode<RelativePath> | PresentNode<RelativePath>,
  options: FormatOptions,
): string {
  return node.kind === 'present' ? `${path} pr` : `${path} ${node.op} ${formatValue(node.value, options)}`;
}

export function formatFilter(node: FilterNode, options: FormatOptions = {}): string {
  return formatTree(node, (leaf) =>
    leaf.kind === 'valuePath'
      ? `${formatAttributePath(leaf.path)}[${formatTree(leaf.filter, (inner) =>
          formatAttributeExpression(inner.path.attribute, inner, options),
        )}]`
      : formatAttributeExpression(formatAttributePath(leaf.path), leaf, options),
  );
}
