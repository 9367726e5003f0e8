import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRemoteHtml, remoteHtmlToText, remoteProfileFields, sanitizeRemoteHtml } from './remote-html.js';

/** What must never come through, whatever the vector: judged on the tags (text has every < escaped, so nothing in it is a tag). */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<(?!\/?(p|br|span|a|del|s|pre|blockquote|code|b|strong|u|i|em|ul|ol|li|ruby|rt|rp)[\s/>])[a-z!?/]/i);
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    const attributes = [...tag.matchAll(/\s([^\s=/>]+)(?:="([^"]*)")?/g)];
    for (const [, name, value] of attributes) {
      expect(['href', 'rel', 'target', 'class', 'translate', 'start', 'reversed', 'value']).toContain(name);
      if (name === 'href') expect(value).toMatch(/^(https?|dat|dweb|ipfs|ipns|ssb|gopher|xmpp|magnet|gemini):/);
    }
    expect(tag).not.toMatch(/\son[a-z]+\s*=|\sstyle\s*=|\ssrc\s*=/i);
  }
}

describe('remote HTML: what is dropped', () => {
  const vectors: [string, string][] = [
    ['a javascript: link keeps only its text', '<p><a href="javascript:alert(1)">点我</a></p>'],
    ['javascript: in upper case and with entities', '<a href="JaVaScRiPt&colon;alert(1)">x</a><a href="jav&#x61;script:alert(1)">y</a><a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">z</a>'],
    ['control characters and whitespace inside the scheme', '<a href="java\tscript:alert(1)">a</a><a href="java&#x0A;script:alert(1)">b</a><a href=" javascript:alert(1)">c</a><a href="\u0001javascript:alert(1)">d</a>'],
    ['data: and vbscript: links', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a><a href="vbscript:msgbox(1)">b</a>'],
    ['on* attributes on kept elements', '<p onclick="alert(1)" onmouseover=alert(1)>hi</p><a href="https://a.example" onfocus="alert(1)" autofocus>x</a><span onanimationstart="alert(1)" class="h-card">y</span>'],
    ['an <img onerror>', '<p>看图<img src=x onerror="alert(document.cookie)"></p>'],
    ['an <svg> with script and onload', '<svg onload="alert(1)"><script>alert(2)</script><a xlink:href="javascript:alert(3)"><text>t</text></a></svg><p>after</p>'],
    ['style elements and attributes', '<style>body{background:url(javascript:alert(1))}</style><p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>'],
    ['script in every disguise', '<script>alert(1)</script><SCRIPT SRC=//x.example/x.js></SCRIPT><scr<script>ipt>alert(1)</script>'],
    ['an iframe, object, embed, form', '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x"><form action="https://evil.example"><input name=a><button formaction="javascript:alert(1)">go</button></form>'],
    ['noscript and template tricks', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript><template><img src=x onerror=alert(1)></template>'],
    ['comments and CDATA', '<!--<img src=x onerror=alert(1)>--><p>a</p><![CDATA[<img src=x onerror=alert(1)>]]>'],
    ['attribute breaking out', '<a href="https://a.example/&quot;onmouseover=&quot;alert(1)">x</a><span class="h-card&quot; onclick=&quot;alert(1)">y</span>'],
    ['a base, meta refresh and link', '<base href="javascript:/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)"><link rel=stylesheet href="https://evil.example/x.css"><p>t</p>'],
    ['math and mXSS shapes', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math><p>x</p>'],
  ];
  for (const [what, html] of vectors) {
    it(what, () => {
      const out = sanitizeRemoteHtml(html);
      expectInert(out);
      // And a second pass changes nothing: what is stored is a fixed point.
      expect(sanitizeRemoteHtml(out)).toBe(out);
    });
  }

  it('unwraps what it does not keep, keeping the text; drops script and style with their content', () => {
    expect(sanitizeRemoteHtml('<p><a href="javascript:alert(1)">点我</a></p>')).toBe('<p>点我</p>');
    expect(sanitizeRemoteHtml('<div><p>一</p><table><tr><td>二</td></tr></table></div>')).toBe('<p>一</p>二');
    expect(sanitizeRemoteHtml('<p>a<script>alert(1)</script>b<style>p{}</style>c</p>')).toBe('<p>abc</p>');
    expect(sanitizeRemoteHtml('<p>看图<img src=x onerror="alert(1)"></p>')).toBe('<p>看图</p>');
    expect(sanitizeRemoteHtml('<svg onload="alert(1)"><text>t</text></svg><p>after</p>')).toBe('<p>after</p>');
    expect(sanitizeRemoteHtml('<p onclick="alert(1)" style="color:red" class="x" id="y" title="z">hi</p>')).toBe('<p>hi</p>');
  });

  it('keeps links to Mastodon’s schemes only, with its own rel and target; relative links become text', () => {
    expect(sanitizeRemoteHtml('<a href="https://a.example/x" rel="opener" target="_self">a</a>')).toBe('<a href="https://a.example/x" rel="nofollow noopener noreferrer" target="_blank">a</a>');
    expect(sanitizeRemoteHtml('<a href="magnet:?xt=urn:btih:abc">m</a>')).toBe('<a href="magnet:?xt=urn:btih:abc" rel="nofollow noopener noreferrer" target="_blank">m</a>');
    expect(sanitizeRemoteHtml('<a href="/users/x">rel</a><a href="//evil.example/">pr</a><a>none</a><a href="mailto:a@b.example">mail</a>')).toBe('relprnonemail');
  });

  it('entities stay text: an encoded tag is shown, never made', () => {
    const out = sanitizeRemoteHtml('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt; &#60;img src=x onerror=alert(1)&#62;</p>');
    expect(out).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt; &lt;img src=x onerror=alert(1)&gt;</p>');
    expect(remoteHtmlToText(out)).toBe('<script>alert(1)</script> &lt;b&gt; <img src=x onerror=alert(1)>');
  });

  it('never nests links: an <a> inside another closes the first', () => {
    const out = sanitizeRemoteHtml('<a href="https://a.example/">A<a href="javascript:alert(1)">B</a>C<a href="https://c.example/">D</a></a>');
    expect(out).not.toMatch(/<a[^>]*>(?:(?!<\/a>).)*<a/);
    expect(out).toBe('<a href="https://a.example/" rel="nofollow noopener noreferrer" target="_blank">A</a>BC<a href="https://c.example/" rel="nofollow noopener noreferrer" target="_blank">D</a>');
    const deep = sanitizeRemoteHtml('<a href="https://a.example/"><span><a href="https://b.example/">B</a></span></a>');
    expect(deep).not.toMatch(/<a[^>]*>(?:(?!<\/a>).)*<a/);
  });

  it('keeps only the classes Mastodon’s own HTML uses', () => {
    expect(sanitizeRemoteHtml('<span class="h-card ellipsis invisible mention hashtag evil">x</span>')).toBe('<span class="h-card ellipsis invisible mention hashtag">x</span>');
    expect(sanitizeRemoteHtml('<a href="https://a.example" class="u-url mention status-link">x</a>')).toBe('<a href="https://a.example" class="u-url mention" rel="nofollow noopener noreferrer" target="_blank">x</a>');
    expect(sanitizeRemoteHtml('<span class="modal-root">x</span>')).toBe('<span>x</span>');
  });

  it('keeps the formatting Mastodon keeps; headings become paragraphs', () => {
    const html = '<h2>标题</h2><p><strong>粗</strong> <em>斜</em> <b>b</b> <i>i</i> <u>u</u> <del>d</del> <s>s</s> <code>c</code></p><blockquote><p>引用</p></blockquote><pre><code>x = 1</code></pre><ol start="3" reversed><li value="5">一</li></ol><ul><li>二</li></ul><ruby>漢<rp>(</rp><rt>han</rt><rp>)</rp></ruby>';
    expect(sanitizeRemoteHtml(html)).toBe(
      '<p>标题</p><p><strong>粗</strong> <em>斜</em> <b>b</b> <i>i</i> <u>u</u> <del>d</del> <s>s</s> <code>c</code></p><blockquote><p>引用</p></blockquote><pre><code>x = 1</code></pre><ol start="3" reversed><li value="5">一</li></ol><ul><li>二</li></ul><ruby>漢<rp>(</rp><rt>han</rt><rp>)</rp></ruby>',
    );
    expect(sanitizeRemoteHtml('<ol start="javascript:1"><li value="x">a</li></ol>')).toBe('<ol><li>a</li></ol>');
  });

  it('bounds the depth it keeps', () => {
    const out = sanitizeRemoteHtml(`${'<span>'.repeat(5000)}深${'</span>'.repeat(5000)}`);
    expect(out).toContain('深');
    expect((out.match(/<span>/g) ?? []).length).toBeLessThanOrEqual(32);
  });
});

describe('remote HTML: what is kept and read', () => {
  // A toot as Mastodon 4 writes it: a mention, a hashtag, a shortened link, Chinese text.
  const toot =
    '<p><span class="h-card" translate="no"><a href="https://mastodon.example/@zhang" class="u-url mention">@<span>zhang</span></a></span> 北京市政府发布通知：明天全市停水 <a href="https://mastodon.example/tags/%E5%81%9C%E6%B0%B4" class="mention hashtag" rel="tag">#<span>停水</span></a></p><p>详见 <a href="https://www.beijing.gov.cn/zhengce/2012/tongzhi.html" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://www.</span><span class="ellipsis">beijing.gov.cn/zhengce/2012/to</span><span class="invisible">ngzhi.html</span></a><br />谢谢 &amp; 再见</p>';

  it('keeps Mastodon’s mention, hashtag and link HTML as it is, with Chinese text', () => {
    expect(sanitizeRemoteHtml(toot)).toBe(
      '<p><span class="h-card" translate="no"><a href="https://mastodon.example/@zhang" class="u-url mention" rel="nofollow noopener noreferrer" target="_blank">@<span>zhang</span></a></span> 北京市政府发布通知：明天全市停水 <a href="https://mastodon.example/tags/%E5%81%9C%E6%B0%B4" class="mention hashtag" rel="nofollow noopener noreferrer" target="_blank">#<span>停水</span></a></p><p>详见 <a href="https://www.beijing.gov.cn/zhengce/2012/tongzhi.html" translate="no" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://www.</span><span class="ellipsis">beijing.gov.cn/zhengce/2012/to</span><span class="invisible">ngzhi.html</span></a><br />谢谢 &amp; 再见</p>',
    );
  });

  it('reads its text, mentions, hashtags and links', () => {
    const read = readRemoteHtml(toot);
    expect(read.text).toBe('@zhang 北京市政府发布通知：明天全市停水 #停水\n\n详见 https://www.beijing.gov.cn/zhengce/2012/tongzhi.html\n谢谢 & 再见');
    expect(read.mentions).toEqual([{ href: 'https://mastodon.example/@zhang', text: '@zhang' }]);
    expect(read.hashtags).toEqual([{ href: 'https://mastodon.example/tags/%E5%81%9C%E6%B0%B4', name: '停水' }]);
    expect(read.links).toEqual(['https://www.beijing.gov.cn/zhengce/2012/tongzhi.html']);
  });

  it('reads each mention and hashtag once, and no link the sanitiser dropped', () => {
    const read = readRemoteHtml(
      '<p><a class="u-url mention" href="https://a.example/users/li">@li</a> <a class="u-url mention" href="https://a.example/users/li">@li</a> <a class="hashtag" href="https://a.example/tags/Gov">#Gov</a> <a class="hashtag" href="https://b.example/tags/gov">#gov</a> <a class="mention" href="javascript:alert(1)">@evil</a> <a href="gemini://g.example/">g</a></p>',
    );
    expect(read.mentions).toEqual([{ href: 'https://a.example/users/li', text: '@li' }]);
    expect(read.hashtags).toEqual([{ href: 'https://a.example/tags/Gov', name: 'Gov' }]);
    expect(read.links).toEqual([]);
    expect(read.text).toBe('@li @li #Gov #gov @evil g');
  });

  it('text from plain text, lists and empty content', () => {
    expect(readRemoteHtml('只有文字，没有标签').text).toBe('只有文字，没有标签');
    expect(readRemoteHtml('<p>一</p><ul><li>甲</li><li>乙</li></ul><p>二&nbsp;三</p>').text).toBe('一\n\n甲\n乙\n\n二 三');
    expect(readRemoteHtml('')).toEqual({ html: '', text: '', mentions: [], hashtags: [], links: [] });
  });

  it('a profile note as a remote actor’s summary', () => {
    const read = readRemoteHtml('<p>上海市公安局官方账号<br>报警请拨打110</p><script>steal()</script>');
    expect(read.html).toBe('<p>上海市公安局官方账号<br />报警请拨打110</p>');
    expect(read.text).toBe('上海市公安局官方账号\n报警请拨打110');
  });
});

describe('remote profile fields', () => {
  it('sanitises values, keeps names as text, skips what is not a PropertyValue', () => {
    const fields = remoteProfileFields([
      { type: 'PropertyValue', name: '网站', value: '<a href="https://www.gov.cn" rel="me nofollow noopener noreferrer" target="_blank"><span class="invisible">https://www.</span><span class="">gov.cn</span><span class="invisible"></span></a>' },
      { type: 'PropertyValue', name: '电话 <b>&amp;</b>\n传真', value: '<img src=x onerror=alert(1)>010-12345678' },
      { type: 'IdentityProof', name: 'x', signatureValue: 'y' },
      { type: 'PropertyValue', name: '', value: 'no name' },
      { type: 'PropertyValue', name: 'no value' },
      'junk',
      { type: 'PropertyValue', name: 'js', value: '<a href="javascript:alert(1)">click</a>' },
    ]);
    expect(fields).toEqual([
      {
        name: '网站',
        value: '<a href="https://www.gov.cn" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://www.</span><span>gov.cn</span><span class="invisible"></span></a>',
        valueText: 'https://www.gov.cn',
      },
      { name: '电话 <b>&amp;</b> 传真', value: '010-12345678', valueText: '010-12345678' },
      { name: 'js', value: 'click', valueText: 'click' },
    ]);
  });

  it('reads a single field written as an object, bounds the count and the name', () => {
    expect(remoteProfileFields({ type: 'PropertyValue', name: '地址', value: '北京市' })).toEqual([{ name: '地址', value: '北京市', valueText: '北京市' }]);
    expect(remoteProfileFields(undefined)).toEqual([]);
    const many = Array.from({ length: 40 }, (_, i) => ({ type: 'PropertyValue', name: `f${i}`, value: 'v' }));
    expect(remoteProfileFields(many)).toHaveLength(16);
    expect([...(remoteProfileFields([{ type: 'PropertyValue', name: '长'.repeat(1000), value: 'v' }])[0]?.name ?? '')]).toHaveLength(255);
  });
});

describe('remote HTML: any mix of hostile pieces', () => {
  // Fragments that, joined in any order and nesting, have broken sanitisers before.
  const pieces = [
    '<a href="https://a.example/">', '<a href="javascript:alert(1)">', '<a href="jav&#x09;ascript:alert(1)">', '</a>', '<span class="h-card" onclick="x()">', '</span>',
    '<p>', '</p>', '<script>', '</script>', '<style>', '</style>', '<svg>', '</svg>', '<math>', '</math>', '<img src=x onerror=alert(1)>', '<noscript>', '</noscript>',
    '<template>', '</template>', '<textarea>', '</textarea>', '<!--', '-->', '<![CDATA[', ']]>', '<', '>', '"', "'", '&lt;', '&#60;', '&', '=', ' ', 'onerror=alert(1)',
    '<b>', '</b>', '<iframe src="javascript:alert(1)">', '<ol start="1" reversed>', '<li>', '</li>', '<h1>', '</h1>', '<br>', '<a ', 'href=', 'style=', '北京', '@', '#',
  ];
  // Sanitising again may move a block out of a paragraph (<p><ol> reparses as <p></p><ol>, as in a browser), but stays inert and settles.
  it('always gives inert HTML, and sanitising again stays inert and settles', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const out = sanitizeRemoteHtml(parts.join(''));
        expectInert(out);
        expect(out).not.toMatch(/<a[^>]*>(?:(?!<\/a>).)*<a[\s>]/s);
        const again = sanitizeRemoteHtml(out);
        expectInert(again);
        expect(sanitizeRemoteHtml(again)).toBe(again);
      }),
      { numRuns: 2000 },
    );
  });
});
