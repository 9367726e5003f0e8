/**
 * The strings of verification names, decisions and their undo (issue 15):
 * the applicant's form and notifications, the reviewer's card; in both
 * languages. i18n.ts spreads them into its dictionary.
 */
export const VERIFY_MESSAGES = {
  'verify.accountName': ['希望使用的账号名称（可选）', 'Account name you would like (optional)'],
  'verify.accountNameHint': [
    '认证通过后显示的名称，例如机构全称“济南市公安局”，或简称“济南公安”；由审核员最终确定。认证后如需更名，须重新申请。',
    'The name shown once verified, e.g. the full 济南市公安局 or the shorter 济南公安; the reviewer decides. A verified name changes only by a new application.',
  ],
  'verify.rejectedTitle': ['上次申请未通过', 'Your last application was rejected'],
  'verify.prefilled': ['下方表格已填入上次提交的内容，请按审核意见修改后重新提交。', 'The form below holds what you sent last time: amend it as the reviewer asks and send it again.'],
  'verify.reapply': ['重新申请（更改认证信息或账号名称）', 'Apply again (to change the verification or the account name)'],
  'verify.displayName': ['认证名称', 'Verified name'],
  'profile.verifiedNameHint': ['认证账号的名称由审核员在通过认证时确定；如需更改，请在“认证申请”页重新申请。', 'A verified account’s name is set by the reviewer on approval; to change it, apply again on the verification page.'],

  'review.division': ['{code} {name}', '{code} {name}'],
  'review.divisionWithin': ['{code} {name}（{within}）', '{code} {name} ({within})'],
  'review.accountName': ['申请的账号名称', 'Account name applied for'],
  'review.displayName': ['认证后显示的名称', 'Name shown once verified'],
  'review.displayName.organ': ['机构全称：{name}', 'Organ name: {name}'],
  'review.displayName.account': ['申请的账号名称：{name}', 'Account name applied for: {name}'],
  'review.displayName.current': ['保留现有昵称：{name}', 'Keep the current name: {name}'],
  'review.displayName.edited': ['自行填写', 'Write another'],
  'review.displayName.editedLabel': ['认证名称（1–30 字）', 'Verified name (1–30 characters)'],
  'review.duplicate.organ_name': ['注意：机构名称“{value}”已认证在另一账号 {account} 上。', 'Warning: the organ name “{value}” is already verified on another account, {account}.'],
  'review.duplicate.credit_code': ['注意：统一社会信用代码 {value} 已认证在另一账号 {account} 上。', 'Warning: the credit code {value} is already verified on another account, {account}.'],
  'review.undo': ['撤回本次决定', 'Undo this decision'],
  'review.undoUntil': ['{time} 前可撤回', 'Can be undone until {time}'],
  'review.undone': ['已撤回，申请恢复为待审核', 'Undone: the application is pending again'],

  'notif.gov.verification_decision': ['你的认证申请已有审核结果', 'Your verification application was decided'],
  'notif.verification.approved': ['你的认证申请“{organ}”已通过。', 'Your application for “{organ}” was approved.'],
  'notif.verification.approvedName': ['你的认证申请“{organ}”已通过，账号名称为“{name}”。', 'Your application for “{organ}” was approved; the account is now named “{name}”.'],
  'notif.verification.rejected': ['你的认证申请“{organ}”未通过。', 'Your application for “{organ}” was rejected.'],
  'notif.verification.revoked': ['你的账号认证“{organ}”已被撤销。', 'Your verification as “{organ}” was revoked.'],
  'notif.verification.pending': ['你的认证申请“{organ}”已恢复为待审核。', 'Your application for “{organ}” is pending again.'],
  'notif.verification.reason': ['审核意见：{reason}', 'Reviewer’s reason: {reason}'],
  'notif.verification.open': ['查看认证申请', 'Open the application'],
} as const satisfies Record<string, readonly [string, string]>;
