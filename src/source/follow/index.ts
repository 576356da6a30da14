export { Follower } from './follower.js';
export { defaultLogName } from './types.js';
export type {
  FollowCursor,
  FollowEvent,
  FollowFrom,
  FollowItem,
  FollowOptions,
  FollowProblem,
} from './types.js';
