import { newAuditId } from './audit-ids';

describe('audit event ids', () => {
  it('sort in the order of their times', () => {
    const early = newAuditId(new Date('2024-01-01T00:00:00.000Z'));
    const late = newAuditId(new Date('2024-01-01T00:00:00.001Z'));
    expect(early < late).toBe(true);
    expect(early).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('keep the order of recording within one millisecond, and when the clock steps back', () => {
    const time = new Date('2024-06-01T12:00:00.000Z');
    const ids = [newAuditId(time), newAuditId(time), newAuditId(time), newAuditId(new Date(time.getTime() - 5))];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
  });
});
