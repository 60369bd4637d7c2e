/**
 * Seeded property tests (fast-check, fixed seed: the suite is deterministic) of the
 * PATCH engine against a tiny reference model of the same semantics, written the
 * obvious way over the few attributes it covers.
 */
import fc from 'fast-check';
import { IdentityError } from '../../errors/identity-error';
import {
  InvalidPathError,
  InvalidValueError,
  MutabilityError,
  NoTargetError,
} from '../../errors/scim-errors';
import { normalizeResource } from '../resource/normalize';
import type { ScimJson } from '../resource/scim-json';
import { applyPatch, type PatchOperation } from './apply-patch';
import { deepFreeze, ENTERPRISE, GROUP, GROUP_EDGES, USER } from './patch-test-support';

const PROPERTY_SEED = 7644;
const RUNS = { seed: PROPERTY_SEED, numRuns: 400 };

// ---------------------------------------------------------------------------------
// The reference model: a User with userName, displayName, title, active, name.givenName
// and emails, changed the obvious way. It throws ModelFailure where the engine must fail.

interface Email {
  value?: string;
  type?: string;
  primary?: boolean;
}

interface Model {
  userName: string;
  displayName?: string;
  title?: string;
  active?: boolean;
  name?: { givenName?: string };
  emails?: Email[];
}

type ErrorClass = typeof InvalidPathError | typeof InvalidValueError | typeof MutabilityError | typeof NoTargetError;

class ModelFailure extends Error {
  constructor(readonly expected: ErrorClass) {
    super(expected.name);
  }
}

/** An operation, and what it does to the model. */
interface Step {
  operation: PatchOperation;
  apply(model: Model): void;
}

const unassigned = (value: unknown) => value === null || value === '';
const bool = (value: boolean | string) => (typeof value === 'boolean' ? value : value.toLowerCase() === 'true');
const equalEmails = (a: Email, b: Email) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function demoteOthers(emails: Email[], chosen: Email): void {
  for (const email of emails) if (email !== chosen && email.primary === true) email.primary = false;
}

function tidy(model: Model): void {
  if (model.name && model.name.givenName === undefined) delete model.name;
  if (model.emails && model.emails.length === 0) delete model.emails;
}

const text = fc.constantFrom('Alpha', 'beta', 'Gamma', '', null);
const emailValue = fc.constantFrom('a@x.example', 'b@x.example', 'c@x.example');
const emailType = fc.constantFrom('work', 'home', 'other');

const simpleStep: fc.Arbitrary<Step> = fc
  .tuple(fc.constantFrom('displayName' as const, 'title' as const), fc.constantFrom('add' as const, 'replace' as const, 'remove' as const), text)
  .map(([attribute, op, value]) => ({
    operation: op === 'remove' ? { op, path: attribute } : { op, path: attribute, value },
    apply(model) {
      if (op === 'remove' || (op === 'replace' && unassigned(value))) delete model[attribute];
      else if (!unassigned(value)) model[attribute] = value as string;
    },
  }));

const activeStep: fc.Arbitrary<Step> = fc
  .tuple(fc.constantFrom('add' as const, 'replace' as const, 'remove' as const), fc.constantFrom<boolean | string>(true, false, 'True', 'False'), fc.boolean())
  .map(([op, value, withoutPath]) => ({
    operation: op === 'remove' ? { op, path: 'active' } : withoutPath ? { op, value: { active: value } } : { op, path: 'active', value },
    apply(model) {
      if (op === 'remove') delete model.active;
      else model.active = bool(value);
    },
  }));

const givenNameStep: fc.Arbitrary<Step> = fc
  .tuple(fc.constantFrom('add' as const, 'replace' as const, 'remove' as const), text)
  .map(([op, value]) => ({
    operation: op === 'remove' ? { op, path: 'name.givenName' } : { op, path: 'name.givenName', value },
    apply(model) {
      if (op === 'remove' || (op === 'replace' && unassigned(value))) {
        if (model.name) delete model.name.givenName;
      } else if (!unassigned(value)) model.name = { ...model.name, givenName: value as string };
      tidy(model);
    },
  }));

/** §3.5.2.1: append, skipping an identical value; a new primary demotes the others. */
const appendEmailStep: fc.Arbitrary<Step> = fc
  .record({ value: emailValue, type: emailType, primary: fc.constantFrom(undefined, true) })
  .map(({ value, type, primary }) => {
    const email: Email = primary ? { value, type, primary } : { value, type };
    return {
      operation: { op: 'add', path: 'emails', value: [email] },
      apply(model) {
        const emails = model.emails ?? [];
        if (emails.some((existing) => equalEmails(existing, email))) return;
        const added = { ...email };
        emails.push(added);
        if (added.primary) demoteOthers(emails, added);
        model.emails = emails;
      },
    };
  });

/** `emails[type eq "T"].value` and `.primary`: set on the matches, or create the described email. */
const setEmailStep: fc.Arbitrary<Step> = fc
  .tuple(fc.constantFrom('add' as const, 'replace' as const), emailType, fc.oneof(emailValue.map((value) => ({ value })), fc.constant({ primary: true as const })))
  .map(([op, type, given]) => {
    const [sub, value] = Object.entries(given)[0];
    return {
      operation: { op, path: `emails[type eq "${type}"].${sub}`, value },
      apply(model) {
        const emails = model.emails ?? [];
        const matched = emails.filter((email) => email.type === type);
        if (sub === 'primary' && matched.length > 1) throw new ModelFailure(InvalidValueError);
        if (matched.length === 0) emails.push({ type, ...given });
        else for (const email of matched) Object.assign(email, given);
        if (sub === 'primary') demoteOthers(emails, matched[0] ?? emails[emails.length - 1]);
        model.emails = emails;
      },
    };
  });

/** `emails[type eq "T"]` replaced whole: noTarget when nothing matches (§3.5.2.3). */
const replaceEmailStep: fc.Arbitrary<Step> = fc.tuple(emailType, emailValue, emailType).map(([type, value, newType]) => ({
  operation: { op: 'replace', path: `emails[type eq "${type}"]`, value: { value, type: newType } },
  apply(model) {
    const emails = model.emails ?? [];
    if (!emails.some((email) => email.type === type)) throw new ModelFailure(NoTargetError);
    model.emails = emails.map((email) => (email.type === type ? { value, type: newType } : email));
  },
}));

/** Remove by filter: matching nothing is a no-op. */
const removeEmailStep: fc.Arbitrary<Step> = fc
  .oneof(emailValue.map((value) => ['value', value] as const), emailType.map((type) => ['type', type] as const), fc.constant(['all', ''] as const))
  .map(([sub, wanted]) => ({
    operation: { op: 'remove', path: sub === 'all' ? 'emails' : `emails[${sub} eq "${wanted}"]` },
    apply(model) {
      if (sub === 'all') delete model.emails;
      else model.emails = (model.emails ?? []).filter((email) => email[sub] !== wanted);
      tidy(model);
    },
  }));

/** Operations that must fail, each with its scimType's class. */
const failingStep: fc.Arbitrary<Step> = fc
  .constantFrom<[PatchOperation, ErrorClass]>(
    [{ op: 'replace', path: 'shoeSize', value: 44 }, InvalidPathError],
    [{ op: 'replace', path: 'name[givenName eq "x"]', value: 'y' }, InvalidPathError],
    [{ op: 'replace', path: 'id', value: 'someone-else' }, MutabilityError],
    [{ op: 'replace', path: 'active', value: 'maybe' }, InvalidValueError],
    [{ op: 'remove', path: 'userName' }, MutabilityError],
    [{ op: 'remove' }, NoTargetError],
    [{ op: 'replace', path: 'emails[type eq "nope"].value', value: 'x' }, NoTargetError],
  )
  .map(([operation, expected]) => ({
    operation,
    apply() {
      throw new ModelFailure(expected);
    },
  }));

const validStep = fc.oneof(simpleStep, activeStep, givenNameStep, appendEmailStep, setEmailStep, replaceEmailStep, removeEmailStep);

/** What the model says: the document, or the 1-based position and class of the first failure. */
function runModel(steps: Step[]): { doc: ScimJson } | { position: number; expected: ErrorClass } {
  const model: Model = { userName: 'u' };
  for (const [index, step] of steps.entries()) {
    try {
      step.apply(model);
    } catch (error) {
      if (error instanceof ModelFailure) return { position: index + 1, expected: error.expected };
      throw error;
    }
  }
  return { doc: JSON.parse(JSON.stringify(model)) as ScimJson };
}

function checkAgainstModel(steps: Step[]): void {
  const input = deepFreeze({ userName: 'u' });
  const expected = runModel(steps);
  const run = () => applyPatch(USER, input, steps.map((step) => step.operation));
  if ('doc' in expected) {
    expect(run().doc).toEqual(expected.doc);
    return;
  }
  expect(run).toThrow(expected.expected);
  expect(run).toThrow(new RegExp(`^Operation ${expected.position}: `));
  expect(input).toEqual({ userName: 'u' });
}

describe('RFC 7644 §3.5.2: the engine agrees with a reference model', () => {
  it('on random sequences of add, replace and remove on simple attributes, name.givenName and emails', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: validStep, weight: 12 }, { arbitrary: failingStep, weight: 1 }), { minLength: 1, maxLength: 25 }), (steps) => {
        checkAgainstModel(steps);
      }),
      RUNS,
    );
  });

  it('applied one request per operation, too', () => {
    fc.assert(
      fc.property(fc.array(validStep, { minLength: 1, maxLength: 15 }), (steps) => {
        let doc: ScimJson = { userName: 'u' };
        const model = runModel(steps);
        for (const [index, step] of steps.entries()) {
          try {
            doc = applyPatch(USER, deepFreeze(doc), [step.operation]).doc;
          } catch (error) {
            // A failing request changes nothing; the model fails at the same operation.
            expect(model).toMatchObject({ position: index + 1 });
            expect(error).toBeInstanceOf((model as { expected: ErrorClass }).expected);
            return;
          }
        }
        expect(model).toEqual({ doc });
      }),
      RUNS,
    );
  });
});

describe('RFC 7644 §3.5.2 atomicity: "If a single operation encounters an error condition, the original SCIM resource MUST be restored"', () => {
  it('a failing operation anywhere leaves the input unchanged and throws, naming the first failing operation', () => {
    fc.assert(
      fc.property(fc.array(validStep, { maxLength: 10 }), failingStep, fc.array(validStep, { maxLength: 10 }), (before, failing, after) => {
        checkAgainstModel([...before, failing, ...after]);
      }),
      RUNS,
    );
  });
});

describe('RFC 7644 §3.12: any path fails only with a SCIM error', () => {
  const ALICE: ScimJson = {
    userName: 'alice',
    name: { givenName: 'Alice' },
    emails: [{ value: 'alice@work.example', type: 'work', primary: true }, { value: 'alice@home.example', type: 'home' }],
    [ENTERPRISE]: { department: 'R&D', manager: { value: 'boss' } },
  };
  const GROUP_DOC: ScimJson = { displayName: 'g' };

  /** Path-like text: attribute names, URNs, brackets, operators, quotes and stray characters. */
  const pathText = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc
      .array(
        fc.constantFrom(
          'emails', 'members', 'name', 'givenName', 'value', 'type', 'primary', 'display', 'title', 'id', 'meta', 'groups',
          'password', 'schemas', 'manager', 'addresses', 'userName', ENTERPRISE, `${ENTERPRISE}:`, 'urn:x:y', '.', '[', ']',
          '(', ')', ' ', ' eq ', ' ne ', ' co ', ' pr', ' and ', ' or ', 'not ', '"work"', '"a"', '"', 'true', 'null', '42', ':',
        ),
        { maxLength: 10 },
      )
      .map((parts) => parts.join('')),
  );
  /** Well-formed paths over real attributes, so that many operations get through to the document. */
  const wellFormedPath = fc
    .tuple(
      fc.constantFrom('emails', 'members', 'name', 'title', 'active', 'addresses', 'roles', `${ENTERPRISE}:manager`, 'department', 'displayName', 'nickName'),
      fc.constantFrom('', '[type eq "work"]', '[value eq "a"]', '[type eq "home" and primary eq true]', '[value eq "a" or value eq "b"]'),
      fc.constantFrom('', '.value', '.type', '.primary', '.givenName', '.display', '.streetAddress'),
    )
    .map(([attribute, filter, sub]) => `${attribute}${filter}${sub}`);
  /** Paths that name something on Users, and on Groups. */
  const userPath = fc.constantFrom(
    'emails', 'emails[type eq "work"]', 'emails[type eq "work"].value', 'emails.primary', 'emails[value eq "a" or value eq "b"]',
    'emails[type eq "home" and primary eq true].display', 'name', 'name.givenName', 'title', 'active', 'nickName', 'displayName',
    'addresses[type eq "work"].streetAddress', 'roles', 'roles[value eq "a"]', `${ENTERPRISE}:manager`, `${ENTERPRISE}:manager.value`,
    'department', ENTERPRISE,
  );
  const groupPath = fc.constantFrom('displayName', 'externalId', 'members', 'members[value eq "a"]', 'members[value eq "a" or value eq "b"]');
  const element = fc.record(
    { value: fc.constantFrom('a', 'b', 'A'), type: fc.constantFrom('work', 'home', 'User'), primary: fc.constantFrom(true, false, 'True'), display: fc.string({ maxLength: 3 }), givenName: fc.constant('G') },
    { requiredKeys: [] },
  );
  const plausibleValue = fc.oneof(element, fc.array(element, { maxLength: 3 }), fc.constantFrom('a', 'work', true, 'False', null, '', []));
  const operation = (validPath: fc.Arbitrary<string>) =>
    fc.record(
      {
        op: fc.oneof({ arbitrary: fc.constantFrom('add', 'remove', 'replace', 'Add', 'REPLACE'), weight: 20 }, { arbitrary: fc.constant('move'), weight: 1 }),
        path: fc.oneof({ arbitrary: validPath, weight: 4 }, { arbitrary: wellFormedPath, weight: 1 }, { arbitrary: pathText, weight: 1 }),
        value: fc.oneof({ arbitrary: plausibleValue, weight: 3 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 }),
      },
      { requiredKeys: ['op'] },
    );
  const request = fc.oneof(
    fc.tuple(fc.constant(false), fc.array(operation(userPath), { minLength: 1, maxLength: 2 })),
    fc.tuple(fc.constant(true), fc.array(operation(groupPath), { minLength: 1, maxLength: 2 })),
  );

  it('on Users and on Groups with member edges, and a successful result is canonical SCIM JSON', () => {
    fc.assert(
      fc.property(request, ([onGroup, operations]) => {
        const doc = deepFreeze(structuredClone(onGroup ? GROUP_DOC : ALICE));
        let result;
        try {
          result = applyPatch(onGroup ? GROUP : USER, doc, operations as PatchOperation[], onGroup ? GROUP_EDGES : { ownId: 'alice-id' });
        } catch (error) {
          expect(error).toBeInstanceOf(IdentityError);
          return;
        }
        // Normalizing the result changes nothing: canonical names, checked types, no unassigned values.
        expect(normalizeResource(onGroup ? GROUP : USER, result.doc).doc).toEqual(result.doc);
        if (onGroup) expect(result.doc.members).toBeUndefined();
      }),
      { seed: PROPERTY_SEED, numRuns: 3000 },
    );
  });
});
