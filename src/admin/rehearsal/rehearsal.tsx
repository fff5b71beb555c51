// Rehearsal: a wheel's draws count for nothing (not in results, prize counts or eligibility) and
// its screens say REHEARSAL. The admin shows a banner on every tab while it lasts; going live is
// one confirmed action (audited by the server).
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient, ApiErrorBody } from '../api/client.ts';
import { AppliesWhen, ErrorNotice } from '../shared/ui.tsx';

export interface RehearsalState {
  /** null until known (or when it could not be read). */
  rehearsal: boolean | null;
  error: ApiErrorBody | null;
  busy: boolean;
  set: (rehearsal: boolean) => Promise<void>;
}

/** The wheel's rehearsal flag, read once per wheel and changed through the server. */
export function useRehearsal(api: ApiClient, slug: string): RehearsalState {
  const [rehearsal, setRehearsal] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    setRehearsal(null);
    void api.getRehearsal(slug).then((result) => {
      if (!current) return;
      if (result.ok) setRehearsal(result.data.rehearsal);
      else if (result.status !== 404) setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [api, slug]);

  const set = useCallback(
    async (next: boolean) => {
      setBusy(true);
      setError(null);
      const result = await api.setRehearsal(slug, next);
      setBusy(false);
      if (result.ok) setRehearsal(result.data.rehearsal);
      else setError(result.error);
    },
    [api, slug],
  );

  return { rehearsal, error, busy, set };
}

/** Shown above every tab while the wheel rehearses (it stays in view), with the way back to live. */
export function RehearsalBanner({ state }: { state: RehearsalState }) {
  if (state.rehearsal !== true) return null;
  return (
    <div className="notice notice-warning rehearsal-banner" role="status" data-testid="rehearsal-banner">
      <strong>REHEARSAL.</strong> Draws on this wheel are marked as rehearsal and count for nothing: not in
      results, exports, prize counts or who may win. The screens show REHEARSAL. <GoLive state={state} />
    </div>
  );
}

/** Going live: one action, confirmed first. */
function GoLive({ state }: { state: RehearsalState }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      {confirming ? (
        <span className="rehearsal-confirm" role="group" aria-label="Confirm going live">
          <span>From now on every draw counts. Go live?</span>{' '}
          <button
            type="button"
            className="button-primary"
            data-testid="rehearsal-go-live-confirm"
            disabled={state.busy}
            onClick={() => void state.set(false).then(() => setConfirming(false))}
          >
            Yes, go live
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button-primary"
          data-testid="rehearsal-go-live"
          onClick={() => setConfirming(true)}
        >
          Go live…
        </button>
      )}
      <ErrorNotice error={state.error} />
    </>
  );
}

/** The switch into rehearsal and back (Settings tab); the banner offers going live on every tab. */
export function RehearsalSwitch({ state }: { state: RehearsalState }) {
  return (
    <section aria-labelledby="rehearsal-title">
      <h2 id="rehearsal-title">Rehearsal</h2>
      <AppliesWhen when="now" />
      <div className="card">
        <p className="muted">
          Try the night before it starts: in rehearsal, spins and declines work as on the night, the screens
          show REHEARSAL, and the draws are kept (marked) but count for nothing. Go live when the rehearsal is
          done.
        </p>
        {state.rehearsal === true ? (
          <div className="toolbar">
            <span data-testid="rehearsal-state">This wheel is rehearsing.</span> <GoLive state={state} />
          </div>
        ) : (
          <button
            type="button"
            data-testid="rehearsal-start"
            disabled={state.rehearsal === null || state.busy}
            onClick={() => void state.set(true)}
          >
            Start a rehearsal
          </button>
        )}
        <ErrorNotice error={state.rehearsal === true ? null : state.error} />
      </div>
    </section>
  );
}
