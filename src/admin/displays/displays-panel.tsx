// Every wheel screen that has reported in, across all wheels, refreshed while the page is open.
// A screen silent for longer than the server's stale limit is "gone" (closed or cut off), one
// showing an old version is flagged: those are the ones to walk over to before the next spin. The
// organizer can name a screen ("Stage left") and forget a gone one.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { DISPLAY_NAME_MAX_CHARACTERS, type DisplayStatus } from '../../core/index.ts';
import type { ApiClient, ApiErrorBody } from '../api/client.ts';
import { ErrorNotice, Loading, WideTable, formatDateTime } from '../shared/ui.tsx';
import { describeDisplay } from './display-readiness.ts';

export const DISPLAYS_REFRESH_INTERVAL_MS = 5_000;

function formatFps(fps: number | null): string {
  return fps === null ? '—' : fps.toFixed(0);
}

function formatHeap(heapMb: number | null): string {
  return heapMb === null ? '—' : `${heapMb.toFixed(0)} MB`;
}

/** A compact browser name from a user agent, with the full text in a tooltip. */
function shortUserAgent(userAgent: string | null): string {
  if (!userAgent) return '—';
  const match = /(Firefox|Edg|Chrome|Chromium|Safari)\/(\d+)/.exec(userAgent);
  const platform = /\(([^;)]+)/.exec(userAgent)?.[1];
  return match
    ? `${match[1] === 'Edg' ? 'Edge' : match[1]} ${match[2]}${platform ? ` · ${platform}` : ''}`
    : userAgent;
}

export function DisplaysPanel({ api }: { api: ApiClient }) {
  const [displays, setDisplays] = useState<DisplayStatus[] | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [refreshedAt, setRefreshedAt] = useState<Date | null>(null);
  /** The row whose name is being edited, and the text typed so far (survives the refreshes). */
  const [editing, setEditing] = useState<{ wheel: string; id: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const result = await api.listDisplays();
    if (result.ok) {
      setDisplays(result.data.displays);
      setError(null);
      setRefreshedAt(new Date());
    } else setError(result.error);
  }, [api]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // NOTE: the next refresh is scheduled after the answer, so a slow server never piles up requests.
    const refresh = async () => {
      await load();
      if (!stopped) timer = setTimeout(() => void refresh(), DISPLAYS_REFRESH_INTERVAL_MS);
    };
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [load]);

  async function saveName(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    setBusy(true);
    const result = await api.nameDisplay(editing.wheel, editing.id, editing.name.trim());
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setEditing(null);
    await load();
  }

  async function forget(display: DisplayStatus) {
    setBusy(true);
    const result = await api.forgetDisplay(display.wheel, display.id);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    await load();
  }

  const staleCount = displays?.filter((display) => display.stale).length ?? 0;
  const outdatedCount = displays?.filter((display) => display.outdated).length ?? 0;

  return (
    <section aria-labelledby="displays-title">
      <div className="section-head">
        <h2 id="displays-title">Displays</h2>
        <span className="muted" role="status">
          {refreshedAt
            ? `Updated ${refreshedAt.toLocaleTimeString()} · every ${DISPLAYS_REFRESH_INTERVAL_MS / 1000} s`
            : null}
        </span>
      </div>
      <p className="muted">
        Every wheel screen that has reported in. <strong>Gone</strong>: not heard from for more than 45 s
        (closed, asleep or cut off; forget it once it is not coming back). <strong>Outdated</strong>: not
        showing the latest published version.
      </p>
      {displays !== null && (staleCount > 0 || outdatedCount > 0) ? (
        <div className="notice notice-warning" role="alert">
          {staleCount > 0 ? `${staleCount} gone` : null}
          {staleCount > 0 && outdatedCount > 0 ? ' · ' : null}
          {outdatedCount > 0 ? `${outdatedCount} outdated` : null}
        </div>
      ) : null}
      <ErrorNotice error={error} />
      {displays === null && !error ? <Loading what="the displays" /> : null}
      {displays !== null ? (
        <WideTable label="Table of displays">
          <table className="table" data-testid="displays-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Name</th>
                <th scope="col">Wheel</th>
                <th scope="col">Can spin</th>
                <th scope="col" className="numeric">
                  Version
                </th>
                <th scope="col">State</th>
                <th scope="col">Connection</th>
                <th
                  scope="col"
                  title="How spins reach the screen: its event stream, or its polls when the venue network blocks the stream"
                >
                  Spins via
                </th>
                <th scope="col" className="numeric">
                  FPS
                </th>
                <th scope="col" className="numeric">
                  Heap
                </th>
                <th scope="col">Last sync</th>
                <th scope="col">Last seen</th>
                <th scope="col">Browser</th>
                <th scope="col">Display id</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {displays.length === 0 ? (
                <tr>
                  <td colSpan={15} className="muted">
                    No display has reported in yet.
                  </td>
                </tr>
              ) : null}
              {displays.map((display) => {
                const readiness = describeDisplay(display);
                const label = display.name ?? `screen ${display.id.slice(0, 8)}`;
                const isEditing = editing?.wheel === display.wheel && editing.id === display.id;
                return (
                  <tr
                    key={`${display.wheel}/${display.id}`}
                    data-display-id={display.id}
                    data-stale={String(display.stale)}
                    data-outdated={String(display.outdated)}
                    data-can-spin={String(readiness.canSpin)}
                    className={display.stale || display.outdated ? 'row-alert' : undefined}
                  >
                    <td>
                      {readiness.gone ? <span className="badge badge-alert">Gone</span> : null}
                      {display.outdated ? <span className="badge badge-alert">Outdated</span> : null}
                      {!display.stale && !display.outdated ? (
                        <span className="badge badge-ok">OK</span>
                      ) : null}
                    </td>
                    <td data-testid="display-name">
                      {isEditing && editing ? (
                        <form className="inline-form" onSubmit={(event) => void saveName(event)}>
                          <input
                            type="text"
                            aria-label={`Name of ${label}`}
                            maxLength={DISPLAY_NAME_MAX_CHARACTERS}
                            value={editing.name}
                            autoFocus
                            onChange={(event) => setEditing({ ...editing, name: event.target.value })}
                          />
                          <button type="submit" className="button-small" disabled={busy}>
                            Save
                          </button>
                          <button type="button" className="button-small" onClick={() => setEditing(null)}>
                            Cancel
                          </button>
                        </form>
                      ) : (
                        <>
                          {display.name ?? <span className="muted">unnamed</span>}{' '}
                          <button
                            type="button"
                            className="button-small"
                            aria-label={`${display.name ? 'Rename' : 'Name'} ${label}`}
                            onClick={() =>
                              setEditing({ wheel: display.wheel, id: display.id, name: display.name ?? '' })
                            }
                          >
                            {display.name ? 'Rename' : 'Name'}
                          </button>
                        </>
                      )}
                    </td>
                    <td>
                      <a href={`/admin/wheels/${encodeURIComponent(display.wheel)}/draws`}>{display.wheel}</a>
                    </td>
                    <td className={readiness.canSpin ? undefined : 'cell-alert'}>{readiness.spinNote}</td>
                    <td className={display.outdated ? 'numeric cell-alert' : 'numeric'}>
                      {display.version ?? '—'}
                      {display.outdated && display.latestVersion !== null
                        ? ` of ${display.latestVersion}`
                        : ''}
                    </td>
                    <td>{display.state}</td>
                    <td className={readiness.gone ? 'cell-alert' : undefined}>{readiness.connection}</td>
                    <td>{display.spinSource ?? '–'}</td>
                    <td className="numeric">{formatFps(display.fps)}</td>
                    <td className="numeric">{formatHeap(display.heapMb)}</td>
                    <td>{formatDateTime(display.lastSyncAt)}</td>
                    <td className={display.stale ? 'cell-alert' : undefined}>
                      {formatDateTime(display.lastSeenAt)}
                    </td>
                    <td title={display.userAgent ?? undefined}>{shortUserAgent(display.userAgent)}</td>
                    <td>
                      <code>{display.id.slice(0, 8)}</code>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button-small"
                        disabled={busy}
                        aria-label={`Forget ${label}`}
                        title={
                          readiness.gone
                            ? 'Remove this row'
                            : 'Remove this row (a screen still open reports in again within seconds)'
                        }
                        onClick={() => void forget(display)}
                      >
                        Forget
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </WideTable>
      ) : null}
    </section>
  );
}
