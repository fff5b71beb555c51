// The built pages (Vite, dist/web): / → /wheel/default, /wheel/:slug, /admin, /assets/*.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const ASSET_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
const NOT_BUILT_MESSAGE = 'The web pages are not built yet. Run `npm run build`, then reload.\n';

export async function pageRoutes(fastify: FastifyInstance, options: { webRoot: string }): Promise<void> {
  const { webRoot } = options;
  const assetsRoot = join(webRoot, 'assets');

  // Serves nothing by itself; gives reply.sendFile for the two HTML pages.
  await fastify.register(fastifyStatic, { root: webRoot, serve: false });
  if (existsSync(assetsRoot)) {
    // Vite names assets by content hash, so they never change under a name.
    await fastify.register(fastifyStatic, {
      root: assetsRoot,
      prefix: '/assets/',
      decorateReply: false,
      maxAge: ASSET_MAX_AGE_MS,
      immutable: true,
    });
  } else {
    fastify.get('/assets/*', (_request, reply) => sendNotBuilt(reply));
  }

  const sendPage = (reply: FastifyReply, page: 'display' | 'admin' | 'verify') => {
    const file = join(page, 'index.html');
    if (!existsSync(join(webRoot, file))) return sendNotBuilt(reply);
    // The HTML names the current asset hashes, so it is always revalidated.
    return reply.header('Cache-Control', 'no-cache').sendFile(file);
  };

  fastify.get('/', (_request, reply) => reply.redirect('/wheel/default', 302));
  fastify.get('/wheel/:slug', (_request, reply) => sendPage(reply, 'display'));
  fastify.get('/verify/:slug', (_request, reply) => sendPage(reply, 'verify'));
  fastify.get('/admin', (_request, reply) => sendPage(reply, 'admin'));
  fastify.get('/admin/*', (_request, reply) => sendPage(reply, 'admin'));
}

function sendNotBuilt(reply: FastifyReply) {
  return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT_MESSAGE);
}
