import { describe, expect, it } from 'vitest';
import { buildPopulation } from './population.js';
import { REQUESTS, postsFor } from './seed.js';

describe('the demo’s live posts and service requests', () => {
  const pop = buildPopulation();
  const organs = pop.accounts.filter((a) => a.labels.kind === 'institutional');

  it('fit the organ: fire brigades give 119, police 110, only weather offices forecast, for their own climate', () => {
    const fire = organs.filter((a) => a.labels.public_security && a.organName.includes('消防'));
    expect(fire.length).toBeGreaterThan(0);
    for (const a of fire.slice(0, 50)) for (const t of postsFor(a)) expect(t).not.toContain('110');
    expect(postsFor(fire[0] as (typeof fire)[number]).some((t) => t.includes('119'))).toBe(true);
    const others = organs.filter((a) => !a.organName.includes('气象')).slice(0, 3000);
    for (const a of others) for (const t of postsFor(a)) expect(t, a.organName).not.toMatch(/天气预报|最低气温|降雪|小雪/);
    const shanghai = organs.filter((a) => a.organName.includes('气象') && a.labels.province === '31');
    expect(shanghai.length).toBeGreaterThan(0);
    for (const a of shanghai) for (const t of postsFor(a)) expect(t).not.toMatch(/雪|-\d+℃/);
    const national = organs.filter((a) => a.organName.includes('气象') && a.labels.level === 'national');
    for (const a of national) for (const t of postsFor(a)) expect(t).not.toMatch(/^\S*中国(明天|今天|未来)/);
    const harbin = organs.filter((a) => a.organName.includes('气象') && a.labels.province === '23');
    expect(harbin.some((a) => postsFor(a).some((t) => t.includes('雪')))).toBe(true);
  });

  it('never repeat within an organ’s three posts', () => {
    for (const a of organs.slice(0, 5000)) expect(new Set(postsFor(a)).size, a.organName).toBeGreaterThanOrEqual(3);
  });

  it('answer what was asked: a missing person is answered about the search', () => {
    const missing = REQUESTS.find((q) => q.text.includes('走失'));
    expect(missing?.to).toBe('police');
    for (const r of missing?.responses ?? []) expect(r).toMatch(/查找|找到/);
    for (const q of REQUESTS) expect(q.responses.length).toBeGreaterThan(0);
  });
});
