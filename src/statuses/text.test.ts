import { describe, expect, it } from 'vitest';
import { parseText, renderText, statusLength } from './text.js';

const ctx = {
  baseUrl: 'https://weibo.example',
  localHost: 'weibo.example',
  accounts: new Map([['pinganbeijing', { id: 7, username: 'PinganBeijing' }]]),
};

describe('status text', () => {
  it('escapes script and event-handler markup', () => {
    const html = renderText('<script>alert(1)</script> <img src=x onerror=alert(2)>', ctx);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });

  it('links http(s) URLs and nothing that only looks like one', () => {
    const html = renderText('通知见 https://www.gov.cn/zhengce/?a=1&b=<2> 和 javascript:alert(1)', ctx);
    expect(html).toContain('<a href="https://www.gov.cn/zhengce/?a=1&amp;b=" rel="nofollow noopener noreferrer" target="_blank">www.gov.cn/zhengce/?a=1&amp;b=</a>');
    expect(html).not.toMatch(/href="javascript/);
    expect(html).toContain('&lt;2&gt;');
  });

  it('links mentions of existing accounts, even right after Chinese text, and leaves unknown ones as text', () => {
    const html = renderText('感谢@pinganbeijing 和 @nobody 的帮助', ctx);
    expect(html).toContain('<a href="https://weibo.example/@PinganBeijing" class="u-url mention">@<span>PinganBeijing</span></a>');
    expect(html).toContain('@nobody');
    expect(html).not.toContain('/@nobody');
  });

  it('finds mentions and both hashtag styles, once each', () => {
    expect(parseText('@PinganBeijing #雾霾# 今日 #空气质量 #雾霾# @a@weibo.example @b@other.example', 'weibo.example')).toEqual({
      mentions: ['pinganbeijing', 'a', 'b@other.example'],
      tags: ['雾霾', '空气质量'],
    });
    expect(parseText('mail me at x@y.cn, see https://a.cn/#frag', 'weibo.example')).toEqual({ mentions: [], tags: [] });
  });

  it('names remote accounts by name@host, this host\'s by name alone, hosts with ports or addresses too', () => {
    expect(parseText('@x@Other.Example @y@weibo.example @z@127.0.0.1:3001 @w@localhost:8080', 'weibo.example').mentions).toEqual(['x@other.example', 'y', 'z@127.0.0.1:3001', 'w@localhost:8080']);
  });

  it('links a known remote account to its own page, an unknown one stays text; a bare name in a remote text is on the default host', () => {
    const accounts = new Map<string, { id: number; username: string; href?: string }>([...ctx.accounts, ['bob@other.example', { id: 8, username: 'bob', href: 'https://other.example/@bob' }]]);
    const r = { ...ctx, accounts };
    expect(renderText('@bob@other.example @eve@other.example', r)).toBe(
      '<p><span class="h-card"><a href="https://other.example/@bob" class="u-url mention">@<span>bob</span></a></span> @eve@other.example</p>',
    );
    expect(renderText('@bob', { ...r, defaultHost: 'other.example' })).toContain('href="https://other.example/@bob"');
    expect(renderText('@bob', r)).toBe('<p>@bob</p>');
  });

  it('keeps paragraphs and line breaks', () => {
    expect(renderText('第一行\n第二行\n\n第二段', ctx)).toBe('<p>第一行<br />第二行</p><p>第二段</p>');
  });

  it('counts code points, links as 23', () => {
    expect(statusLength('平安北京')).toBe(4);
    expect(statusLength('见 https://example.com/a/very/long/path/that/goes/on/and/on')).toBe(2 + 23);
  });
});
