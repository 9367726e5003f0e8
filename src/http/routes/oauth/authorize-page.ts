import { escapeHtml } from '../../../app/html.js';

const SCOPE_NAMES: Record<string, string> = {
  read: '读取你的账号数据 Read your account data',
  write: '以你的名义发布和修改 Post and change things as you',
  follow: '管理关注关系 Manage who you follow',
  push: '接收推送通知 Receive push notifications',
  profile: '读取你的基本资料 Read your basic profile',
  'admin:read': '读取管理数据 Read administration data',
  'admin:write': '执行管理操作 Take administrative actions',
};

export interface AuthorizePageInput {
  provider: string;
  appName?: string;
  scopes?: string[];
  /** The query of the authorization request, carried through the form. */
  hidden?: Record<string, string | undefined>;
  login?: string;
  /** The form's anti-forgery token (forgery.ts). */
  csrf?: string;
  error?: string;
  /** The error's stable code and the parameter it names, as data attributes for clients and tests. */
  errorCode?: string;
  errorField?: string;
  /** Out-of-band: the code to copy into the app. */
  code?: string;
}

const STYLE = `body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f4f5f7;color:#1d2430;margin:0}
main{max-width:26rem;margin:4rem auto;background:#fff;border-radius:10px;box-shadow:0 2px 10px rgba(0,0,0,.08);padding:2rem}
h1{font-size:1.3rem;margin:0 0 .3rem}p.sub{color:#5b6472;margin:0 0 1.2rem}
label{display:block;margin:.8rem 0 .3rem;font-weight:600}input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #c6ccd5;border-radius:6px;font-size:1rem}
button{margin-top:1.2rem;width:100%;padding:.7rem;border:0;border-radius:6px;background:#c8102e;color:#fff;font-size:1rem;cursor:pointer}
button:focus,input:focus{outline:3px solid #ffbf47}ul{padding-left:1.2rem;color:#39414d}.err{background:#fde8ea;color:#8a1020;padding:.6rem;border-radius:6px}
code{display:block;word-break:break-all;background:#f0f2f5;padding:.8rem;border-radius:6px;font-size:1.05rem}`;

/** The sign-in page of the authorization-code flow. All interpolated text is escaped. */
export function authorizePage(p: AuthorizePageInput): string {
  const title = p.code ? '授权码 Authorization code' : '登录并授权 Sign in to authorize';
  const body = p.code
    ? `<h1>${title}</h1><p class="sub">将此授权码复制到应用中 Copy this code into the application:</p><code id="code">${escapeHtml(p.code)}</code>`
    : `<h1>${title}</h1>
<p class="sub">${p.appName ? `<strong>${escapeHtml(p.appName)}</strong> 请求访问你在 ${escapeHtml(p.provider)} 的账号 wants to use your account on ${escapeHtml(p.provider)}` : escapeHtml(p.provider)}</p>
${p.error ? `<p class="err" role="alert"${p.errorCode ? ` data-code="${escapeHtml(p.errorCode)}"` : ''}${p.errorField ? ` data-field="${escapeHtml(p.errorField)}"` : ''}>${escapeHtml(p.error)}</p>` : ''}
${p.scopes?.length ? `<ul aria-label="请求的权限 Requested permissions">${p.scopes.map((s) => `<li>${escapeHtml(SCOPE_NAMES[s] ?? s)}</li>`).join('')}</ul>` : ''}
${
  p.hidden
    ? `<form method="post" action="/oauth/authorize">
${p.csrf ? `<input type="hidden" name="authenticity_token" value="${escapeHtml(p.csrf)}">\n` : ''}${Object.entries(p.hidden)
  .filter(([, v]) => v !== undefined)
  .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v as string)}">`)
  .join('\n')}
<label for="login">用户名或邮箱 Username or e-mail</label>
<input type="text" id="login" name="login" autocomplete="username" required autofocus value="${escapeHtml(p.login ?? '')}">
<label for="password">密码 Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">登录并授权 Sign in and authorize</button>
</form>`
    : ''
}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${escapeHtml(p.provider)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
