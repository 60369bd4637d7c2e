/**
 * scimctl import: loads users and groups into a tenant from a file of SCIM JSON, one
 * resource per line, over BulkService.ImportResources, in batches of `--batch` lines.
 * After each batch it reports progress on stderr and, with `--checkpoint`, records the
 * last line done; run again with the same checkpoint, it resumes after that line.
 * Correctness does not rest on the checkpoint: an imported resource is found by its id
 * when sent again (services/identity/bulk/resource-import.ts), so lines of a batch cut
 * short are simply counted as existing the next time.
 *
 * Failures are reported by line number and reason, never with the line's values.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { ImportResourcesRequest } from '../../proto/gen/openscim/identity/v1/bulk_service';
import { fromRpcStatus } from '../identity/errors/status-details';
import { isPlainObject } from '../identity/scim/resource/scim-json';
import { UsageError, optionalString, requiredString, type Command, type CommandInput } from './command';
import type { IdentityConnection } from './identity-connection';
import { importBatch } from './import-batch';
import { readCheckpoint, writeCheckpoint } from './import-checkpoint';

const DEFAULT_BATCH = 1000;
const MAX_BATCH = 10_000;

interface LineFailure {
  line: number;
  reason: string;
  scimType?: string;
  detail: string;
}

interface Totals {
  created: number;
  existing: number;
  failures: LineFailure[];
}

const failureText = (failure: LineFailure) => `line ${failure.line}: ${failure.reason}${failure.scimType ? ` (${failure.scimType})` : ''}: ${failure.detail}`;

function batchSize(input: CommandInput): number {
  const text = optionalString(input, 'batch');
  if (text === undefined) return DEFAULT_BATCH;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH) throw new UsageError(`--batch takes a whole number from 1 to ${MAX_BATCH}.`);
  return size;
}

/** The resource on one line, or why there is none. */
function readLine(text: string, line: number): ImportResourcesRequest | LineFailure {
  let resource: unknown;
  try {
    resource = JSON.parse(text);
  } catch {
    return { line, reason: 'INVALID_SYNTAX', scimType: 'invalidSyntax', detail: 'The line is not JSON.' };
  }
  if (!isPlainObject(resource)) return { line, reason: 'INVALID_SYNTAX', scimType: 'invalidSyntax', detail: 'The line is not a JSON object: one SCIM resource.' };
  return { line, resource };
}

async function runImport(input: CommandInput, connection: IdentityConnection) {
  const tenant = requiredString(input, 'tenant');
  const file = path.resolve(requiredString(input, 'file'));
  if (!fs.existsSync(file)) throw new UsageError(`There is no file ${file}.`);
  const size = batchSize(input);
  const checkpointAt = optionalString(input, 'checkpoint');
  const resumeAfter = checkpointAt ? readCheckpoint(path.resolve(checkpointAt), file).line : 0;
  if (resumeAfter > 0) input.progress(`resuming after line ${resumeAfter} (checkpoint ${checkpointAt})`);

  const totals: Totals = { created: 0, existing: 0, failures: [] };
  const started = Date.now();
  let sent = 0;
  let batch: ImportResourcesRequest[] = [];
  let done = resumeAfter;
  const fail = (failure: LineFailure) => {
    totals.failures.push(failure);
    input.progress(failureText(failure));
  };
  const flush = async (throughLine: number) => {
    if (batch.length > 0) {
      const summary = await importBatch(connection, tenant, batch);
      totals.created += summary.created ?? 0;
      totals.existing += summary.existing ?? 0;
      for (const failure of summary.failures ?? []) {
        const details = fromRpcStatus(failure.error ?? {});
        fail({ line: failure.line ?? 0, reason: details.reason || 'INTERNAL', scimType: details.scimType, detail: details.detail });
      }
      sent += batch.length;
      batch = [];
    }
    done = throughLine;
    if (checkpointAt) writeCheckpoint(path.resolve(checkpointAt), { file, line: done });
    const perSecond = sent / Math.max(0.001, (Date.now() - started) / 1000);
    input.progress(`line ${done}: ${totals.created} created, ${totals.existing} existing, ${totals.failures.length} failed (${perSecond.toFixed(0)} resources/s)`);
  };

  let line = 0;
  for await (const text of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
    line += 1;
    if (line <= resumeAfter || text.trim() === '') continue;
    const read = readLine(text, line);
    if ('reason' in read) fail(read);
    else batch.push(read);
    if (batch.length >= size) await flush(line);
  }
  if (line > done) await flush(line);

  return {
    json: { file, line: done, created: totals.created, existing: totals.existing, failed: totals.failures.length, failures: totals.failures },
    lines: [`${file} through line ${done}: ${totals.created} created, ${totals.existing} already present, ${totals.failures.length} failed.`],
    exitCode: totals.failures.length > 0 ? 1 : 0,
  };
}

export const importCommands: Command[] = [
  {
    words: ['import'],
    summary: 'Import users and groups from a file of SCIM JSON, one resource per line.',
    args: [],
    options: {
      tenant: { type: 'string', placeholder: '<tenant-id>', required: true, description: 'The tenant to import into.' },
      file: { type: 'string', placeholder: '<file.jsonl>', required: true, description: 'One User or Group per line, its type named in schemas.' },
      checkpoint: { type: 'string', placeholder: '<file>', description: 'Record the last line done here, and resume after it.' },
      batch: { type: 'string', placeholder: '<lines>', description: `Resources per call (default ${DEFAULT_BATCH}).` },
    },
    details: [
      'A resource keeps its id if it has one (members name users by it); otherwise its id is derived from its content.',
      'A resource whose id exists is counted as already present and left as it is: running an import again,',
      'whole or from a checkpoint, creates nothing twice. Put users before the groups whose members they are.',
      'Progress and failures (line numbers and reasons, never values) go to stderr. Exit code 1 if a line failed.',
      '',
      'Example: scimctl import --tenant acme --file users.jsonl --checkpoint users.checkpoint',
    ],
    connects: true,
    run: runImport,
  },
];
