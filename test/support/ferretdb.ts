/**
 * FerretDB (a MongoDB wire-protocol server over SQLite) for tests of the MongoDB store:
 * on a loopback port the OS picks, its data in a temporary directory, stopped and
 * started again on the same port and directory by the fault test. The binary is the
 * one `make ferretdb` builds into .tools/bin (FERRETDB_BIN overrides it). The benchmarks
 * use it too, for `--store mongo` without MONGODB_URI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { MongoClient } from 'mongodb';

/** The repository's root: the nearest folder up with a package.json, from test/support and from its build in dist/. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const BINARY = process.env.FERRETDB_BIN ?? path.join(repositoryRoot(), '.tools/bin/ferretdb');

export interface FerretDb {
  /** mongodb://127.0.0.1:<port>/ */
  uri: string;
  port: number;
  /** Stops the server; its data stays for start(). */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops the server and removes its data. */
  remove(): Promise<void>;
}

/** Starts FerretDB and resolves with the port it listens on, read from its log; rejects if it exits first. */
function launch(dataDir: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    BINARY,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-format=json',
      '--log-level=info',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const exited = (code: number | null) => reject(new Error(`FerretDB exited (${code}) before listening: ${output.join('\n')}`));
    child.once('exit', exited);
    child.once('error', reject);
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      output.push(line);
      const listening = /Listening on TCP 127\.0\.0\.1:(\d+)/.exec(line);
      if (!listening) return;
      child.off('exit', exited);
      resolve({ child, port: Number(listening[1]) });
    });
  });
}

/** Resolves once the server answers a ping. */
async function ping(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

export async function startFerretDb(): Promise<FerretDb> {
  if (!fs.existsSync(BINARY)) {
    throw new Error(`FerretDB is not built at ${BINARY}: run \`make ferretdb\`, or set MONGODB_URI to a MongoDB server.`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-ferretdb-'));
  let { child, port } = await launch(dataDir, 0);
  const uri = `mongodb://127.0.0.1:${port}/`;
  await ping(uri);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    uri,
    port,
    stop,
    async start() {
      ({ child } = await launch(dataDir, port));
      await ping(uri);
    },
    async remove() {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
