import { describe, expect, it } from 'vitest';
import { boxed, startupLines, withoutCredentials, type StartupFacts } from './startup-banner.ts';

const facts: StartupFacts = {
  host: '127.0.0.1',
  port: 8080,
  lanAddresses: ['192.168.1.20'],
  publicUrl: undefined,
  username: 'admin',
  generatedPassword: undefined,
  data: { kind: 'sqlite', file: '/srv/wheel/prizewheel.sqlite' },
};

describe('the start-up banner', () => {
  it('names the admin URL, the user, the one-time password and the data', () => {
    const text = startupLines({ ...facts, generatedPassword: 'pw-0123456789abcdef' }).join('\n');
    expect(text).toContain('Admin:     http://127.0.0.1:8080/admin');
    expect(text).toContain('User:      admin');
    expect(text).toContain('Password:  pw-0123456789abcdef');
    expect(text).toContain('Data:      /srv/wheel/prizewheel.sqlite');
    expect(text).not.toContain('192.168.1.20'); // loopback only: the LAN cannot reach it
  });

  it('lists the LAN addresses when listening on every interface, and no password unless generated', () => {
    const text = startupLines({ ...facts, host: '0.0.0.0', publicUrl: 'https://draw.example.org' }).join(
      '\n',
    );
    expect(text).toContain('On LAN:    http://192.168.1.20:8080/admin');
    // Every value starts in one column.
    const valueColumns = text.split('\n').flatMap((line) => {
      const match = /^[A-Za-z ]+: +(?=\S)/.exec(line);
      return match ? [match[0].length] : [];
    });
    expect(new Set(valueColumns).size).toBe(1);
    expect(text).toContain('Public:    https://draw.example.org/admin');
    expect(text).not.toContain('Password');
  });

  it('never shows database credentials', () => {
    expect(withoutCredentials('postgres://wheel:s3cret@db.lan:5432/wheel?sslmode=require')).toBe(
      'postgres://db.lan:5432/wheel',
    );
    const text = startupLines({
      ...facts,
      data: { kind: 'postgres', url: 'postgres://wheel:s3cret@db.lan/wheel' },
    }).join('\n');
    expect(text).not.toContain('s3cret');
  });

  it('draws one box, every line the same width', () => {
    const box = boxed(['prizewheel is running', 'Data:      /srv/wheel/ü.sqlite']).trimEnd().split('\n');
    expect(box).toHaveLength(4);
    expect(new Set(box.map((line) => [...line].length)).size).toBe(1);
    expect(box[0]!.startsWith('┌')).toBe(true);
    expect(box[3]!.startsWith('└')).toBe(true);
  });
});
