import { Command, CommanderError } from 'commander';
import { ConfigError } from '../app/config.js';
import { VERSION } from '../app/version.js';
import { registerAdmin } from './commands/admin.js';
import { registerCensus } from './commands/census.js';
import { registerClassify } from './commands/classify.js';
import { registerDemo } from './commands/demo.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';
import { CliError, CliExit } from './errors.js';

/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** A binary document (census report --format pdf) on stdout; without it such a command needs --out. */
  outBytes?(bytes: Uint8Array): void;
}

const processIO: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  outBytes: (bytes) => process.stdout.write(bytes),
};

/** The `govblog` command: each subcommand parses its flags, then calls into the features. */
export function buildProgram(io: CliIO = processIO): Command {
  const program = new Command('govblog')
    .description('Government microblogs: the provider, the census and the demo')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .exitOverride();
  registerServe(program);
  registerWorker(program, io.out);
  registerAdmin(program, io.out);
  registerClassify(program);
  registerDemo(program, io.out, io.err);
  registerCensus(program, io.outBytes);
  // Subcommands inherit neither output nor exit handling from the root: set them on each.
  for (const cmd of allCommands(program)) {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  }
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Runs the CLI; every failure is reported on stderr in one line (config: one line per problem) with exit code 1 or 2. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed the message already; help and version are successes.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    if (err instanceof CliExit) return err.exitCode;
    if (err instanceof CliError) {
      io.err(`govblog: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      io.err(`govblog: ${err.message}`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    io.err(`govblog: ${e?.message ?? String(err)}`);
    return 1;
  }
}
