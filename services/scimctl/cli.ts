/**
 * scimctl: the operator's command line over the identity service's gRPC API.
 * Exit codes: 0 done, 1 the service refused or could not be reached, 2 a usage
 * mistake (unknown command or option, missing argument, missing configuration).
 * Every command and command group answers --help; --json prints data for scripts.
 */
import { status } from '@grpc/grpc-js';
import { parseArgs } from 'node:util';
import { ConfigError, envString } from '../config/env';
import { grpcMaxMessageBytesFromEnv } from '../config/grpc-message-limit';
import { channelCredentials, clientTlsFromEnv } from '../config/grpc-tls';
import { auditCommands } from './audit-commands';
import { UsageError, type Command, type Output } from './command';
import { credentialCommands } from './credential-commands';
import { eventCommands } from './event-commands';
import { connectToIdentity } from './identity-connection';
import { importCommands } from './import-command';
import { receiverCommands } from './receiver-commands';
import { resourceCommands } from './resource-commands';
import { tenantCommands } from './tenant-commands';
import { tokenCommands } from './token-commands';

export const COMMANDS: Command[] = [...tenantCommands, ...tokenCommands, ...credentialCommands, ...resourceCommands, ...importCommands, ...auditCommands, ...receiverCommands, ...eventCommands];

const DEADLINE_MS = 10_000;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const name = (command: Command) => command.words.join(' ');

function usageLine(command: Command): string {
  const options = Object.entries(command.options).map(([option, spec]) => {
    const text = spec.type === 'string' ? `--${option} ${spec.placeholder ?? '<value>'}` : `--${option}`;
    return spec.required ? text : `[${text}]`;
  });
  return ['scimctl', name(command), ...command.args, ...options, '[--json]'].join(' ');
}

function commandHelp(command: Command): string {
  const rows: Array<[string, string]> = Object.entries(command.options).map(([option, spec]) => [
    spec.type === 'string' ? `--${option} ${spec.placeholder ?? '<value>'}` : `--${option}`,
    `${spec.description}${spec.required ? ' (required)' : ''}`,
  ]);
  rows.push(['--json', 'Print JSON on stdout, for scripts.'], ['--addr <host:port>', 'The identity service (default: SCIMCTL_ADDR).'], ['-h, --help', 'Show this help.']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: ${usageLine(command)}`,
    '',
    command.summary,
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    ...(command.details ? ['', ...command.details] : []),
  ].join('\n');
}

function overview(commands: Command[], title: string): string {
  const width = Math.max(...commands.map((command) => name(command).length));
  return [
    title,
    '',
    'Commands:',
    ...commands.map((command) => `  ${name(command).padEnd(width)}  ${command.summary}`),
    '',
    'Run `scimctl <command> --help` for its options. Every command takes --json.',
    '',
    'Environment:',
    '  SCIMCTL_ADDR       The identity service, host:port (default 127.0.0.1:50051).',
    '  SCIMCTL_API_KEY    A service key with admin access (sk_…), e.g. the BOOTSTRAP_SERVICE_KEY.',
    '  IDENTITY_GRPC_TLS_CA_FILE, IDENTITY_GRPC_TLS_CERT_FILE, IDENTITY_GRPC_TLS_KEY_FILE',
    '                     TLS and mutual TLS to the identity service, as for the SCIM adapter.',
  ].join('\n');
}

function printOutput(output: Output, json: boolean, io: Io): void {
  if (json) {
    io.out(JSON.stringify(output.json, null, 2));
    return;
  }
  for (const note of output.notes ?? []) io.err(note);
  if (output.lines.length > 0) io.out(output.lines.join('\n'));
}

interface GrpcFailure {
  code: number;
  details: string;
}

/** node:util parseArgs refusing an unknown option or a missing value (a TypeError with an ERR_PARSE_ARGS_ code). */
function isParseArgsError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

function isGrpcFailure(error: unknown): error is GrpcFailure {
  return typeof error === 'object' && error !== null && typeof (error as GrpcFailure).code === 'number' && typeof (error as GrpcFailure).details === 'string';
}

/** Runs scimctl with `argv` (the arguments after the program name); resolves with the exit code. */
export async function runScimctl(argv: string[], env: NodeJS.ProcessEnv, io: Io, now: () => Date = () => new Date()): Promise<number> {
  const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';
  // No command, or a group without its subcommand: the overview, on stdout when asked for.
  const showOverview = (commands: Command[], title: string, asked: boolean) => {
    (asked ? io.out : io.err)(overview(commands, title));
    return asked ? 0 : 2;
  };
  if (argv.length === 0 || isHelp(argv[0])) return showOverview(COMMANDS, 'scimctl: operate the SCIM identity service.', argv.length > 0);
  const group = COMMANDS.filter((candidate) => candidate.words[0] === argv[0]);
  const command = group.find((candidate) => candidate.words.length === 1 || candidate.words[1] === argv[1]);
  if (!command) {
    if (group.length > 0 && (argv[1] === undefined || isHelp(argv[1]))) return showOverview(group, `scimctl ${argv[0]}`, argv[1] !== undefined);
    io.err(`error: unknown command "${argv.slice(0, 2).join(' ')}". Run scimctl --help.`);
    return 2;
  }
  const rest = argv.slice(command.words.length);
  let addr = envString(env, 'SCIMCTL_ADDR', '127.0.0.1:50051');
  try {
    const options = Object.fromEntries(Object.entries(command.options).map(([option, spec]) => [option, { type: spec.type }]));
    const parsed = parseArgs({
      args: rest,
      options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, addr: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    for (const [option, spec] of Object.entries(command.options)) {
      if (spec.required && values[option] === undefined) throw new UsageError(`--${option} is required.`);
    }
    if (typeof values.addr === 'string') addr = values.addr;
    const input = { args: parsed.positionals, options: values, now: now(), progress: io.err, emit: io.out };
    if (!command.connects) {
      const output = await command.run(input);
      printOutput(output, values.json === true, io);
      return output.exitCode ?? 0;
    }
    const apiKey = env.SCIMCTL_API_KEY ?? '';
    if (!/^sk_/.test(apiKey)) throw new ConfigError('Set SCIMCTL_API_KEY to a service key with admin access (sk_…), such as the identity service\'s BOOTSTRAP_SERVICE_KEY.');
    const connection = connectToIdentity({
      address: addr,
      apiKey,
      credentials: channelCredentials(clientTlsFromEnv(env)),
      deadlineMs: DEADLINE_MS,
      maxMessageBytes: grpcMaxMessageBytesFromEnv(env),
    });
    try {
      const output = await command.run(input, connection);
      printOutput(output, values.json === true, io);
      return output.exitCode ?? 0;
    } finally {
      connection.close();
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`error: ${(error as Error).message}\n\nUsage: ${usageLine(command)}\nRun \`scimctl ${name(command)} --help\` for details.`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    if (isGrpcFailure(error)) {
      const code = status[error.code] ?? String(error.code);
      if (error.code === status.UNAVAILABLE || error.code === status.DEADLINE_EXCEEDED) {
        io.err(`error: cannot reach the identity service at ${addr} [${code}]: ${error.details}`);
      } else {
        io.err(`error: ${error.details || 'the call failed'} [${code}]`);
      }
      return 1;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
