import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_EVENT_STREAM_LIMITS, readConfig } from './config.ts';
import { SPIN_REQUESTS_PER_MINUTE_MAX } from './services/spin-rate-limit.ts';
import { DEFAULT_IMPORT_LIMITS } from './import/limits.ts';

describe('readConfig', () => {
  it('applies the contract defaults', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      adminPassword: undefined,
      logLevel: 'info',
      logLevelSet: false,
      production: false,
      publicUrl: undefined,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('reads every variable', () => {
    const config = readConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/srv/wheel',
      DATABASE_URL: 'postgres://db/wheel',
      ADMIN_PASSWORD: 's3cret-long-enough',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://draw.example.org/gala/',
      TRUST_PROXY: 'true',
      ALLOWED_ORIGINS: 'https://kiosk.example.org',
      FRAME_ANCESTORS: "'none'",
      VERIFICATION_KEY_FILE: '/etc/prizewheel/verification.key',
      SIGNING_KEY_FILE: '/etc/prizewheel/signing-key.pem',
      ORGANIZER: ' Example Events Ltd ',
    });
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/srv/wheel',
      databaseUrl: 'postgres://db/wheel',
      adminPassword: 's3cret-long-enough',
      logLevel: 'debug',
      logLevelSet: true,
      production: true,
      publicUrl: 'https://draw.example.org/gala',
      trustProxy: true,
      allowedOrigins: ['https://kiosk.example.org'],
      frameAncestors: ["'none'"],
      importLimits: DEFAULT_IMPORT_LIMITS,
      eventStreamLimits: DEFAULT_EVENT_STREAM_LIMITS,
      spinRequestsPerMinute: SPIN_REQUESTS_PER_MINUTE_MAX,
      entrantChecksPerMinute: 10,
      verificationKeyFile: '/etc/prizewheel/verification.key',
      signingKeyFile: '/etc/prizewheel/signing-key.pem',
      organizer: 'Example Events Ltd',
    });
  });

  it('refuses a PUBLIC_URL that is not an http(s) address, naming the variable', () => {
    expect(() => readConfig({ PUBLIC_URL: '192.168.1.20:8080' })).toThrow(/^PUBLIC_URL: an http/);
    expect(() => readConfig({ PUBLIC_URL: 'ftp://host' })).toThrow(/PUBLIC_URL/);
    expect(() => readConfig({ PUBLIC_URL: 'http://host/?a=1' })).toThrow(/PUBLIC_URL/);
    expect(readConfig({ PUBLIC_URL: 'http://192.168.1.20:8080' }).publicUrl).toBe('http://192.168.1.20:8080');
    expect(readConfig({ PUBLIC_URL: ' ' }).publicUrl).toBeUndefined();
  });

  it('reads the event stream caps: SSE_STREAMS_MAX, SSE_STREAMS_PER_ADDRESS_MAX, EVENT_STREAM_LIFETIME_MS', () => {
    expect(
      readConfig({
        SSE_STREAMS_MAX: '10',
        SSE_STREAMS_PER_ADDRESS_MAX: '2',
        EVENT_STREAM_LIFETIME_MS: '60000',
      }).eventStreamLimits,
    ).toEqual({ totalMax: 10, perAddressMax: 2, lifetimeMs: 60_000 });
    expect(() => readConfig({ SSE_STREAMS_PER_ADDRESS_MAX: '0' })).toThrow(/SSE_STREAMS_PER_ADDRESS_MAX/);
  });

  it('reads SPIN_REQUESTS_PER_MINUTE and refuses one that is not a positive whole number', () => {
    expect(readConfig({ SPIN_REQUESTS_PER_MINUTE: '60' }).spinRequestsPerMinute).toBe(60);
    expect(readConfig({ ENTRANT_CHECKS_PER_MINUTE: '120' }).entrantChecksPerMinute).toBe(120);
    expect(() => readConfig({ ENTRANT_CHECKS_PER_MINUTE: '0' })).toThrow(/ENTRANT_CHECKS_PER_MINUTE/);
    expect(() => readConfig({ ENTRANT_CHECKS_PER_MINUTE: '5000' })).toThrow(/ENTRANT_CHECKS_PER_MINUTE/);
    expect(() => readConfig({ SPIN_REQUESTS_PER_MINUTE: '0' })).toThrow(/SPIN_REQUESTS_PER_MINUTE/);
  });

  it('keeps the verification key in DATA_DIR unless VERIFICATION_KEY_FILE names another file', () => {
    expect(readConfig({ DATA_DIR: '/srv/wheel' }).verificationKeyFile).toBe('/srv/wheel/verification.key');
  });

  it('keeps the signing key in DATA_DIR unless SIGNING_KEY_FILE names another file', () => {
    expect(readConfig({ DATA_DIR: '/srv/wheel' }).signingKeyFile).toBe('/srv/wheel/signing-key.pem');
  });

  it('refuses a PUBLIC_URL that is not an http(s) address, naming the variable', () => {
    expect(() => readConfig({ PUBLIC_URL: 'ftp://draw.example.org' })).toThrow(/^PUBLIC_URL: /);
    expect(() => readConfig({ PUBLIC_URL: 'https://draw.example.org/?a=1' })).toThrow(/PUBLIC_URL/);
    expect(readConfig({}).publicUrl).toBeUndefined();
  });

  it('refuses an ADMIN_PASSWORD shorter than 12 characters, naming the variable and the limit', () => {
    expect(() => readConfig({ ADMIN_PASSWORD: 'short-pw-11' })).toThrow(ConfigError);
    expect(() => readConfig({ ADMIN_PASSWORD: 'short-pw-11' })).toThrow(
      'ADMIN_PASSWORD: must have at least 12 characters',
    );
    expect(readConfig({ ADMIN_PASSWORD: 'twelve-chars' }).adminPassword).toBe('twelve-chars');
  });

  it('treats empty optional variables as unset', () => {
    expect(readConfig({ DATABASE_URL: '', ADMIN_PASSWORD: '' })).toMatchObject({
      databaseUrl: undefined,
      adminPassword: undefined,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('reads the security settings: TRUST_PROXY, ALLOWED_ORIGINS, FRAME_ANCESTORS', () => {
    expect(readConfig({})).toMatchObject({
      trustProxy: false,
      allowedOrigins: [],
      frameAncestors: ["'self'"],
    });
    expect(
      readConfig({
        TRUST_PROXY: '10.0.0.1, 192.168.0.0/16',
        ALLOWED_ORIGINS: 'https://kiosk.example.org/, http://10.0.0.5:8080',
        FRAME_ANCESTORS: "'self' https://signage.example.org",
      }),
    ).toMatchObject({
      trustProxy: ['10.0.0.1', '192.168.0.0/16'],
      allowedOrigins: ['https://kiosk.example.org', 'http://10.0.0.5:8080'],
      frameAncestors: ["'self'", 'https://signage.example.org'],
    });
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => readConfig({ ALLOWED_ORIGINS: 'not a url' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => readConfig({ FRAME_ANCESTORS: "'self'; script-src *" })).toThrow(/FRAME_ANCESTORS/);
    expect(() => readConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });

  it('reads the import limits, the row limit up to 1,000,000', () => {
    expect(
      readConfig({
        IMPORT_MAX_BYTES: '1048576',
        IMPORT_MAX_UNCOMPRESSED_BYTES: '5000000',
        IMPORT_MAX_ROWS: '1000000',
        IMPORT_MAX_COLUMNS: '20',
      }).importLimits,
    ).toEqual({ maxBytes: 1_048_576, maxUncompressedBytes: 5_000_000, maxRows: 1_000_000, maxColumns: 20 });
    expect(() => readConfig({ IMPORT_MAX_ROWS: '1000001' })).toThrow(/IMPORT_MAX_ROWS/);
    expect(() => readConfig({ IMPORT_MAX_BYTES: '0' })).toThrow(/IMPORT_MAX_BYTES/);
    expect(() => readConfig({ IMPORT_MAX_COLUMNS: 'many' })).toThrow(/IMPORT_MAX_COLUMNS/);
  });
});
