/**
 * Waiting for what another process, a cache or a timer makes true, without blind sleeps:
 * `check` runs every `everyMs` (20 unless given) until it holds; past `withinMs` the wait
 * fails, naming `what`. Resolves with how long the wait took, for tests that bound it.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  options: { withinMs: number; everyMs?: number; what?: string },
): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > options.withinMs) throw new Error(`timed out after ${options.withinMs} ms waiting for ${options.what ?? 'the condition'}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 20));
  }
  return Date.now() - started;
}
