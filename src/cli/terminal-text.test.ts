/* eslint-disable no-control-regex -- the test looks for control characters */
import { describe, expect, it } from 'vitest';
import { toTerminalJson, toTerminalText } from './terminal-text.ts';

describe('toTerminalText', () => {
  it('strips escape sequences and control characters, keeping tabs, line feeds and other text', () => {
    expect(toTerminalText('Ana\u001b[2J\u001b[1;1HLima')).toBe('AnaLima');
    expect(
      toTerminalText('\u001b]0;owned\u0007Bob\u001b]8;;https://x.example\u001b\\link\u001b]8;;\u001b\\'),
    ).toBe('Boblink');
    expect(toTerminalText('Zé\u009b31mRed\u0085\u009d2;t\u009c')).toBe('ZéRed');
    expect(toTerminalText('a\rb\bc\u0000d\u007fe\u001bcf')).toBe('abcdef');
    expect(toTerminalText('row\t1\nrow 2 — 🎉 ñ')).toBe('row\t1\nrow 2 — 🎉 ñ');
  });
});

describe('toTerminalJson', () => {
  it('writes every control character as a \\u escape, and parses back to the same value', () => {
    const value = { name: 'Ana\u009b2J\u001b[2J\u007f', ticket: '0001' };
    const text = toTerminalJson(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
