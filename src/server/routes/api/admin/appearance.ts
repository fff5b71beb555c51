// GET/PUT /api/admin/wheels/:slug/appearance — the wheel's presentation settings: the display
// title, the logo (base64 in JSON, checked by content) and the offline-spin policy. Live settings,
// not part of any snapshot: a change is audited and pushed to every open display at once.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  APPEARANCE_TITLE_MAX_CHARACTERS,
  LOGO_MAX_BYTES,
  OFFLINE_SPIN_POLICIES,
  type AdminAppearance,
} from '../../../../core/index.ts';
import {
  changeAppearance,
  logoUrlOf,
  prepareLogo,
  toPublicAppearance,
} from '../../../services/appearance.ts';
import type { AppearanceChange, StoredAppearance } from '../../../storage/store.ts';
import { parseRequest } from '../../../validation.ts';

/**
 * Room for base64 of images well over LOGO_MAX_BYTES, so an oversized logo is refused with a
 * message naming the limit rather than a bare "body too large".
 */
const APPEARANCE_BODY_LIMIT_BYTES = 8 * LOGO_MAX_BYTES;

const appearanceBodySchema = z
  .object({
    title: z.string().trim().max(APPEARANCE_TITLE_MAX_CHARACTERS),
    offlineSpins: z.enum(OFFLINE_SPIN_POLICIES as ['allow', 'refuse']),
    /** The image as base64 (PNG, JPEG or WebP); null removes the logo. */
    logo: z.union([z.base64(), z.null()]),
  })
  .partial()
  .strict();

type SlugParams = { Params: { slug: string } };

function adminView(slug: string, stored: StoredAppearance): AdminAppearance {
  return {
    ...toPublicAppearance(slug, stored),
    logo:
      stored.logo === null
        ? null
        : {
            url: logoUrlOf(slug, stored.logo.sha256),
            contentType: stored.logo.contentType,
            bytes: stored.logo.bytes,
          },
    updatedAt: stored.updatedAt,
  };
}

export async function wheelAppearanceAdminRoutes(fastify: FastifyInstance): Promise<void> {
  const actorOf = (request: FastifyRequest) => request.user?.username ?? 'unknown';

  fastify.get<SlugParams>('/:slug/appearance', async (request) => {
    const { slug } = request.params;
    return adminView(slug, await fastify.store.getAppearance(slug));
  });

  fastify.put<SlugParams>(
    '/:slug/appearance',
    { bodyLimit: APPEARANCE_BODY_LIMIT_BYTES, config: { openapi: { body: appearanceBodySchema } } },
    async (request) => {
      const { slug } = request.params;
      const body = parseRequest(appearanceBodySchema, request.body);
      const change: AppearanceChange = {};
      if (body.title !== undefined) change.title = body.title;
      if (body.offlineSpins !== undefined) change.offlineSpins = body.offlineSpins;
      if (body.logo === null) change.logo = null;
      else if (body.logo !== undefined)
        change.logo = prepareLogo(new Uint8Array(Buffer.from(body.logo, 'base64')));
      const stored = await changeAppearance(fastify, slug, change, actorOf(request));
      return adminView(slug, stored);
    },
  );
}
