// Reports a spin's landing as a display does, so the wheel takes the next spin at once
// (a spin still turning holds its wheel: 409 spin_in_progress).
import type { FastifyInstance } from 'fastify';

export async function landSpin(
  app: FastifyInstance,
  headers: Record<string, string>,
  plan: { id: string; wheel: string; targetIndex: number; durationMs: number },
): Promise<void> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/wheels/${encodeURIComponent(plan.wheel)}/spins/${encodeURIComponent(plan.id)}/landed`,
    headers,
    payload: { landedIndex: plan.targetIndex, durationMs: plan.durationMs },
  });
  if (response.statusCode !== 204) throw new Error(`landed: ${response.statusCode} ${response.body}`);
}

/** Asks for a spin and reports its landing at once; returns the plan. */
export async function spinAndLand(
  app: FastifyInstance,
  headers: Record<string, string>,
  slug: string,
  version: number,
): Promise<{ id: string; wheel: string; targetIndex: number; durationMs: number; ticket: string }> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/wheels/${encodeURIComponent(slug)}/spins`,
    headers,
    payload: { version },
  });
  if (response.statusCode !== 201) throw new Error(`spin: ${response.statusCode} ${response.body}`);
  const plan = response.json<{
    id: string;
    wheel: string;
    targetIndex: number;
    durationMs: number;
    ticket: string;
  }>();
  await landSpin(app, headers, plan);
  return plan;
}
