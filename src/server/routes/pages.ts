// The built pages (Vite, dist/web): / → /wheel/default, /wheel/:slug, /verify/:slug, /results/:slug,
// /present/:slug, /admin, /assets/*, /favicon.ico, and the wheel page's service worker: /sw.js and the shell it precaches,
// /display/index.html.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { buildFavicon } from './favicon.ts';

const ASSET_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
const SERVICE_WORKER_FILE = 'sw.js';
const SERVICE_WORKER_PATH = `/${SERVICE_WORKER_FILE}`;
const WHEEL_SHELL_PATH = '/display/index.html';
/** sendFile would replace our Cache-Control with `public, max-age=0`. */
const OWN_CACHE_CONTROL = { cacheControl: false } as const;
const FAVICON_MAX_AGE_S = 24 * 60 * 60;
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

  const sendPage = (reply: FastifyReply, page: 'display' | 'admin' | 'verify' | 'results' | 'present') => {
    const file = join(page, 'index.html');
    if (!existsSync(join(webRoot, file))) return sendNotBuilt(reply);
    // The HTML names the current asset hashes, so it is always revalidated.
    return reply.header('Cache-Control', 'no-cache').sendFile(file, OWN_CACHE_CONTROL);
  };

  fastify.get('/', (_request, reply) => reply.redirect('/wheel/default', 302));
  const favicon = buildFavicon();
  fastify.get('/favicon.ico', (_request, reply) =>
    reply.type('image/x-icon').header('Cache-Control', `public, max-age=${FAVICON_MAX_AGE_S}`).send(favicon),
  );
  fastify.get('/wheel/:slug', (_request, reply) => sendPage(reply, 'display'));
  fastify.get('/verify/:slug', (_request, reply) => sendPage(reply, 'verify'));
  fastify.get('/results/:slug', (_request, reply) => sendPage(reply, 'results'));
  fastify.get('/present/:slug', (_request, reply) => sendPage(reply, 'present'));
  fastify.get('/admin', (_request, reply) => sendPage(reply, 'admin'));
  fastify.get('/admin/*', (_request, reply) => sendPage(reply, 'admin'));
  // The shell the service worker precaches and serves for /wheel/* (the same file as /wheel/:slug).
  fastify.get(WHEEL_SHELL_PATH, (_request, reply) => sendPage(reply, 'display'));
  fastify.get(SERVICE_WORKER_PATH, (_request, reply) => {
    if (!existsSync(join(webRoot, SERVICE_WORKER_FILE)))
      return reply.code(404).type('text/plain; charset=utf-8').send('No service worker in this build.\n');
    // NOTE: always revalidated, so a new build is found on the next update check (its precache
    // revisions are inside); the wheel page applies it only while the wheel is idle.
    return reply.header('Cache-Control', 'no-cache').sendFile(SERVICE_WORKER_FILE, OWN_CACHE_CONTROL);
  });
}

function sendNotBuilt(reply: FastifyReply) {
  return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT_MESSAGE);
}
