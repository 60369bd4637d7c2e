/**
 * The checkpoint of `scimctl import`: the file it belongs to and the last line whose
 * batch the identity service answered. Written after every batch, through a temporary
 * file and a rename, so that a crash leaves the old checkpoint or the new one, never
 * half of one. Lines after it may have been applied too (the batch in flight): sending
 * them again is harmless, since an imported resource is found by its id.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './command';

export interface Checkpoint {
  /** The absolute path of the imported file. */
  file: string;
  /** The last line done; 0 before the first batch. */
  line: number;
}

/** The checkpoint at `at` for `file`, or line 0 when there is none yet. */
export function readCheckpoint(at: string, file: string): Checkpoint {
  if (!fs.existsSync(at)) return { file, line: 0 };
  let saved: unknown;
  try {
    saved = JSON.parse(fs.readFileSync(at, 'utf8'));
  } catch {
    throw new UsageError(`The checkpoint ${at} is not a scimctl import checkpoint.`);
  }
  const { file: savedFile, line } = (saved ?? {}) as Partial<Checkpoint>;
  if (typeof savedFile !== 'string' || !Number.isInteger(line) || (line as number) < 0) {
    throw new UsageError(`The checkpoint ${at} is not a scimctl import checkpoint.`);
  }
  if (savedFile !== file) throw new UsageError(`The checkpoint ${at} belongs to ${savedFile}, not ${file}: name another checkpoint file.`);
  return { file, line: line as number };
}

export function writeCheckpoint(at: string, checkpoint: Checkpoint): void {
  const temporary = path.join(path.dirname(at), `.${path.basename(at)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, `${JSON.stringify(checkpoint)}\n`);
  fs.renameSync(temporary, at);
}
