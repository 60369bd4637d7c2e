/**
 * The README's start path: `npm start` (bin/start.js) runs the compiled identity
 * service and adapter as two processes, and Ctrl-C stops both. Needs `npm run build`
 * first, which `make test` does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const built = fs.existsSync(path.join(root, 'dist/adapter/main.js')) && fs.existsSync(path.join(root, 'dist/services/identity/main.js'));

/** Resolves with the first match of `pattern` in the child's stdout. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const match = pattern.exec(output);
      if (match) resolve(match);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${output}`)));
  });
}

(built ? describe : describe.skip)('npm start', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-start-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts both processes, serves SCIM with the printed token, and stops both on SIGINT', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/start.js')], {
      cwd: root,
      // METRICS_PORT=0: the fixed default admin ports would collide with any other run on this machine.
      env: { ...process.env, PORT: '0', GRPC_PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SCIM_BOOTSTRAP_TOKEN: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const [, token] = await waitForOutput(child, /bearer token \(shown once; only its hash is stored\) is:\s+(\S+)/);
      const [, url] = await waitForOutput(child, /SCIM adapter: (http:\/\/\S+\/scim\/v2)/);
      const created = await fetch(`${url}/Users`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
        body: JSON.stringify({ userName: 'started@example.com' }),
      });
      expect(created.status).toBe(201);
      expect(fs.existsSync(path.join(dataDir, 'openscim.sqlite'))).toBe(true);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});
