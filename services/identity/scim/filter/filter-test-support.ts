/** Builders and assertions shared by this folder's tests. */
import { CORE_RESOURCE_TYPES, CORE_SCHEMAS } from '../schema/core-schemas';
import type { AttributeDefinition, AttributeType } from '../schema/definitions';
import { SchemaRegistry, type AttributePath } from '../schema/registry';
import type {
  CompareNode,
  ComparisonOperator,
  ComparisonValue,
  FilterNode,
  PresentNode,
  RelativePath,
  ValueFilterNode,
  ValuePathNode,
} from './ast';

export const path = (attribute: string, subAttribute?: string, schema?: string): AttributePath => ({
  ...(schema === undefined ? {} : { schema }),
  attribute,
  ...(subAttribute === undefined ? {} : { subAttribute }),
});

export const compare = <P extends RelativePath>(p: P, op: ComparisonOperator, value: ComparisonValue): CompareNode<P> => ({
  kind: 'compare',
  path: p,
  op,
  value,
});

export const present = <P extends RelativePath>(p: P): PresentNode<P> => ({ kind: 'present', path: p });

export function and(left: ValueFilterNode, right: ValueFilterNode): ValueFilterNode;
export function and(left: FilterNode, right: FilterNode): FilterNode;
export function and(left: FilterNode, right: FilterNode): FilterNode {
  return { kind: 'and', left, right };
}

export function or(left: ValueFilterNode, right: ValueFilterNode): ValueFilterNode;
export function or(left: FilterNode, right: FilterNode): FilterNode;
export function or(left: FilterNode, right: FilterNode): FilterNode {
  return { kind: 'or', left, right };
}

export function not(filter: ValueFilterNode): ValueFilterNode;
export function not(filter: FilterNode): FilterNode;
export function not(filter: FilterNode): FilterNode {
  return { kind: 'not', filter };
}

export const valuePath = (attribute: string, filter: ValueFilterNode, schema?: string): ValuePathNode => ({
  kind: 'valuePath',
  path: { ...(schema === undefined ? {} : { schema }), attribute },
  filter,
});

/** The AST without the parser's positions, to compare with hand-built ones. */
export function withoutPositions<T extends FilterNode | ValueFilterNode>(node: T): T {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === 'position' ? undefined : value))) as T;
}

/** Runs `run`, expects it to throw an instance of `type`, and returns the error. */
export function thrownBy<E extends Error>(type: new (...args: never[]) => E, run: () => unknown): E {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(type);
  return thrown as E;
}

/** An extension with the numeric types that RFC 7643's own schemas lack. */
export const WIDGET = 'urn:example:params:scim:schemas:extension:widget:2.0:User';

const widgetAttribute = (name: string, type: AttributeType): AttributeDefinition => ({
  name,
  type,
  multiValued: false,
  description: name,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
});

/** The core registry, with WIDGET (integer `level`, decimal `score`) added to User. */
export function registryWithNumbers(): SchemaRegistry {
  return new SchemaRegistry(
    [
      ...CORE_SCHEMAS,
      {
        id: WIDGET,
        name: 'Widget',
        description: 'Numbers, for tests.',
        attributes: [widgetAttribute('level', 'integer'), widgetAttribute('score', 'decimal')],
      },
    ],
    CORE_RESOURCE_TYPES.map((type) =>
      type.name === 'User'
        ? { ...type, schemaExtensions: [...type.schemaExtensions, { schema: WIDGET, required: false }] }
        : type,
    ),
  );
}
