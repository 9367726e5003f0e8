// Runs the CLI from sources in development: `npx tsx src/cli/run.ts …`.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
