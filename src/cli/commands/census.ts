import type { Command } from 'commander';
import { registerCensusCrawl } from './census-crawl.js';
import { registerCensusReport } from './census-report.js';

/** `govblog census crawl|report`: the census's two steps. */
export function registerCensus(program: Command, outBytes?: (bytes: Uint8Array) => void): void {
  const census = program.command('census').description('crawl providers and write the annual report');
  registerCensusCrawl(census);
  registerCensusReport(census, outBytes);
}
