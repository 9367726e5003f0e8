/**
 * The strings of the people's pages (explore: trends and suggested organs;
 * follower and following lists; direct messages), in both languages;
 * i18n.ts spreads them into its dictionary.
 */
export const PEOPLE_MESSAGES = {
  'nav.explore': ['发现', 'Explore'],
  'nav.conversations': ['私信', 'Messages'],
  'nav.tabs': ['快捷导航', 'Quick navigation'],
  'nav.me': ['我', 'Me'],

  'explore.title': ['发现', 'Explore'],
  'explore.tags': ['热门话题', 'Trending tags'],
  'explore.statuses': ['热门微博', 'Trending posts'],
  'explore.suggestions': ['推荐关注', 'Suggested accounts'],
  'explore.suggestionsHint': ['本地的政务机构和官员，以及关注最多的账号', 'Organs and officials near you, and the most followed accounts'],
  'explore.tagUses': ['近一周 {accounts, number} 人讨论，{uses, number} 条微博', '{accounts, plural, one {# person} other {# people}}, {uses, plural, one {# post} other {# posts}} this week'],
  'explore.noTags': ['暂无热门话题。', 'No trending tags yet.'],
  'explore.noSuggestions': ['暂无推荐。', 'No suggestions.'],
  'explore.signinForSuggestions': ['登录后查看推荐关注。', 'Sign in to see suggested accounts.'],
  'explore.dismiss': ['不再推荐', 'Dismiss'],
  'explore.dismissLabel': ['不再推荐 {name}', 'Stop suggesting {name}'],

  'follows.followersOf': ['{name} 的粉丝', 'Followers of {name}'],
  'follows.followingOf': ['{name} 关注的账号', 'Accounts {name} follows'],
  'follows.noFollowers': ['还没有粉丝。', 'No followers yet.'],
  'follows.noFollowing': ['还没有关注任何账号。', 'Follows no one yet.'],
  'follows.hidden': ['该账号不公开此列表。', 'This account hides this list.'],

  'unread.count': ['{count, number} 条未读', '{count, number} unread'],

  'conversations.title': ['私信', 'Direct messages'],
  'conversations.none': ['还没有私信。给某人发私信：撰写时把可见范围选为「私信」，并 @ 对方。', 'No direct messages yet. To write one, choose “Direct” visibility and mention the person.'],
  'conversations.with': ['与 {names} 的对话', 'Conversation with {names}'],
  'conversations.unread': ['未读', 'Unread'],
  'conversations.markRead': ['标为已读', 'Mark as read'],
  'conversations.open': ['查看对话', 'Open conversation'],
  'conversations.remove': ['删除对话', 'Remove conversation'],
} as const satisfies Record<string, readonly [string, string]>;
