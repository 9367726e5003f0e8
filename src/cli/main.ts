import { Command, CommanderError } from 'commander';
import { ConfigError } from '../app/config.js';
import { VERSION } from '../app/version.js';
import { registerAdmin } from './commands/admin.js';
import { registerServe } from './commands/serve.js';
import { CliError } from './errors.js';

/** The `govblog` command: each subcommand parses its flags, then calls into the features. */
export function buildProgram(): Command {
  const program = new Command('govblog')
    .description('Government microblogs: the provider, the census and the demo')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServe(program);
  registerAdmin(program);
  return program;
}

/** Runs the CLI; every failure is reported on stderr in one line (config: one line per problem) with exit code 1 or 2. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed the message already; help and version are successes.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`govblog: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`govblog: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`govblog: ${e?.message ?? String(err)}\n`);
    return 1;
  }
}
