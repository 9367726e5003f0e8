import { describe, expect, it } from 'vitest';
import { blocksApplyToServiceRequests, mayBlockOrMute, mayFollowAcross, mayInteractWith, maySeeAuthorsStatuses } from './blocks.policy.js';

const none = { actorBlocks: false, blocksActor: false };
const blocks = { actorBlocks: true, blocksActor: false };
const blocked = { actorBlocks: false, blocksActor: true };

describe('blocks policy: who may not', () => {
  it('nobody blocks or mutes themselves', () => {
    expect(mayBlockOrMute(1, 1)).toBe(false);
    expect(mayBlockOrMute(1, 2)).toBe(true);
  });

  it('neither side of a block may follow the other', () => {
    expect(mayFollowAcross(blocks)).toBe(false);
    expect(mayFollowAcross(blocked)).toBe(false);
    expect(mayFollowAcross(none)).toBe(true);
  });

  it('a blocked account does not see the blocker’s statuses; the blocker sees the blocked one’s', () => {
    expect(maySeeAuthorsStatuses(blocked)).toBe(false);
    expect(maySeeAuthorsStatuses(blocks)).toBe(true);
    expect(maySeeAuthorsStatuses(none)).toBe(true);
  });

  it('neither favourites nor reblogs across a block', () => {
    expect(mayInteractWith(blocks)).toBe(false);
    expect(mayInteractWith(blocked)).toBe(false);
    expect(mayInteractWith(none)).toBe(true);
  });

  it('service requests pass through blocks by design', () => {
    expect(blocksApplyToServiceRequests()).toBe(false);
  });
});
