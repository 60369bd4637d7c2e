/**
 * Replays the recorded Okta and Entra ID requests in test/fixtures/idp (see its
 * README for the format) against the running service, step by step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scim, startStack, type Stack } from '../support/stack';

interface Step {
  request: { method: string; path?: string; rawQuery?: string; headers?: Record<string, string>; body?: unknown };
  expect: { status: number; body?: unknown; absent?: string[] };
  save?: Record<string, string>;
}

interface Scenario {
  description: string;
  source: string;
  steps: Step[];
}

const root = path.resolve(__dirname, '../fixtures/idp');
const scenarios = ['entra', 'okta'].flatMap((idp) =>
  fs.readdirSync(path.join(root, idp)).filter((file) => file.endsWith('.json')).map((file) => [`${idp}/${file}`, JSON.parse(fs.readFileSync(path.join(root, idp, file), 'utf8')) as Scenario] as const),
);

/** Replaces {{name}} with saved values, everywhere in a JSON value. */
function substitute<T>(value: T, saved: Record<string, string>): T {
  return JSON.parse(JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in saved)) throw new Error(`{{${name}}} is used before it is saved`);
    return saved[name];
  })) as T;
}

function pick(body: unknown, dotted: string): string {
  const value = dotted.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);
  if (typeof value !== 'string') throw new Error(`nothing to save at ${dotted}`);
  return value;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

describe.each(scenarios)('%s', (_file, scenario) => {
  it(scenario.description, async () => {
    const saved: Record<string, string> = {};
    for (const [index, raw] of scenario.steps.entries()) {
      const step = substitute(raw, saved);
      const { method, path: pathOnly, rawQuery, headers, body } = step.request;
      const response = await scim(stack, method, (rawQuery ?? pathOnly)!, { body, headers });
      const where = `step ${index + 1} (${method} ${rawQuery ?? pathOnly})`;
      expect({ where, status: response.status }).toEqual({ where, status: step.expect.status });
      if (step.expect.body !== undefined) expect(response.body).toMatchObject(step.expect.body as object);
      for (const attribute of step.expect.absent ?? []) expect(response.body).not.toHaveProperty([attribute]);
      for (const [name, dotted] of Object.entries(step.save ?? {})) saved[name] = pick(response.body, dotted);
    }
  });
});
