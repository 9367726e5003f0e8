import type { AccountRow } from '../accounts/accounts.repository.js';
import { authorize } from '../app/authorize.js';
import { mayManageSignUpBlocks } from './sign-up-blocks.policy.js';

/** The admin acting on sign-up blocks (the route has checked the token's scope). */
export interface BlockAdmin {
  account: AccountRow;
  /** The address the request came from, as the server sees it (`req.ip`). */
  ip: string;
}

export function authorizeBlockAdmin(caller: BlockAdmin): void {
  authorize(mayManageSignUpBlocks(caller.account), 'Only admins manage sign-up blocks');
}
