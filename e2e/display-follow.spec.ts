import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import {
  makeEntries,
  makeSnapshot,
  startDisplayTestServer,
  type DisplayTestServer,
} from './support/display-test-server.ts';
import {
  openWheelPage,
  waitForWheelAttribute,
  wheelAttribute,
  wheelAttributes,
} from './support/display-page.ts';

const PLAN_SHAPE = { rotations: 6, landingFraction: 0.5, durationMs: 11_000 };

describe('the wheel page following spins and versions', () => {
  let browser: Browser;
  let server: DisplayTestServer;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startDisplayTestServer({ seed: 3 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a view-only page hides the spin button and animates spins pushed by the server', async () => {
    const slug = 'follow';
    const snapshot = makeSnapshot(slug, 1, makeEntries(500));
    server.publish(slug, snapshot);
    server.setPresenter(false);
    const { page, pageErrors } = await openWheelPage(browser, `${server.url}/wheel/${slug}`, {
      canSpin: false,
    });
    expect(await page.locator('[data-testid="spin"]').isVisible()).toBe(false);
    await page.keyboard.press('Space'); // no rights: nothing happens
    expect(await wheelAttribute(page, 'data-state')).toBe('idle');

    const target = snapshot.entries[321]!;
    const plan = {
      id: 'pushed-1',
      wheel: slug,
      version: 1,
      targetIndex: 321,
      ticket: target.ticket,
      name: target.name,
      ...PLAN_SHAPE,
    };
    const landedBefore = server.landed.length;
    server.sendEvent(slug, 'spin', plan);
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    await page.clock.runFor(plan.durationMs + 50);
    await waitForWheelAttribute(page, 'data-state', 'idle');
    const attributes = await wheelAttributes(page);
    expect(attributes['data-last-spin-id']).toBe('pushed-1');
    expect(attributes['data-last-winner']).toBe(target.ticket);
    expect(attributes['data-pointer-index']).toBe('321');
    expect(await page.locator('#announcer').textContent()).toContain(target.name);
    expect(server.landed.length).toBe(landedBefore); // only the presenter's page reports the landing
    expect(pageErrors).toEqual([]);
    server.setPresenter(true);
    await page.close();
  });

  it('the spin button spins; on 409 the page fetches the newer version, applies it and asks again', async () => {
    const slug = 'stale';
    server.publish(slug, makeSnapshot(slug, 1, makeEntries(40)));
    const { page, pageErrors } = await openWheelPage(browser, `${server.url}/wheel/${slug}?key=k`, {
      canSpin: true,
    });
    server.publish(slug, makeSnapshot(slug, 2, makeEntries(30)), { announce: false });
    expect(await wheelAttribute(page, 'data-version')).toBe('1');
    await page.locator('[data-testid="spin"]').click();
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    expect(await wheelAttribute(page, 'data-version')).toBe('2');
    const plan = server.plans.at(-1)!;
    expect(plan.version).toBe(2);
    expect(server.requests.filter((r) => r.startsWith(`POST /api/wheels/${slug}/spins?`))).toHaveLength(2);
    await page.clock.runFor(plan.durationMs + 50);
    await waitForWheelAttribute(page, 'data-state', 'idle');
    expect(await wheelAttribute(page, 'data-pointer-index')).toBe(String(plan.targetIndex));
    expect(server.landed.at(-1)).toMatchObject({ spinId: plan.id, landedIndex: plan.targetIndex });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('animates a spin planned on the version before the one on screen (winner removed at draw time)', async () => {
    const slug = 'removed';
    const v1 = makeSnapshot(slug, 1, makeEntries(60));
    server.publish(slug, v1);
    const { page } = await openWheelPage(browser, `${server.url}/wheel/${slug}`);
    // The draw publishes v2 without the winner; its announcement overtakes the spin event.
    server.publish(
      slug,
      makeSnapshot(
        slug,
        2,
        v1.entries.filter((_, i) => i !== 17),
      ),
    );
    await waitForWheelAttribute(page, 'data-version', '2');
    const target = v1.entries[17]!;
    server.sendEvent(slug, 'spin', {
      id: 'r1',
      wheel: slug,
      version: 1,
      targetIndex: 17,
      ticket: target.ticket,
      name: target.name,
      ...PLAN_SHAPE,
    });
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    expect(await wheelAttribute(page, 'data-version')).toBe('1');
    expect(await wheelAttribute(page, 'data-pending-version')).toBe('2');
    await page.clock.runFor(11_050);
    await waitForWheelAttribute(page, 'data-state', 'idle');
    expect(await wheelAttribute(page, 'data-last-winner')).toBe(target.ticket);
    expect(await wheelAttribute(page, 'data-pointer-index')).toBe('17');
    await page.clock.runFor(5_000);
    await waitForWheelAttribute(page, 'data-version', '2');
    expect(await wheelAttribute(page, 'data-entry-count')).toBe('59');
    await page.close();
  });

  it('does not animate a plan that fails the check, and keeps working', async () => {
    const slug = 'bad-plan';
    const snapshot = makeSnapshot(slug, 1, makeEntries(20));
    server.publish(slug, snapshot);
    const { page, pageErrors } = await openWheelPage(browser, `${server.url}/wheel/${slug}`);
    server.sendEvent(slug, 'spin', {
      id: 'bad',
      wheel: slug,
      version: 1,
      targetIndex: 3,
      ticket: 'not-3',
      name: 'x',
      ...PLAN_SHAPE,
    });
    await waitForWheelAttribute(page, 'data-plan-problem', 'ticket_mismatch');
    expect(await wheelAttribute(page, 'data-state')).toBe('idle');
    server.sendEvent(slug, 'spin', {
      id: 'good',
      wheel: slug,
      version: 1,
      targetIndex: 3,
      ticket: snapshot.entries[3]!.ticket,
      name: 'n',
      ...PLAN_SHAPE,
    });
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    await page.clock.runFor(11_050);
    await waitForWheelAttribute(page, 'data-last-spin-id', 'good');
    expect(await wheelAttribute(page, 'data-pointer-index')).toBe('3');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
