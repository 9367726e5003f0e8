/**
 * Who may do what around blocks and mutes: pure predicates over the facts
 * the use cases load (Mastodon's FollowService#following_not_allowed?,
 * StatusPolicy#show?/#favourite?/#reblog?, the reply check of
 * Api::V1::StatusesController#create).
 */

/** The facts between an actor and another account (the author of a status, the target of a follow). */
export interface BlockFacts {
  /** The actor blocks the other account. */
  actorBlocks: boolean;
  /** The other account blocks the actor. */
  blocksActor: boolean;
}

/** Blocking or muting oneself does nothing (Mastodon's BlockService and MuteService return at once): the relationship comes back unchanged. */
export function mayBlockOrMute(actorId: number, targetId: number): boolean {
  return actorId !== targetId;
}

/** Neither side of a block may follow the other (Mastodon: 403). */
export function mayFollowAcross(f: BlockFacts): boolean {
  return !f.actorBlocks && !f.blocksActor;
}

/** A status by an author who blocks the viewer does not exist for them (404): not shown, not replied to, not favourited, not reblogged. */
export function maySeeAuthorsStatuses(f: Pick<BlockFacts, 'blocksActor'>): boolean {
  return !f.blocksActor;
}

/** The actor may favourite or reblog a status it may see unless it blocks the author (Mastodon's `blocking_author?`: 403). */
export function mayInteractWith(f: BlockFacts): boolean {
  return !f.actorBlocks && !f.blocksActor;
}

/**
 * A service request (政务服务请求, src/requests) passes through every block
 * by design: an organ cannot block a citizen out of public service, nor a
 * citizen's block silence the organ's answer to their own request.
 */
export function blocksApplyToServiceRequests(): false {
  return false;
}
