import type { Command } from 'commander';
import { runDemo } from '../../demo/run-demo.js';
import { CliError } from '../errors.js';

/** `govblog demo`: the whole system on one machine. */
export function registerDemo(program: Command, out: (line: string) => void = (l) => process.stdout.write(l + '\n'), err: (line: string) => void = (l) => process.stderr.write(l + '\n')): void {
  program
    .command('demo')
    .description('four providers with a population calibrated to the 2012 report, crawled by the census, with the report written and served')
    .option('--port <port>', 'port of the first provider; the others take the next three', '3000')
    .option('--data <dir>', 'where the demo keeps its databases and reports', './data/demo')
    .option('--fresh', 'rebuild the population even if a previous run left one')
    .option('--no-serve', 'stop once the report is written')
    .action(async (o: { port: string; data: string; fresh?: boolean; serve: boolean }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 1 || port > 65532) throw new CliError(`--port: must be a port from 1 to 65532 (got ${JSON.stringify(o.port)})`, 2);
      const run = await runDemo({ port, dataDir: o.data, fresh: o.fresh === true, serve: o.serve }, { out, err, tty: process.stderr.isTTY === true });
      if (!o.serve) {
        await run.stop();
        return;
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await run.stop();
    });
}
