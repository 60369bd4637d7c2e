/**
 * Seeded property tests (fast-check, fixed seed: the suite is deterministic) of the
 * parser, the printer, the resolver and the evaluator together.
 */
import fc from 'fast-check';
import { InvalidFilterError, InvalidPathError } from '../../errors/scim-errors';
import { SCHEMA_URN, type AttributeType } from '../schema/definitions';
import { SchemaRegistry, type AttributePath } from '../schema/registry';
import {
  COMPARISON_OPERATORS,
  type BooleanTree,
  type CompareNode,
  type ComparisonValue,
  type FilterNode,
  type LeafKind,
  type PresentNode,
  type RelativePath,
  type ValueFilterNode,
  type ValuePathNode,
} from './ast';
import { matches } from './evaluate';
import { withoutPositions } from './filter-test-support';
import { formatFilter } from './format-filter';
import { parseAttributePath, parseFilter, parsePatchPath } from './parse-filter';
import { resolveFilter } from './resolve-filter';
import { SAMPLE_USERS } from './rfc7644-examples.test-support';

/** Every seeded property runs the same cases on every machine. */
const PROPERTY_SEED = 7644;

const attributeName = fc.stringMatching(/^\$?[A-Za-z][A-Za-z0-9_$-]{0,8}$/);

const schemaUrn = fc.oneof(
  fc.constantFrom(SCHEMA_URN.user, SCHEMA_URN.enterpriseUser),
  fc.stringMatching(/^urn(:[A-Za-z0-9.-]{1,6}){1,4}$/),
);

/** Finite numbers other than -0, which the parser reads as 0. */
const comparisonValue: fc.Arbitrary<ComparisonValue> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

function treeOf<L extends { kind: LeafKind }>(
  leaf: fc.Arbitrary<L>,
  depth: number,
): fc.Arbitrary<BooleanTree<L>> {
  if (depth === 0) return leaf;
  const subtree = treeOf(leaf, depth - 1);
  return fc.oneof(
    leaf,
    fc.tuple(subtree, subtree).map(([left, right]): BooleanTree<L> => ({ kind: 'and', left, right })),
    fc.tuple(subtree, subtree).map(([left, right]): BooleanTree<L> => ({ kind: 'or', left, right })),
    subtree.map((filter): BooleanTree<L> => ({ kind: 'not', filter })),
  );
}

function leafOf<P extends RelativePath>(
  paths: fc.Arbitrary<P>,
  values: fc.Arbitrary<ComparisonValue> = comparisonValue,
): fc.Arbitrary<CompareNode<P> | PresentNode<P>> {
  return fc.oneof(
    paths.map((path): PresentNode<P> => ({ kind: 'present', path })),
    fc
      .tuple(paths, fc.constantFrom(...COMPARISON_OPERATORS), values)
      .map(([path, op, value]): CompareNode<P> => ({ kind: 'compare', path, op, value })),
  );
}

/** Written filters over made-up attribute names: what the grammar allows. */
function writtenFilter(depth = 3): fc.Arbitrary<FilterNode> {
  const attributePath: fc.Arbitrary<AttributePath> = fc.record(
    { schema: schemaUrn, attribute: attributeName, subAttribute: attributeName },
    { requiredKeys: ['attribute'] },
  );
  const valueFilter: fc.Arbitrary<ValueFilterNode> = treeOf(leafOf(fc.record({ attribute: attributeName })), 2);
  const valuePath = fc
    .tuple(fc.record({ schema: schemaUrn, attribute: attributeName }, { requiredKeys: ['attribute'] }), valueFilter)
    .map(([path, filter]): ValuePathNode => ({ kind: 'valuePath', path, filter }));
  return treeOf<CompareNode | PresentNode | ValuePathNode>(fc.oneof(leafOf(attributePath), valuePath), depth);
}

const users = SchemaRegistry.core().resource('User');

/** Runs `run`; an error other than `type` fails the property. */
function throwsOnly(type: abstract new (...args: never[]) => Error, run: () => unknown): boolean {
  try {
    run();
  } catch (error) {
    if (!(error instanceof type)) throw error;
  }
  return true;
}

const path = (attribute: string, subAttribute?: string): AttributePath =>
  subAttribute === undefined ? { attribute } : { attribute, subAttribute };

/** Attribute names as an IdP may write them: any letter case. */
const anyCase = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) =>
    [...name].map((character, index) => (upper[index] ? character.toUpperCase() : character.toLowerCase())).join(''),
  );

/** Values of every type, for any attribute: most of them the wrong type. */
const anyValue: fc.Arbitrary<ComparisonValue> = fc.constantFrom(
  'bjensen', 'J', '', 'False', 'not a date', '2011-05-13T04:42:34Z', true, false, null, 0, 5, -1.5,
);

/** Values that an attribute of `type` accepts, chosen to match some SAMPLE_USERS and not others. */
function valueFor(type: AttributeType): fc.Arbitrary<ComparisonValue> {
  switch (type) {
    case 'boolean':
      return fc.constantFrom(true, false, 'False', 'TRUE', null);
    case 'integer':
    case 'decimal':
      return fc.constantFrom(0, 5, -1.5, null);
    case 'dateTime':
      return fc.constantFrom('2011-05-13T04:42:34Z', '2011-05-13T06:42:35+02:00', '2010-01-23T04:56:22.000Z', null);
    default:
      return fc.constantFrom(
        ...['bjensen', 'J', 'work', '@example.com', 'example.org', 'Employee', 'xmpp', '', null],
        SCHEMA_URN.enterpriseUser,
      );
  }
}

interface Target {
  path: AttributePath;
  type: AttributeType;
}

/** Every attribute and sub-attribute of the User resource type, plus `schemas` and unknown ones. */
const targets: Target[] = [
  ...users.topLevelAttributes().flatMap(({ schema, extension, definition }) => {
    const top = extension ? { schema, attribute: definition.name } : { attribute: definition.name };
    return [
      { path: top, type: definition.type },
      ...(definition.subAttributes ?? []).map((sub) => ({ path: { ...top, subAttribute: sub.name }, type: sub.type })),
    ];
  }),
  { path: path('schemas'), type: 'reference' },
  { path: path('nope'), type: 'string' },
  { path: path('name', 'nope'), type: 'string' },
];

/** A path to `target` as an IdP may write it: any letter case, with or without the core URN. */
const written = ({ path: { schema, attribute, subAttribute } }: Target): fc.Arbitrary<AttributePath> =>
  fc.record(
    {
      schema: fc.constant(schema ?? SCHEMA_URN.user),
      attribute: anyCase(attribute),
      ...(subAttribute === undefined ? {} : { subAttribute: anyCase(subAttribute) }),
    },
    { requiredKeys: schema === undefined ? ['attribute'] : ['schema', 'attribute'] },
  );

const typedValue = (type: AttributeType) =>
  fc.oneof({ weight: 4, arbitrary: valueFor(type) }, { weight: 1, arbitrary: anyValue });

/** A comparison's path and value; `leafOf` adds the operator. */
const userComparison = fc
  .constantFrom(...targets)
  .chain((target) => fc.tuple(written(target), typedValue(target.type)));

const userLeaf = fc.constantFrom(...targets).chain((target) => leafOf(written(target), typedValue(target.type)));

/** Value paths on the User's complex attributes, over their sub-attributes. */
const userValuePath = fc
  .constantFrom(...users.topLevelAttributes().filter(({ definition }) => definition.type === 'complex'))
  .chain(({ schema, extension, definition }) => {
    const subs = definition.subAttributes ?? [];
    const inner = fc
      .constantFrom(...subs)
      .chain((sub) => leafOf(anyCase(sub.name).map((attribute) => ({ attribute })), typedValue(sub.type)));
    return treeOf(inner, 1).map(
      (filter): ValuePathNode => ({
        kind: 'valuePath',
        path: extension ? { schema, attribute: definition.name } : { attribute: definition.name },
        filter,
      }),
    );
  });

const userFilter: fc.Arbitrary<FilterNode> = treeOf<CompareNode | PresentNode | ValuePathNode>(
  fc.oneof({ weight: 3, arbitrary: userLeaf }, { weight: 1, arbitrary: userValuePath }),
  3,
);

describe('formatFilter and parseFilter are inverses', () => {
  it('parses a printed filter back to the same AST', () => {
    fc.assert(
      fc.property(writtenFilter(), (filter) => {
        expect(withoutPositions(parseFilter(formatFilter(filter)))).toEqual(filter);
      }),
      { seed: PROPERTY_SEED, numRuns: 1000 },
    );
  });

  it('prints a parsed filter back to the same text', () => {
    fc.assert(
      fc.property(writtenFilter(), (filter) => {
        const text = formatFilter(filter);
        expect(formatFilter(parseFilter(text))).toBe(text);
      }),
      { seed: PROPERTY_SEED, numRuns: 300 },
    );
  });
});

describe('RFC 7644 §3.12: malformed input is an invalidFilter or invalidPath, never a crash', () => {
  const soup = fc
    .tuple(
      fc.array(
        fc.constantFrom(
          'userName', 'emails', 'emails.value', 'name.familyName', 'type', 'value', '$ref', 'active', 'meta.created',
          `${SCHEMA_URN.enterpriseUser}:manager`, 'urn:', ':', '.', '[', ']', '(', ')', 'not', 'and', 'or', 'eq',
          'ne', 'co', 'gt', 'pr', 'EQ', '"x"', '"work"', '"2011-05-13T04:42:34Z"', '"', '\\', '\\u12', '5', '-',
          '01', '1e999', 'true', 'null', '\t', '\u0000', '\ud800', '😀',
        ),
        { maxLength: 24 },
      ),
      fc.constantFrom(' ', ''),
    )
    .map(([tokens, separator]) => tokens.join(separator));
  const garbage = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), soup);

  it('parseFilter, resolveFilter and matches throw nothing but InvalidFilterError', () => {
    fc.assert(
      fc.property(garbage, (text) =>
        throwsOnly(InvalidFilterError, () => {
          const resolved = resolveFilter(users, parseFilter(text));
          SAMPLE_USERS.forEach((user) => matches(resolved, user));
        }),
      ),
      { seed: PROPERTY_SEED, numRuns: 3000 },
    );
  });

  it('parsePatchPath and parseAttributePath throw nothing but InvalidPathError', () => {
    fc.assert(
      fc.property(garbage, (text) =>
        throwsOnly(InvalidPathError, () => parsePatchPath(text)) &&
        throwsOnly(InvalidPathError, () => parseAttributePath(text)),
      ),
      { seed: PROPERTY_SEED, numRuns: 2000 },
    );
  });

  it('refuses deep nesting with invalidFilter rather than exhausting the stack', () => {
    expect(() => parseFilter('('.repeat(4000))).toThrow(InvalidFilterError);
    expect(() => parseFilter('not ('.repeat(800))).toThrow(InvalidFilterError);
    expect(() => parseFilter(`emails[${'('.repeat(4000)}`)).toThrow(InvalidFilterError);
  });
});

describe('Resolved filters over the User schema', () => {
  const resolvedOrRefused = (filter: FilterNode) => {
    try {
      return resolveFilter(users, filter);
    } catch (error) {
      if (error instanceof InvalidFilterError) return undefined;
      throw error;
    }
  };

  it('are generated so that most resolve and many tell the sample Users apart', () => {
    const sample = fc.sample(userFilter, { seed: PROPERTY_SEED, numRuns: 500 });
    const resolved = sample.map(resolvedOrRefused).filter((filter) => filter !== undefined);
    const discriminating = resolved.filter((filter) => {
      const selected = SAMPLE_USERS.filter((user) => matches(filter, user)).length;
      return selected > 0 && selected < SAMPLE_USERS.length;
    });
    expect(resolved.length).toBeGreaterThan(sample.length * 0.4);
    expect(discriminating.length).toBeGreaterThan(sample.length * 0.05);
  });

  it('either resolve or fail with invalidFilter, and then evaluate without throwing', () => {
    fc.assert(
      fc.property(userFilter, (filter) => {
        const resolved = resolvedOrRefused(filter);
        if (resolved) SAMPLE_USERS.forEach((user) => expect(typeof matches(resolved, user)).toBe('boolean'));
      }),
      { seed: PROPERTY_SEED, numRuns: 2000 },
    );
  });

  it('give ne the meaning of not (eq), on every document', () => {
    fc.assert(
      fc.property(userComparison, ([attribute, value]) => {
        const ne = resolvedOrRefused({ kind: 'compare', path: attribute, op: 'ne', value });
        const eq = resolvedOrRefused({ kind: 'compare', path: attribute, op: 'eq', value });
        expect(ne === undefined).toBe(eq === undefined);
        if (ne && eq) SAMPLE_USERS.forEach((user) => expect(matches(ne, user)).toBe(!matches(eq, user)));
      }),
      { seed: PROPERTY_SEED, numRuns: 1000 },
    );
  });

  it('keep their meaning through formatFilter and parseFilter', () => {
    fc.assert(
      fc.property(userFilter, (filter) => {
        const resolved = resolvedOrRefused(filter);
        if (!resolved) return;
        const reparsed = resolveFilter(users, parseFilter(formatFilter(filter)));
        SAMPLE_USERS.forEach((user) => expect(matches(reparsed, user)).toBe(matches(resolved, user)));
      }),
      { seed: PROPERTY_SEED, numRuns: 500 },
    );
  });
});
