import { IntlMessageFormat } from 'intl-messageformat';
import { createContext, useContext } from 'react';
import { PROVINCES } from '../../src/domain/taxonomy';
import { DAILY_MESSAGES } from './messages-daily';
import { PEOPLE_MESSAGES } from './messages-people';
import { INBOX_MESSAGES } from './messages-inbox';
import { VERIFY_MESSAGES } from './messages-verify';

/** The UI's languages: Simplified Chinese first (the default), English second. */
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const LANG_KEY = 'govblog.lang';

/** Every UI string in both languages; `{name}` marks a parameter. */
const D = {
  'app.name': ['政务微博', 'govblog'],
  'app.tagline': ['政务信息发布与公共服务平台', 'Government information and public service'],
  'nav.main': ['主导航', 'Main navigation'],
  'nav.home': ['首页', 'Home'],
  'nav.public': ['广场', 'Public'],
  'nav.notifications': ['通知', 'Notifications'],
  'nav.requests': ['服务请求', 'Service requests'],
  'nav.verify': ['认证申请', 'Verification'],
  'nav.review': ['认证审核', 'Review queue'],
  'nav.census': ['普查报告', 'Census'],
  'nav.profile': ['我的主页', 'My profile'],
  'nav.signin': ['登录', 'Sign in'],
  'nav.signup': ['注册', 'Sign up'],
  'nav.signout': ['退出', 'Sign out'],
  'nav.skip': ['跳到正文', 'Skip to content'],
  'search.label': ['搜索账号、话题和微博', 'Search accounts, hashtags and posts'],
  'search.placeholder': ['搜索：如“发布”“公安”', 'Search: e.g. 发布, 公安'],
  'search.submit': ['搜索', 'Search'],
  'search.suggestions': ['账号建议', 'Suggested accounts'],
  'search.title': ['搜索', 'Search'],
  'search.titleFor': ['“{q}”的搜索结果', 'Results for “{q}”'],
  'search.hint': ['输入两个或更多汉字，即可按名称、账号或认证信息查找；认证政务账号优先。输入 @账号@服务器 或个人主页链接，可找到并关注其他服务器上的账号。', 'Type two or more characters to find accounts by name, handle or verification text; verified government accounts first. Type @name@server or a profile link to find and follow an account on another server.'],
  'search.accounts': ['账号', 'Accounts'],
  'search.hashtags': ['话题', 'Hashtags'],
  'search.statuses': ['微博', 'Posts'],
  'search.none': ['没有找到结果', 'Nothing found'],
  'search.statusesSignIn': ['登录后可搜索微博内容', 'Sign in to search posts'],
  'lang.switch': ['English', '中文'],
  'lang.label': ['切换到英文', 'Switch to Chinese'],
  'common.loading': ['加载中…', 'Loading…'],
  'common.loadMore': ['加载更多', 'Load more'],
  'common.end': ['没有更多了', 'No more'],
  'common.empty': ['暂无内容', 'Nothing here yet'],
  'common.error': ['出错了', 'Something went wrong'],
  'common.submit': ['提交', 'Submit'],
  'common.cancel': ['取消', 'Cancel'],
  'common.save': ['保存', 'Save'],
  'common.none': ['无', 'None'],
  'common.national': ['全国', 'National'],
  'common.signinNeeded': ['请先登录。', 'Please sign in first.'],
  'common.notFound': ['页面不存在。', 'No such page.'],
  'common.back': ['返回', 'Back'],
  'common.retry': ['重试', 'Retry'],

  'home.title': ['首页时间线', 'Home timeline'],
  'home.welcome': ['欢迎来到政务微博', 'Welcome to govblog'],
  'home.intro': [
    '政府机构和公职人员在此发布信息、回应关切、办理群众诉求。登录后可关注机构、发起服务请求。',
    'Government organs and officials publish here, answer questions and handle requests from citizens. Sign in to follow organs and send service requests.',
  ],
  'public.title': ['广场', 'Public timeline'],
  'tag.follow': ['关注话题', 'Follow hashtag'],
  'tag.unfollow': ['取消关注话题', 'Unfollow hashtag'],
  'tag.posts': ['{tag} 的微博', 'Posts with {tag}'],

  'signin.title': ['登录', 'Sign in'],
  'signin.explain': ['你将跳转到本站的授权页面输入用户名和密码，随后返回这里。', 'You will enter your username and password on the provider’s authorization page, then come back here.'],
  'signin.button': ['前往登录', 'Continue to sign in'],
  'signin.noAccount': ['还没有账号？', 'No account yet?'],
  'callback.working': ['正在完成登录…', 'Finishing sign-in…'],
  'callback.badState': ['登录请求已失效，请重新登录。', 'The sign-in request has expired; please sign in again.'],
  'callback.denied': ['授权未完成：{error}', 'Authorization was not completed: {error}'],

  'signup.title': ['注册账号', 'Create an account'],
  'signup.username': ['用户名', 'Username'],
  'signup.usernameHint': ['字母、数字和下划线，至多 {max} 个字符', 'Letters, digits and underscores, at most {max} characters'],
  'signup.email': ['电子邮箱', 'E-mail'],
  'signup.password': ['密码', 'Password'],
  'signup.passwordHint': ['至少 {min} 个字符', 'At least {min} characters'],
  'signup.agreement': ['我已阅读并同意服务条款', 'I have read and agree to the terms of service'],
  'signup.submit': ['注册', 'Sign up'],
  'signup.haveAccount': ['已有账号？', 'Already have an account?'],

  'compose.label': ['发布微博', 'Write a post'],
  'compose.placeholder': ['分享新鲜事…', 'What’s happening?'],
  'compose.replyPlaceholder': ['写下你的回复…', 'Write your reply…'],
  'compose.counter': ['还可输入 {n} 字', '{n, plural, one {# character left} other {# characters left}}'],
  'compose.over': ['已超出 {n} 字', '{n, plural, one {# character over} other {# characters over}}'],
  'compose.visibility': ['可见范围', 'Visibility'],
  'compose.cwButton': ['内容提示', 'CW'],
  'compose.spoiler': ['内容提示（可选）', 'Content warning (optional)'],
  'compose.submit': ['发布', 'Post'],
  'compose.reply': ['回复', 'Reply'],
  'compose.posted': ['已发布', 'Posted'],
  'compose.replyingTo': ['回复 @{name}', 'Replying to @{name}'],
  'compose.addImages': ['添加图片', 'Add images'],
  'compose.imagesHint': ['最多 {n} 张图片（JPEG、PNG、WebP、GIF）', 'Up to {n, plural, one {# image} other {# images}} (JPEG, PNG, WebP, GIF)'],
  'compose.uploading': ['上传中…', 'Uploading…'],
  'compose.altText': ['图片描述（供视障用户使用）', 'Image description (alt text)'],
  'compose.removeImage': ['移除图片', 'Remove image'],
  'compose.sensitive': ['标记为敏感内容', 'Mark media as sensitive'],
  'status.media': ['图片', 'Images'],
  'status.sensitiveMedia': ['敏感内容，点击显示', 'Sensitive media: show'],
  'profile.avatar': ['头像', 'Avatar'],
  'profile.header': ['封面图', 'Header image'],
  'visibility.public': ['公开', 'Public'],
  'visibility.unlisted': ['不在广场显示', 'Unlisted'],
  'visibility.private': ['仅关注者', 'Followers only'],
  'visibility.direct': ['仅提及的人', 'Mentioned people only'],

  'status.reply': ['回复', 'Reply'],
  'status.replies': ['{n, number} 条回复', '{n, plural, one {# reply} other {# replies}}'],
  'status.favourite': ['赞', 'Favourite'],
  'status.unfavourite': ['取消赞', 'Unfavourite'],
  'status.reblog': ['转发', 'Boost'],
  'status.unreblog': ['取消转发', 'Undo boost'],
  'status.rebloggedBy': ['{name} 转发了', '{name} boosted'],
  'status.thread': ['微博详情', 'Post'],
  'status.fromServer': ['来自 {host}', 'from {host}'],
  'status.remoteOriginal': ['这条微博发布于 {host}。', 'This post was published on {host}.'],
  'status.openOriginal': ['查看原文', 'Open the original'],
  'status.showContent': ['显示内容', 'Show content'],
  'status.actions': ['操作', 'Actions'],
  'status.delete': ['删除', 'Delete'],

  'badge.institutional': ['机构认证', 'Verified organ'],
  'badge.individual': ['个人认证', 'Verified official'],
  'gov.title': ['政务信息', 'Government profile'],
  'gov.verification': ['认证信息', 'Verification'],
  'gov.kind': ['类别', 'Kind'],
  'gov.organName': ['所属机构', 'Organ'],
  'gov.organ': ['机构系统', 'Organ kind'],
  'gov.level': ['行政级别', 'Level'],
  'gov.rank': ['职级', 'Rank'],
  'gov.position': ['职务', 'Post'],
  'gov.province': ['地区', 'Region'],
  'gov.publicSecurity': ['公安系统', 'Public security'],
  'gov.verifiedAt': ['认证时间', 'Verified on'],
  'gov.verifiedBy': ['认证平台', 'Verified by'],
  'yes': ['是', 'Yes'],
  'no': ['否', 'No'],

  'profile.posts': ['微博', 'Posts'],
  'profile.homeServer': ['此账号在 {host}，经联邦互通可在此关注、回复。', 'This account lives on {host}; through federation you can follow and reply to it here.'],
  'profile.openAtHome': ['在其服务器上查看', 'View on its server'],
  'profile.postsHeld': ['共 {total} 条微博，此处显示其中 {shown} 条（其余是本站未保存的历史微博，或不对你公开）。', '{total} posts in all; {shown} of them show here (the rest are history this server does not keep, or not visible to you).'],
  'profile.remotePosts': ['这里只显示已传到本站的微博，更早的微博在 {host}。', 'Only posts that reached this server show here; older ones are on {host}.'],
  'profile.followers': ['粉丝', 'Followers'],
  'profile.following': ['关注', 'Following'],
  'profile.follow': ['关注', 'Follow'],
  'profile.unfollow': ['取消关注', 'Unfollow'],
  'profile.requested': ['已申请关注', 'Requested'],
  'profile.requestedHint': ['该账号需批准关注；再次点击可撤回申请', 'This account approves its followers; click again to withdraw the request'],
  'profile.followsYou': ['关注了你', 'Follows you'],
  'profile.sendRequest': ['发起服务请求', 'Send a service request'],
  'profile.serviceRecord': ['服务记录', 'Service record'],
  'profile.analytics': ['数据分析', 'Analytics'],
  'profile.operators': ['运营人员', 'Operators'],
  'profile.actAs': ['以该机构身份操作', 'Act as this organ'],
  'profile.notFound': ['找不到该账号。', 'No such account.'],
  'profile.edit': ['编辑资料', 'Edit profile'],
  'profile.displayName': ['名称', 'Display name'],
  'profile.note': ['简介', 'Bio'],

  'actingAs': ['正在以 {organ} 的身份操作', 'Acting as {organ}'],
  'actingAs.return': ['返回我的账号', 'Back to my account'],

  'verify.title': ['认证申请', 'Apply for verification'],
  'verify.intro': [
    '政府机构与公职人员可申请认证。审核通过后，账号将显示认证标识和政务信息，并纳入年度普查。',
    'Government organs and officials may apply. Once a reviewer approves, the account shows its badge and government profile and is counted by the census.',
  ],
  'verify.mine': ['我的申请', 'My applications'],
  'verify.kind': ['申请类别', 'Applying as'],
  'verify.kind.institutional': ['机构（党政机关、人大、政协、法院、检察院、事业单位等）', 'An organ (Party, government, congress, CPPCC, court, procuratorate, institution…)'],
  'verify.kind.individual': ['个人（公职人员）', 'An official or staff member'],
  'verify.organName': ['机构全称', 'Full name of the organ'],
  'verify.organ': ['机构系统', 'Organ kind'],
  'verify.publicSecurity': ['属于公安系统', 'Part of the public security system'],
  'verify.level': ['行政级别', 'Administrative level'],
  'verify.regionCode': ['行政区划代码', 'Division code (GB/T 2260)'],
  'verify.regionHint': ['六位数字，例如 110000（北京市）、430104（岳麓区）；中央机关可留空', 'Six digits, e.g. 110000 (Beijing), 430104 (Yuelu); blank for national organs'],
  'verify.creditCode': ['统一社会信用代码', 'Unified social credit code'],
  'verify.creditHint': ['18 位，末位校验码按 GB 32100-2015 校验', '18 characters; the check character is verified (GB 32100-2015)'],
  'verify.position': ['职务', 'Post'],
  'verify.rank': ['职级', 'Rank band'],
  'verify.organAccount': ['所在机构的账号（可选，用户名）', 'Your organ’s account (optional, username)'],
  'verify.organAccountHint': ['填写后该机构可为你的申请作证', 'The organ can then vouch for your application'],
  'verify.verification': ['认证信息（将公开显示）', 'Verification text (shown publicly)'],
  'verify.evidence': ['证明材料', 'Evidence'],
  'verify.evidenceHint': ['公函文号、证明说明或链接', 'Reference of the official letter, a statement or a link'],
  'verify.evidenceFiles': ['证明文件（扫描件，可选）', 'Evidence files (scans, optional)'],
  'verify.evidenceFilesHint': [
    '公函或证书的扫描件：JPEG、PNG、WebP 图片或 PDF，最多 {count} 个，每个不超过 {mb} MB。文件仅审核人员可见。',
    'Scans of the official letter or certificate: JPEG, PNG or WebP images or PDF, at most {count} files of {mb} MB each. Only reviewers see them.',
  ],
  'verify.evidencePicked': ['已选的证明文件', 'Chosen evidence files'],
  'verify.evidenceRemove': ['移除“{name}”', 'Remove “{name}”'],
  'verify.evidenceRemoveShort': ['移除', 'Remove'],
  'verify.evidenceSent': ['证明文件', 'Evidence files'],
  'verify.evidenceKept': ['沿用上次申请的文件', 'from the earlier application'],
  'verify.evidenceRefused': ['“{name}”：{problem}', '“{name}”: {problem}'],
  'verify.uploading': ['正在上传证明文件（{done}/{count}）…', 'Uploading evidence files ({done}/{count})…'],
  'verify.submit': ['提交申请', 'Submit application'],
  'verify.submitted': ['申请已提交，等待审核。', 'Application submitted; a reviewer will decide.'],
  'verify.verified': ['你的账号已通过认证。', 'Your account is verified.'],
  'verify.choose': ['请选择', 'Choose'],
  'verify.organUnknown': ['找不到该机构账号', 'No account by that name'],
  'state.pending': ['待审核', 'Pending'],
  'state.approved': ['已通过', 'Approved'],
  'state.rejected': ['未通过', 'Rejected'],
  'state.revoked': ['已撤销', 'Revoked'],
  'verify.reason': ['审核意见', 'Reviewer’s reason'],

  'review.title': ['认证审核', 'Verification review'],
  'review.state': ['状态', 'State'],
  'review.empty': ['没有待审核的申请。', 'No applications in this state.'],
  'review.applicant': ['申请账号', 'Applicant'],
  'review.flag.display_name_invisible_characters': ['注意：申请账号的昵称含有不可见字符或文字方向控制字符，显示的名称可能与实际不符。', 'Warning: the applicant\'s display name contains invisible or text-direction control characters; the name shown may not be what it reads as.'],
  'review.needsAdminScopes': ['审核需要管理权限（admin:read、admin:write）。请退出后重新登录以授予。', 'Reviewing needs the admin scopes (admin:read, admin:write). Sign out and sign in again to grant them.'],
  'review.evidence': ['证明材料', 'Evidence'],
  'review.evidenceFiles': ['证明文件', 'Evidence files'],
  'review.evidenceNone': ['申请人未上传证明文件。', 'The applicant uploaded no evidence files.'],
  'review.evidenceDownload': ['下载 PDF：{name}', 'Download PDF: {name}'],
  'review.evidenceOpen': ['查看原图：{name}', 'Open the full image: {name}'],
  'review.evidenceLoading': ['正在载入“{name}”…', 'Loading “{name}”…'],
  'review.evidenceFailed': ['“{name}”载入失败', 'Could not load “{name}”'],
  'review.vouches': ['机构作证', 'Vouched for by'],
  'review.noVouches': ['暂无机构作证', 'No organ has vouched'],
  'review.vouchBy': ['机构账号 {organ}', 'Organ account {organ}'],
  'review.vouchOperator': ['（经办人 {op}）', '(by operator {op})'],
  'review.reason': ['审核意见（驳回、撤销时必填）', 'Reason (required to reject or revoke)'],
  'review.approve': ['通过', 'Approve'],
  'review.reject': ['驳回', 'Reject'],
  'review.revoke': ['撤销认证', 'Revoke'],
  'review.decided': ['已处理：{state}', 'Decided: {state}'],
  'review.forbidden': ['仅审核员可访问此页面。', 'Only reviewers may open this page.'],
  'review.submittedAt': ['提交于 ', 'Submitted '],

  'operators.title': ['{name} 的运营人员', 'Operators of {name}'],
  'operators.explain': ['运营人员可以代表机构发布微博、办理服务请求，所有操作均记入审计日志。', 'Operators post and handle requests for the organ; every act is kept in the audit log.'],
  'operators.add': ['添加运营人员', 'Add an operator'],
  'operators.username': ['运营人员用户名', 'Operator’s username'],
  'operators.addButton': ['添加', 'Add'],
  'operators.remove': ['移除', 'Remove'],
  'operators.empty': ['还没有运营人员。', 'No operators yet.'],
  'operators.since': ['添加于', 'added'],
  'operators.vouch': ['待作证的个人认证申请', 'Officials’ applications naming this organ'],
  'operators.vouchButton': ['为其作证', 'Vouch'],
  'operators.vouched': ['已作证', 'Vouched'],

  'request.new': ['发起服务请求', 'New service request'],
  'request.to': ['受理机构', 'To'],
  'request.category': ['类别', 'Category'],
  'request.text': ['请求内容', 'Your request'],
  'request.visibility': ['公开范围', 'Visibility'],
  'request.public': ['公开（在机构服务记录中展示）', 'Public (shown in the organ’s service record)'],
  'request.private': ['不公开（仅你和该机构可见）', 'Private (only you and the organ)'],
  'request.submit': ['提交请求', 'Submit request'],
  'request.notOrgan': ['只能向已认证的机构发起服务请求。', 'Requests go to verified organs only.'],
  'request.chooseOrgan': ['在机构主页点击“发起服务请求”。', 'Open an organ’s profile and choose “Send a service request”.'],
  'category.inquiry': ['咨询', 'Inquiry'],
  'category.complaint': ['投诉', 'Complaint'],
  'category.help': ['求助', 'Call for help'],
  'category.report': ['举报', 'Report'],
  'rstate.submitted': ['已提交', 'Submitted'],
  'rstate.accepted': ['已受理', 'Accepted'],
  'rstate.responded': ['已答复', 'Responded'],
  'rstate.resolved': ['已办结', 'Resolved'],
  'requests.title': ['服务请求', 'Service requests'],
  'requests.sent': ['我发起的', 'Sent'],
  'requests.received': ['收到的', 'Received'],
  'requests.box': ['列表', 'Box'],
  'requests.empty': ['暂无服务请求。', 'No requests.'],
  'request.title': ['服务请求 #{id}', 'Service request #{id}'],
  'request.from': ['提出人', 'From'],
  'request.history': ['办理过程', 'History'],
  'request.accept': ['受理', 'Accept'],
  'request.respond': ['答复', 'Respond'],
  'request.responseText': ['答复内容', 'Response'],
  'request.resolve': ['办结', 'Resolve'],
  'request.rate': ['评价', 'Rate'],
  'request.rateLabel': ['满意度评分（1–5）', 'Satisfaction (1–5)'],
  'request.rated': ['评分：{n} / 5', 'Rated {n} / 5'],
  'request.response': ['机构答复', 'The organ’s response'],
  'event.submit': ['提交请求', 'Submitted'],
  'event.accept': ['受理', 'Accepted'],
  'event.respond': ['答复', 'Responded'],
  'event.resolve': ['办结', 'Resolved'],
  'event.rate': ['评价', 'Rated'],

  'service.title': ['{name} 的服务记录', 'Service record of {name}'],
  'service.total': ['请求总数', 'Requests'],
  'service.responseRate': ['答复率', 'Response rate'],
  'service.median': ['首次答复中位时长', 'Median time to first response'],
  'service.hours': ['{n} 小时', '{n} h'],
  'service.rating': ['平均满意度', 'Average rating'],
  'service.ratings': ['{n, number} 条评价', '{n, plural, one {# rating} other {# ratings}}'],
  'service.public': ['公开的服务请求', 'Public requests'],
  'service.byState': ['各状态数量', 'By state'],

  'analytics.title': ['{name} 的数据分析', 'Analytics of {name}'],
  'analytics.from': ['开始日期', 'From'],
  'analytics.to': ['结束日期', 'To'],
  'analytics.apply': ['查询', 'Show'],
  'analytics.followers': ['粉丝数', 'Followers'],
  'analytics.followersChart': ['粉丝数变化', 'Followers over time'],
  'analytics.followersHow': ['曲线由当前粉丝数按本站记录的每日关注、取消关注倒推；本站之前的历史粉丝不含逐日变化，显示为平线。', 'Worked back from today’s count by the follows and unfollows this server recorded; an audience from before them has no daily history and shows as a flat line.'],
  'analytics.activityChart': ['每日互动', 'Activity per day'],
  'analytics.posts': ['发布', 'Posts'],
  'analytics.replies': ['收到回复', 'Replies received'],
  'analytics.favourites': ['收到的赞', 'Favourites received'],
  'analytics.reblogs': ['被转发', 'Boosts received'],
  'analytics.gained': ['新增粉丝', 'Followers gained'],
  'analytics.service': ['本期服务情况', 'Service in the period'],
  'analytics.serviceChart': ['服务请求状态', 'Requests by state'],

  'notifications.title': ['通知', 'Notifications'],
  'notif.mention': ['{name} 提到了你', '{name} mentioned you'],
  'notif.reply': ['{name} 回复了你', '{name} replied to you'],
  'notif.follow': ['{name} 关注了你', '{name} followed you'],
  'notif.follow_request': ['{name} 申请关注你', '{name} asked to follow you'],
  'notif.authorize': ['批准', 'Authorize'],
  'notif.reject': ['拒绝', 'Reject'],
  'notif.authorized': ['已批准', 'Authorized'],
  'notif.rejected': ['已拒绝', 'Rejected'],
  'notif.favourite': ['{name} 赞了你的微博', '{name} favourited your post'],
  'notif.reblog': ['{name} 转发了你的微博', '{name} boosted your post'],
  'notif.status': ['{name} 发布了微博', '{name} posted'],
  'notif.gov.request': ['{name} 向你发起了服务请求', '{name} sent you a service request'],
  'notif.gov.request_update': ['{name} 更新了服务请求', '{name} updated a service request'],
  'notif.gov.verification': ['{name} 为你的认证申请作证', '{name} vouched for your application'],
  'notif.other': ['{name}：{type}', '{name}: {type}'],
  'notif.open': ['查看请求', 'Open the request'],

  'census.title': ['政务微博普查报告', 'Census of government microblogs'],
  'census.cutoff': ['截至 {date}', 'As of {date}'],
  'census.total': ['政务微博总数', 'Government accounts'],
  'census.institutional': ['机构微博', 'Organs'],
  'census.individual': ['公职人员微博', 'Officials'],
  'census.growth': ['较上年增长', 'Growth on last year'],
  'census.growthText': ['增长 {pct}（上年 {prev}，截至 {date}）', 'up {pct} (from {prev} as of {date})'],
  'census.noPrevious': ['无上年数据', 'No previous census'],
  'census.publicSecurity': ['公安系统 {n}', 'Police {n}'],
  'census.grassroots': ['县处级及以下 {n}', 'Division level and below {n}'],
  'census.leaders': ['省部级 {n}', 'Ministerial {n}'],
  'census.times': ['{n} 倍', '{n}×'],
  'census.ratio': ['总量为上年的 {n} 倍', '{n} times last year’s total'],
  'census.policeChart': ['公安系统占比', 'Share of the police system'],
  'census.police': ['公安系统', 'Police'],
  'census.otherSystems': ['其他系统', 'Other systems'],
  'census.kindChart': ['机构与个人', 'Organs and officials'],
  'census.providerChart': ['各平台分布', 'By provider'],
  'census.provinceChart': ['各省分布', 'By province'],
  'census.organChart': ['按机构系统', 'By organ kind'],
  'census.levelChart': ['按行政级别', 'By level'],
  'census.rankChart': ['公职人员职级', 'Officials by rank'],
  'census.rankingInst': ['机构微博影响力排行', 'Top organ accounts'],
  'census.rankingInd': ['公职人员微博影响力排行', 'Top official accounts'],
  'census.name': ['名称', 'Name'],
  'census.provider': ['平台', 'Provider'],
  'census.followers': ['粉丝', 'Followers'],
  'census.rankCol': ['排名', '#'],
  'census.index': ['综合指数', 'Index'],
  'census.reach': ['传播力', 'Reach'],
  'census.activity': ['活跃度', 'Activity'],
  'census.service': ['服务力', 'Service'],
  'census.rankingHint': ['综合指数 = 传播力（粉丝）、活跃度（微博数）与服务力（回复率、响应速度、评价）的加权和，满分 100。', 'Index = weighted sum of reach (followers), activity (posts) and service (response rate, speed, rating), out of 100.'],
  'census.missing': ['尚未生成普查报告。运行 govblog census report --format json 并以 --report 指向该文件。', 'No census report yet. Run govblog census report --format json and point --report at the file.'],
  'census.table': ['数据表', 'Data table'],

  'organ.party': ['党委', 'Party committees'],
  'organ.legislature': ['人大', 'People’s congresses'],
  'organ.government': ['政府', 'Governments'],
  'organ.political_advisory': ['政协', 'CPPCC'],
  'organ.discipline': ['纪检监察', 'Discipline inspection'],
  'organ.court': ['法院', 'Courts'],
  'organ.procuratorate': ['检察院', 'Procuratorates'],
  'organ.public_institution': ['事业单位', 'Public institutions'],
  'organ.mass_organization': ['群团组织', 'Mass organizations'],
  'level.national': ['中央', 'National'],
  'level.provincial': ['省级', 'Provincial'],
  'level.prefectural': ['地市级', 'Prefectural'],
  'level.county': ['县级', 'County'],
  'level.township': ['乡镇级', 'Township'],
  'rank.ministerial': ['省部级', 'Ministerial'],
  'rank.bureau': ['厅局级', 'Bureau'],
  'rank.division': ['县处级', 'Division'],
  'rank.section': ['乡科级', 'Section'],
  'rank.staff': ['一般工作人员', 'Staff'],
  'kind.institutional': ['机构', 'Organ'],
  'kind.individual': ['个人', 'Official'],
  ...DAILY_MESSAGES,
  ...PEOPLE_MESSAGES,
  ...INBOX_MESSAGES,
  ...VERIFY_MESSAGES,
} as const satisfies Record<string, readonly [string, string]>;

/** The dictionary itself, for checks that every message compiles. */
export const MESSAGES: Readonly<Record<MessageKey, readonly [string, string]>> = D;

export type MessageKey = keyof typeof D;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * A translator for the language. Messages are ICU MessageFormat (intl-messageformat): `{name}` is a parameter,
 * `{n, plural, one {# reply} other {# replies}}` a count, numbers take the language's separators. Each message is
 * compiled once per language; a message whose parameters are missing shows its text with the gaps visible, so a
 * mistake shows rather than breaking the page.
 */
export function translator(lang: Lang): Translate {
  const i = lang === 'en' ? 1 : 0;
  const compiled = new Map<MessageKey, IntlMessageFormat>();
  return (key, params) => {
    const text: string = D[key][i];
    if (!params && !text.includes('{')) return text;
    let format = compiled.get(key);
    if (!format) {
      format = new IntlMessageFormat(text, lang);
      compiled.set(key, format);
    }
    try {
      return String(format.format(params ?? {}));
    } catch {
      return text;
    }
  };
}

const formats = new Map<string, IntlMessageFormat>();

/** One ICU message outside the dictionary (the error catalogue's), compiled once per language. */
export function formatMessage(lang: Lang, text: string, params: Record<string, string | number> = {}): string {
  const key = `${lang}\u0000${text}`;
  let format = formats.get(key);
  if (!format) {
    format = new IntlMessageFormat(text, lang);
    formats.set(key, format);
  }
  try {
    return String(format.format(params));
  } catch {
    return text;
  }
}

/** Whether a string names a dictionary entry (for keys built from API values such as `organ.${kind}`). */
export function isMessageKey(key: string): key is MessageKey {
  return key in D;
}

/** The language remembered in this browser, else Chinese. */
export function storedLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Private mode: the switch still works for this page.
  }
}

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({ lang: 'zh-CN', t: translator('zh-CN'), setLang: () => {} });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** Translates a key built from an API value, falling back to the value itself. */
export function label(t: Translate, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}

export function provinceName(lang: Lang, code: string | null | undefined): string {
  if (!code) return lang === 'en' ? 'National' : '全国';
  const p = PROVINCES[code.slice(0, 2)];
  return p ? (lang === 'en' ? p.en : p.zh) : code;
}

/** Dates and numbers in the language's conventions. */
export function formatDate(lang: Lang, iso: string | null | undefined, withTime = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang, withTime ? { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' } : { year: 'numeric', month: '2-digit', day: '2-digit' });
}

export function formatNumber(lang: Lang, n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return n.toLocaleString(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatPercent(lang: Lang, x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return '—';
  return (x * 100).toLocaleString(lang, { maximumFractionDigits: digits }) + '%';
}
