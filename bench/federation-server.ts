/**
 * A provider process for bench/federation.ts: `serve` over a bench database
 * with federation on and loopback peers allowed, its background work
 * running. Prints `listening` once it answers.
 *
 *   node --import tsx bench/federation-server.ts DB SCHEMA|- PORT check|skip [jobs|nojobs]
 *
 * `skip` turns off the HTTP-signature check (Fedify's skipSignatureVerification),
 * to measure what the check costs; nothing else does. `nojobs` leaves the
 * background work to another process (as `govblog worker` would): the
 * inbox only takes activities and queues them.
 */
import { createContext } from '../src/app/context.js';
import { federationOf } from '../src/federation/federation.js';
import { buildApp } from '../src/http/app.js';
import { startBackgroundWork } from '../src/jobs/background.js';
import { providerConfig } from './bench-db.js';

const [db, schema, portText, mode, jobs] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const port = Number(portText);
const config = providerConfig(db, port);
const url = config.publicUrl;
const ctx = await createContext(config, schema !== '-' ? { schema } : {});
federationOf(ctx, { skipSignatureVerification: mode === 'skip' });
const app = await buildApp(ctx);
// POSTs to the inboxes, counted for the benchmark (shared: /inbox; personal: /users/{name}/inbox); printed on SIGUSR2.
const inboxPosts = { shared: 0, personal: 0 };
app.addHook('onRequest', async (req) => {
  if (req.method !== 'POST') return;
  const path = req.url.split('?')[0];
  if (path === '/inbox') inboxPosts.shared++;
  else if (path?.endsWith('/inbox')) inboxPosts.personal++;
});
process.on('SIGUSR2', () => process.stdout.write(`inbox-posts ${JSON.stringify(inboxPosts)}\n`));
const background = jobs === 'nojobs' ? { stop: async () => {} } : startBackgroundWork(ctx);
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`listening on ${url}\n`);
process.once('SIGTERM', () => {
  void (async () => {
    await app.close();
    await background.stop();
    await ctx.close();
    process.exit(0);
  })();
});
