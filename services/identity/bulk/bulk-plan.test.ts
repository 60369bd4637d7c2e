import { planBulk, type PlannedOperation } from './bulk-plan';

const post = (index: number, declares: string, ...references: string[]): PlannedOperation => ({ index, declares, references });
const other = (index: number, ...references: string[]): PlannedOperation => ({ index, references });

describe('RFC 7644 §3.7 the order of a bulk request', () => {
  it('keeps the order sent when nothing refers forward', () => {
    expect(planBulk([post(0, 'a'), other(1, 'a'), other(2)]).order).toEqual([0, 1, 2]);
  });

  it('runs a POST just before the first operation that refers to it, and what it refers to before it', () => {
    const plan = planBulk([other(0, 'g'), post(1, 'u'), post(2, 'g', 'u', 'v'), post(3, 'v')]);
    expect(plan.order).toEqual([1, 3, 2, 0]);
    expect(plan.cycles.size).toBe(0);
  });

  it('ignores references to bulkIds no POST declares: they fail when their turn comes', () => {
    expect(planBulk([other(0, 'nobody'), post(1, 'a')]).order).toEqual([0, 1]);
  });

  it('keeps the first POST of a bulkId and marks the later ones as duplicates', () => {
    const plan = planBulk([post(0, 'a'), post(1, 'a'), other(2, 'a')]);
    expect(plan.creators.get('a')).toBe(0);
    expect([...plan.duplicates]).toEqual([[1, 0]]);
  });

  it('walks a chain of 100,000 references without exhausting the call stack', () => {
    const length = 100_000;
    const chain = Array.from({ length }, (_, i) => (i === length - 1 ? post(i, `b${i}`) : post(i, `b${i}`, `b${i + 1}`)));
    expect(planBulk(chain).order).toEqual(Array.from({ length }, (_, i) => length - 1 - i));
  });
});

describe('RFC 7644 §3.7.1 circular references', () => {
  it('marks every operation of a cycle, with the cycle, and still orders every operation once', () => {
    const plan = planBulk([post(0, 'qwerty', 'ytrewq'), post(1, 'ytrewq', 'qwerty'), other(2, 'qwerty'), post(3, 'free')]);
    expect(plan.cycles.get(0)).toEqual(['qwerty', 'ytrewq', 'qwerty']);
    expect(plan.cycles.get(1)).toEqual(['qwerty', 'ytrewq', 'qwerty']);
    expect(plan.cycles.has(2)).toBe(false);
    expect([...plan.order].sort()).toEqual([0, 1, 2, 3]);
  });

  it('sees a reference to itself as a cycle', () => {
    expect(planBulk([post(0, 'self', 'self')]).cycles.get(0)).toEqual(['self', 'self']);
  });

  it('marks only the operations on the cycle, not those that lead into it', () => {
    const plan = planBulk([post(0, 'a', 'b'), post(1, 'b', 'c'), post(2, 'c', 'b')]);
    expect([...plan.cycles.keys()].sort()).toEqual([1, 2]);
  });
});

describe('steps: creates that commute run side by side', () => {
  const create = (index: number, declares: string, uniqueKey?: string, ...references: string[]): PlannedOperation => ({ index, declares, references, creates: true, uniqueKey });

  it('puts consecutive creates in one step, up to the most a step holds; anything else is a step alone', () => {
    const plan = planBulk([create(0, 'a'), create(1, 'b'), create(2, 'c'), other(3), create(4, 'd')], 2);
    expect(plan.steps).toEqual([[0, 1], [2], [3], [4]]);
  });

  it('never puts a create in the step of one it refers to, nor two users with one userName', () => {
    expect(planBulk([create(0, 'a'), create(1, 'b', undefined, 'a'), create(2, 'c')], 16).steps).toEqual([[0], [1, 2]]);
    expect(planBulk([create(0, 'a', 'alice'), create(1, 'b', 'bob'), create(2, 'c', 'alice')], 16).steps).toEqual([[0, 1], [2]]);
  });

  it('runs everything alone with a step of 1 (failOnErrors asks for a strict sequence)', () => {
    expect(planBulk([create(0, 'a'), create(1, 'b')]).steps).toEqual([[0], [1]]);
  });
});
