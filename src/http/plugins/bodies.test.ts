import { describe, expect, it } from 'vitest';
import { railsParams } from './bodies.js';

describe('railsParams', () => {
  it('turns key[] into arrays and key[sub] into objects', () => {
    expect(railsParams({ 'redirect_uris[]': ['a', 'b'], name: 'x' })).toEqual({ redirect_uris: ['a', 'b'], name: 'x' });
    expect(railsParams({ 'scopes[]': 'read' })).toEqual({ scopes: ['read'] });
    expect(railsParams({ 'source[privacy]': 'public', 'source[language]': 'zh' })).toEqual({ source: { privacy: 'public', language: 'zh' } });
  });

  it('never writes to prototypes', () => {
    const out = railsParams({ '__proto__[polluted]': 'yes', 'constructor[prototype][x]': 'y' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(out, 'polluted')).toBe(false);
  });
});
