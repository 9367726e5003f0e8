import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../app/errors.js';
import { secretDigest } from '../app/secrets.js';
import type { Executor } from '../db/database.js';
import { type AppRow, findAppByClientId } from './oauth.repository.js';

/** Authenticates a client by id and secret; one error for both so ids cannot be probed. */
export async function authenticateClient(db: Executor, clientId: string | undefined, clientSecret: string | undefined): Promise<AppRow> {
  if (!clientId || !clientSecret) throw new AppError('invalid_client');
  const app = await findAppByClientId(db, clientId);
  const given = Buffer.from(secretDigest(clientSecret));
  if (!app || !timingSafeEqual(given, Buffer.from(app.client_secret_hash))) throw new AppError('invalid_client');
  return app;
}
