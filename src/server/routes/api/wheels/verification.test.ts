// GET /api/wheels/:slug/verification's draw log in counts, on a standard wheel without prizes
// (what /verify shows there instead of a recomputation): modes counted, rehearsal apart, no draw
// told apart as pre-drawn.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublicVerification } from '../../../../core/index.ts';
import { spinAndLand } from '../../../test-support/land-spin.ts';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';

let t: TestApp;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
  await keepWinners(t, cookie);
});
afterEach(async () => {
  await t.close();
});

async function call(method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) {
  const response = await t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response;
}

describe('GET /api/wheels/:slug/verification drawLog', () => {
  it('counts the draws by mode, voids and declines and lists the winners without a prize', async () => {
    const version = await publishEntries(t, cookie, 'default', sampleEntries(10));
    await call('PUT', '/api/admin/wheels/default/plan', { tickets: ['0003'] });
    const first = await spinAndLand(t.app, { cookie }, 'default', version);
    expect(first.ticket).toBe('0003');
    const second = await spinAndLand(t.app, { cookie }, 'default', version);
    await call('POST', `/api/admin/wheels/default/draws/${second.id}/void`, { reason: 'absent' });
    await spinAndLand(t.app, { cookie }, 'default', version);

    const response = await t.app.inject({ method: 'GET', url: '/api/wheels/default/verification' });
    const { drawLog, mode } = response.json<PublicVerification>();
    expect(mode).toBe('standard');
    expect(drawLog).toMatchObject({
      total: 3,
      rehearsal: 0,
      byMode: { random: 2, predrawn: 1, offline: 0, fallback: 0 },
      voided: 1,
      declined: 0,
    });
    expect(drawLog!.withoutPrize.map((draw) => [draw.seq, draw.ticket, draw.voided])).toEqual([
      [1, '0003', false],
      [2, second.ticket, true],
      [3, expect.any(String), false],
    ]);
    // Counts only: no listed draw says how it was decided.
    for (const draw of drawLog!.withoutPrize) expect(Object.keys(draw)).not.toContain('mode');
  });
});
