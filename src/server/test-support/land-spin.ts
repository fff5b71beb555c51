// Reports a spin's landing as a display does, so the wheel takes the next spin at once
// (a spin still turning holds its wheel: 409 spin_in_progress).
import type { FastifyInstance } from 'fastify';
import type { SpinPlan } from '../../core/index.ts';

export async function landSpin(
  app: FastifyInstance,
  headers: Record<string, string>,
  plan: Pick<SpinPlan, 'id' | 'wheel' | 'targetIndex' | 'durationMs'>,
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
): Promise<SpinPlan> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/wheels/${encodeURIComponent(slug)}/spins`,
    headers,
    payload: { version },
  });
  if (response.statusCode !== 201) throw new Error(`spin: ${response.statusCode} ${response.body}`);
  const plan = response.json<SpinPlan>();
  await landSpin(app, headers, plan);
  return plan;
}
