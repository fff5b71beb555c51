import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../api/client.ts';
import { findUnpublishedHandEdit } from './hand-edits.ts';

let nextId = 100;
const event = (action: string): AuditEvent => ({
  id: nextId--,
  at: '2026-12-06T08:00:00.000Z',
  actor: 'admin',
  action,
  wheel: 'default',
  details: {},
  hash: 'h',
  prevHash: 'p',
});

describe('findUnpublishedHandEdit', () => {
  it('finds a hand edit newer than the last upload or publish, past unrelated events', () => {
    const edit = event('edit_entries');
    expect(findUnpublishedHandEdit([event('settings'), edit, event('import')])).toBe(edit);
    const restore = event('restore');
    expect(findUnpublishedHandEdit([restore, event('publish')])).toBe(restore);
  });

  it('is null once an upload or a publish came after the edit', () => {
    expect(findUnpublishedHandEdit([event('import'), event('edit_entries')])).toBeNull();
    expect(findUnpublishedHandEdit([event('publish'), event('edit_entries')])).toBeNull();
  });

  it('is null for a wheel never edited by hand', () => {
    expect(findUnpublishedHandEdit([])).toBeNull();
    expect(findUnpublishedHandEdit([event('settings'), event('create_wheel')])).toBeNull();
  });
});
