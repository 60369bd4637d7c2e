/**
 * scimctl as an operator runs it: the compiled bin/scimctl.js against a stack's identity
 * service, with the stack's admin key. Needs `npm run build` first, which `make test` does.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Stack } from './stack';

const root = path.resolve(__dirname, '../..');

/** Whether the CLI is built; suites that run it are skipped otherwise. */
export const scimctlBuilt = fs.existsSync(path.join(root, 'dist/services/scimctl/main.js'));

export interface ScimctlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runScimctl(stack: Pick<Stack, 'identity' | 'adminKey'>, args: string[]): Promise<ScimctlRun> {
  const env = { ...process.env, SCIMCTL_ADDR: stack.identity.address, SCIMCTL_API_KEY: stack.adminKey };
  return new Promise((resolve) =>
    execFile(process.execPath, [path.join(root, 'bin/scimctl.js'), ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}
