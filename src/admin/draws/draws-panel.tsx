// The draw log: every spin the server decided, in order, with what the display showed.
import { useCallback, useEffect, useState } from 'react';
import type { DrawMode, DrawRecord } from '../../core/index.ts';
import type { ApiClient, ApiErrorBody } from '../api/client.ts';
import { buildDrawsCsv, downloadText } from '../shared/csv-export.ts';
import { ErrorNotice, Loading, formatDateTime } from '../shared/ui.tsx';

const MODE_LABELS: Record<DrawMode, string> = {
  random: 'Random',
  predrawn: 'Pre-drawn',
  fallback: 'Fallback',
  offline: 'Offline',
};

export function DrawsPanel({ api, slug }: { api: ApiClient; slug: string }) {
  const [draws, setDraws] = useState<DrawRecord[] | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);

  const load = useCallback(async () => {
    const result = await api.listDraws(slug);
    if (result.ok) {
      setDraws([...result.data.draws].sort((a, b) => a.seq - b.seq));
      setError(null);
    } else setError(result.error);
  }, [api, slug]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="draws-title">
      <div className="section-head">
        <h2 id="draws-title">Draws</h2>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
        <button
          type="button"
          disabled={!draws || draws.length === 0}
          onClick={() => draws && downloadText(`${slug}-draws.csv`, buildDrawsCsv(draws))}
        >
          Download .csv
        </button>
      </div>
      <ErrorNotice error={error} />
      {draws === null && !error ? <Loading what="the draws" /> : null}
      {draws !== null ? (
        <table className="table" data-testid="draws-table">
          <thead>
            <tr>
              <th scope="col" className="numeric">
                #
              </th>
              <th scope="col">Time</th>
              <th scope="col" className="numeric">
                Version
              </th>
              <th scope="col">Ticket</th>
              <th scope="col">Name</th>
              <th scope="col">Mode</th>
              <th scope="col" className="numeric">
                Landed index
              </th>
              <th scope="col" className="numeric">
                Duration
              </th>
            </tr>
          </thead>
          <tbody>
            {draws.length === 0 ? (
              <tr>
                <td colSpan={8} className="muted">
                  No draws yet.
                </td>
              </tr>
            ) : null}
            {draws.map((draw) => (
              <tr key={draw.id} data-mode={draw.mode}>
                <td className="numeric">{draw.seq}</td>
                <td>{formatDateTime(draw.createdAt)}</td>
                <td className="numeric">{draw.version}</td>
                <td>{draw.ticket}</td>
                <td>{draw.name}</td>
                <td>
                  <span className={`badge badge-${draw.mode}`}>{MODE_LABELS[draw.mode] ?? draw.mode}</span>
                </td>
                <td
                  className={
                    draw.landedIndex !== null && draw.landedIndex !== draw.targetIndex
                      ? 'numeric cell-alert'
                      : 'numeric'
                  }
                  title={
                    draw.landedIndex !== null && draw.landedIndex !== draw.targetIndex
                      ? `Target was ${draw.targetIndex}`
                      : undefined
                  }
                >
                  {draw.landedIndex ?? 'not reported'}
                </td>
                <td className="numeric">
                  {draw.durationMs === null ? '—' : `${(draw.durationMs / 1000).toFixed(1)} s`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
