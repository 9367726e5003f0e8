import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getPoll } from '../../../polls/get-poll.js';
import { presentPollFor } from '../../../polls/polls.presenter.js';
import { votePoll } from '../../../polls/vote-poll.js';
import { formInt, idParams } from '../../forms.js';
import { parseId } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { PollSchema, errorResponses } from '../../schemas/index.js';


/** `choices[]` as forms and JSON send it: option indexes. */
const voteBody = z.object({ choices: z.preprocess((v) => (typeof v === 'string' || typeof v === 'number' ? [v] : v), z.array(formInt(0, 1000)).min(1).max(20)) });

/** Polls: read one, vote in one (Mastodon's /api/v1/polls). */
export async function pollRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/polls/:id', { schema: { params: idParams, tags: ['polls'], summary: 'A poll whose status the reader may see', response: { 200: PollSchema, ...errorResponses } } }, async (req) => {
    const viewer = req.actor?.account ?? null;
    const { poll } = await getPoll(ctx, viewer, parseId(req.params.id));
    return presentPollFor(ctx, viewer, poll);
  });

  app.post(
    '/api/v1/polls/:id/votes',
    { config: { auth: { scope: 'write:statuses' } }, schema: { params: idParams, body: voteBody, tags: ['polls'], summary: 'Vote in a poll', response: { 200: PollSchema, ...errorResponses } } },
    async (req) => {
      const caller = signedIn(req);
      const poll = await votePoll(ctx, caller, parseId(req.params.id), req.body.choices);
      return presentPollFor(ctx, caller.account, poll);
    },
  );
}
