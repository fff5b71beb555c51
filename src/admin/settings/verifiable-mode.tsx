// Verifiable mode: winners come from a secret seed whose SHA-256 commitment is published before
// the draws; revealing the seed afterwards lets anyone recompute every draw at /verify/:slug.
import { useEffect, useState, type FormEvent } from 'react';
import type { PublicEpoch, PublicVerification } from '../../core/index.ts';
import type { ApiClient, ApiErrorBody } from '../api/client.ts';
import { AppliesWhen, ErrorNotice, Loading, Notice } from '../shared/ui.tsx';

export function VerifiableModePanel({ api, slug }: { api: ApiClient; slug: string }) {
  const [verification, setVerification] = useState<PublicVerification | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmingReveal, setConfirmingReveal] = useState(false);
  const [revealedSeed, setRevealedSeed] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void api.getVerification(slug).then((result) => {
      if (!current) return;
      if (result.ok) setVerification(result.data);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [api, slug]);

  async function toggle(verifiable: boolean) {
    setBusy(true);
    setError(null);
    const result = await api.setVerifiable(slug, verifiable);
    setBusy(false);
    if (result.ok) setVerification(result.data);
    else setError(result.error);
  }

  async function reveal() {
    setBusy(true);
    setError(null);
    const result = await api.revealSeed(slug);
    setBusy(false);
    setConfirmingReveal(false);
    if (!result.ok) return setError(result.error);
    setRevealedSeed(result.data.revealed.seed);
    setVerification(result.data.verification);
  }

  const verifyPath = `/verify/${encodeURIComponent(slug)}`;
  const on = verification?.mode === 'verifiable';
  const lastEpoch = verification?.epochs.at(-1);
  const openEpoch =
    on && lastEpoch && lastEpoch.revealedAt === null && lastEpoch.closedAt === null ? lastEpoch : null;
  const revealedEpochs = verification?.epochs?.filter((epoch) => epoch.seed !== null) ?? [];

  return (
    <section aria-labelledby="verifiable-title" className="card">
      <h2 id="verifiable-title">Verifiable mode</h2>
      <AppliesWhen when="now" />
      <p className="muted">
        In verifiable mode every winner is computed from a secret seed. Its commitment (a SHA-256 hash) is
        published now, before any draw; after the event you reveal the seed, and anyone can recompute every
        draw and check it against the commitment. Pre-drawn plans are disabled in this mode, because a winner
        must come from the seed alone.
      </p>
      {verification === null && !error ? <Loading what="the verification" /> : null}
      {verification !== null ? (
        <>
          <label className="field-checkbox">
            <input
              type="checkbox"
              data-testid="verifiable-toggle"
              checked={on}
              disabled={busy}
              onChange={(event) => void toggle(event.target.checked)}
            />
            <span>Verifiable mode (disables pre-drawn plans, publishes a commitment)</span>
          </label>
          {verification.commitment ? (
            <div className="verification-facts">
              <p>
                {on ? 'Published commitment' : 'Last commitment'}
                {verification.epoch !== null ? ` (seed epoch ${verification.epoch})` : ''}:{' '}
                <code className="checksum" data-testid="verification-commitment">
                  {verification.commitment}
                </code>
              </p>
              <p>
                Seed:{' '}
                {verification.seed ? (
                  <code className="checksum">{verification.seed}</code>
                ) : (
                  <span className="muted">secret until revealed</span>
                )}
              </p>
            </div>
          ) : null}
          {openEpoch ? (
            <WitnessField
              epoch={openEpoch}
              busy={busy}
              onSubmit={async (entropy) => {
                setBusy(true);
                setError(null);
                const result = await api.setWitness(slug, entropy);
                setBusy(false);
                if (result.ok) setVerification(result.data);
                else setError(result.error);
              }}
            />
          ) : null}
          {on && verification.seed === null ? (
            confirmingReveal ? (
              <Notice kind="warning">
                <p>
                  Revealing publishes the seed: from then on anyone can compute the winners it would draw, so
                  draws continue with a new seed and a new commitment. Reveal after the draws it covers.
                </p>
                <div className="toolbar">
                  <button
                    type="button"
                    className="button-danger"
                    disabled={busy}
                    onClick={() => void reveal()}
                  >
                    Reveal the seed now
                  </button>
                  <button type="button" onClick={() => setConfirmingReveal(false)}>
                    Cancel
                  </button>
                </div>
              </Notice>
            ) : (
              <button type="button" onClick={() => setConfirmingReveal(true)}>
                Reveal seed…
              </button>
            )
          ) : null}
          {revealedSeed ? (
            <Notice kind="success">
              Seed revealed: <code className="checksum">{revealedSeed}</code>
            </Notice>
          ) : null}
          {revealedEpochs.length > 0 ? (
            <p className="muted">
              {revealedEpochs.length} revealed seed{revealedEpochs.length === 1 ? '' : 's'} so far.
            </p>
          ) : null}
          <p>
            <a href={verifyPath} target="_blank" rel="noopener noreferrer">
              Public verification page ({verifyPath}) ↗
            </a>
          </p>
        </>
      ) : null}
      <ErrorNotice error={error} />
    </section>
  );
}

/**
 * The witness entropy of the open epoch: text an independent person (a notary, a guest picked from
 * the room) types after the commitment is public, before the first draw. Shown once recorded.
 */
function WitnessField(props: {
  epoch: PublicEpoch;
  busy: boolean;
  onSubmit(entropy: string): Promise<void>;
}) {
  const [entropy, setEntropy] = useState('');
  const { epoch } = props;
  if (epoch.witness !== null) {
    return (
      <p data-testid="verification-witness">
        Witness entropy (epoch {epoch.epoch}, {epoch.witnessAt}): <q>{epoch.witness}</q>
      </p>
    );
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    void props.onSubmit(entropy).then(() => setEntropy(''));
  }
  return (
    <form className="field" onSubmit={submit}>
      <label htmlFor="witness-entropy">
        Witness entropy for epoch {epoch.epoch}: let an independent person type anything (dice rolls, a
        phrase, a public beacon value), once, before the first draw. It is mixed into every winner and
        published, so nobody could know the winners when the commitment was made.
      </label>
      <input
        id="witness-entropy"
        data-testid="witness-entropy"
        maxLength={200}
        value={entropy}
        disabled={props.busy}
        onChange={(event) => setEntropy(event.target.value)}
      />
      <button type="submit" disabled={props.busy || entropy.trim() === ''}>
        Record witness
      </button>
    </form>
  );
}
