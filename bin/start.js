#!/usr/bin/env node
/**
 * `npm start`: builds if the build is missing or stale, then runs the identity
 * service and the SCIM adapter as two processes, stopping both on Ctrl-C or when
 * either exits. Plain JavaScript, because it runs before anything is compiled.
 * Each process can also be run alone: node dist/services/identity/main.js, node dist/adapter/main.js.
 *
 * So that a fresh machine needs no setup: without BOOTSTRAP_SERVICE_KEY, a random
 * service key is made for this run (never printed) and given to the identity service
 * as its bootstrap admin key and to the adapter as IDENTITY_API_KEY; without
 * SCIM_BOOTSTRAP_TOKEN, a random bearer token is made and printed once.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const SOURCES = ['services', 'adapter', 'proto/gen', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestSourceTime(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(full).map((name) => newestSourceTime(path.join(entry, name))));
}

/** A service key in the form services/identity/tenancy/secrets.ts reads: sk_<12 base62>_<32 random bytes, base64url>. */
function newServiceKey() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  while (id.length < 12) {
    for (const byte of crypto.randomBytes(24)) if (byte < 248 && id.length < 12) id += alphabet[byte % 62];
  }
  return `sk_${id}_${crypto.randomBytes(32).toString('base64url')}`;
}

function buildIfStale() {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (built >= Math.max(...SOURCES.map(newestSourceTime))) return;
  console.log('building…');
  const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stamp, new Date().toISOString());
}

function run(name, script, env) {
  const child = spawn(process.execPath, [path.join(root, 'dist', script)], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk) => process.stdout.write(chunk));
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping.`);
      stop(code || 1);
    } else if (children.size === 0) process.exit(exitCode);
  });
  children.add(child);
  return child;
}

const children = new Set();
let stopping = false;
let exitCode = 0;
function stop(code) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children) child.kill('SIGTERM');
}

buildIfStale();
const env = { ...process.env };
if (!env.SCIM_BOOTSTRAP_TOKEN) {
  env.SCIM_BOOTSTRAP_TOKEN = crypto.randomBytes(32).toString('base64url');
  console.log(`SCIM_BOOTSTRAP_TOKEN was not set; this run's bearer token (shown once; only its hash is stored) is:\n  ${env.SCIM_BOOTSTRAP_TOKEN}`);
}
env.BOOTSTRAP_SERVICE_KEY ||= newServiceKey();
env.IDENTITY_API_KEY ||= env.BOOTSTRAP_SERVICE_KEY;

// The adapter starts once the identity service says where it listens (GRPC_PORT=0 picks a free port).
const identity = run('identity service', 'services/identity/main.js', env);
let output = '';
identity.stdout.on('data', function awaitAddress(chunk) {
  output += String(chunk);
  const listening = /identity service: gRPC on (\S+),/.exec(output);
  if (!listening) return;
  identity.stdout.off('data', awaitAddress);
  run('SCIM adapter', 'adapter/main.js', { ...env, IDENTITY_GRPC_ADDR: env.IDENTITY_GRPC_ADDR || listening[1] });
});
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
