import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';
import { startLogLevel } from './main.ts';

describe('the log level of a start', () => {
  it('is quiet (warnings only) for an interactive start at the default level', () => {
    expect(startLogLevel(readConfig({}), true)).toBe('warn');
  });

  it('keeps JSON logs at LOG_LEVEL without a terminal, under NODE_ENV=production, or when LOG_LEVEL is set', () => {
    expect(startLogLevel(readConfig({}), false)).toBe('info');
    expect(startLogLevel(readConfig({ NODE_ENV: 'production' }), true)).toBe('info');
    expect(startLogLevel(readConfig({ LOG_LEVEL: 'debug' }), true)).toBe('debug');
  });
});
