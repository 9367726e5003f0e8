/**
 * Mastodon's FollowLimitValidator (MAX_FOLLOWS_THRESHOLD, MAX_FOLLOWS_RATIO):
 * anyone may follow up to 7,500 accounts; beyond that, up to 1.1 times as many
 * accounts as follow them, so that mass-following accounts are held back and
 * popular ones are not.
 */
export const FOLLOW_LIMIT = 7_500;
export const FOLLOW_RATIO = 1.1;

/** How many accounts an account with these counts may follow. */
export function followLimitFor(following: number, followers: number): number {
  return following < FOLLOW_LIMIT ? FOLLOW_LIMIT : Math.floor(followers * FOLLOW_RATIO);
}

/** Whether one more follow (or follow request) stays within the limit. */
export function mayFollowMore(following: number, followers: number): boolean {
  return following < followLimitFor(following, followers);
}

/** A follow of a locked account waits for its decision; an open account is followed at once. */
export function followNeedsApproval(target: { locked: number; domain?: string | null | undefined }): boolean {
  // Another server's account is followed once its server accepts (an Accept activity), as Mastodon: until then, a request.
  return target.locked === 1 || (target.domain !== undefined && target.domain !== null);
}
