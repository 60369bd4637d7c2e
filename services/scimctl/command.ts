/** What a scimctl command is: its place in the command tree, its help, and what it does. */
import type { IdentityConnection } from './identity-connection';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in the usage line, e.g. `<tenant-id>`. */
  placeholder?: string;
  required?: boolean;
}

/** What a command hands back: data for --json, lines for people. */
export interface Output {
  /** Printed as JSON with --json. */
  json: unknown;
  /** Printed on stdout otherwise. */
  lines: string[];
  /** Printed on stderr otherwise: context that must not pollute `$(scimctl …)`. */
  notes?: string[];
  /** 1 when the command did its work but part of it failed (an import's failed lines); 0 unless given. */
  exitCode?: number;
}

export interface CommandInput {
  /** Positional arguments after the command words. */
  args: string[];
  options: Record<string, string | boolean | undefined>;
  now: Date;
  /** Reports progress on stderr while the command runs (never on stdout, which --json owns). */
  progress(text: string): void;
  /** Writes one line on stdout while the command runs: what a streaming command (events watch) prints. */
  emit(line: string): void;
}

interface CommandSpec {
  /** The command words, e.g. ['tokens', 'issue']. */
  words: [string, string] | [string];
  summary: string;
  /** Names of the positional arguments, e.g. ['<tenant-id>']. */
  args: string[];
  options: Record<string, OptionSpec>;
  /** Extra lines for --help: examples, caveats. */
  details?: string[];
}

export type ConnectedRun = (input: CommandInput, connection: IdentityConnection) => Promise<Output>;

/** A command that calls the identity service, or one that works offline (keygen). */
export type Command = (CommandSpec & { connects: true; run: ConnectedRun }) | (CommandSpec & { connects: false; run(input: CommandInput): Promise<Output> });

/** A mistake in how scimctl was called: exit code 2 and a pointer to --help. */
export class UsageError extends Error {}

export function requiredString(input: CommandInput, name: string): string {
  const value = input.options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`);
  return value;
}

export function optionalString(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** The one positional argument a command takes; a usage error saying `message` when there is none or more than one. */
export function onlyArgument(input: CommandInput, message: string): string {
  const [given, extra] = input.args;
  if (!given || extra !== undefined) throw new UsageError(message);
  return given;
}
