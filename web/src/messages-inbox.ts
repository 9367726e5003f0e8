/**
 * The strings of the press officer's request inbox (filters, search, due
 * times, assignment) and of the request-step notifications, in both
 * languages; i18n.ts spreads them into its dictionary.
 */
export const INBOX_MESSAGES = {
  'inbox.filters': ['筛选', 'Filters'],
  'inbox.state': ['状态', 'State'],
  'inbox.stateAll': ['全部', 'All'],
  'inbox.stateOpen': ['未办结', 'Open'],
  'inbox.assignee': ['经办人', 'Assignee'],
  'inbox.assigneeAll': ['全部', 'Anyone'],
  'inbox.unassigned': ['未分派', 'Unassigned'],
  'inbox.organSelf': ['{name}（机构账号）', '{name} (the organ account)'],
  'inbox.overdueOnly': ['只看已逾期', 'Overdue only'],
  'inbox.search': ['搜索请求内容', 'Search requests'],
  'inbox.searchButton': ['搜索', 'Search'],
  'inbox.sort': ['排序', 'Sort'],
  'inbox.sortNewest': ['最新提交', 'Newest'],
  'inbox.sortDue': ['最早到期', 'Soonest due'],
  'inbox.clear': ['清除筛选', 'Clear filters'],
  'inbox.none': ['没有符合条件的服务请求。', 'No requests match.'],
  'request.due': ['办理时限', 'Due'],
  'request.dueAt': ['{time} 前办结', 'due {time}'],
  'request.overdue': ['已逾期', 'Overdue'],
  'request.dueSoon': ['即将到期', 'Due soon'],
  'request.assignee': ['经办人', 'Assignee'],
  'request.assignedTo': ['经办人：{name}', 'Assigned to {name}'],
  'request.unassigned': ['未分派', 'Unassigned'],
  'request.assign': ['分派', 'Assign'],
  'request.unassign': ['取消分派', 'Unassign'],
  'request.assignTo': ['分派给', 'Assign to'],
  'event.by': ['经办人：{name}', 'by {name}'],
  'event.byOrgan': ['{name}', '{name}'],
  'notif.gov.request_update.accepted': ['{name} 已受理你的服务请求', '{name} accepted your service request'],
  'notif.gov.request_update.responded': ['{name} 答复了你的服务请求', '{name} responded to your service request'],
  'notif.gov.request_update.resolved': ['{name} 已办结你的服务请求', '{name} resolved your service request'],
  'notif.gov.request_update.rated': ['{name} 评价了服务请求的办理', '{name} rated the handling of a service request'],
} as const;
