import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  buildArcs,
  computeSnapshotChecksum,
  createSeededRandom,
  DEFAULT_SETTINGS,
  drawBatch,
  eligiblePool,
  personKeyOf,
  prizeRemaining,
  planSpinShape,
  snapshotWireJson,
  uniformInt,
  type Entry,
  type ProgramState,
  type PublicProgramDraw,
  type Snapshot,
  type StageState,
  type SpinPlan,
  type WheelSettings,
} from '../../src/core/index.ts';

/**
 * A stand-in for the real server, for the wheel page's browser tests and benchmark: serves the built
 * page (dist/web/display/index.html for /wheel/:slug, /assets/*) and fake API answers the test
 * controls. The real server's end-to-end tests live elsewhere.
 */
export interface DisplayTestServer {
  readonly url: string;
  /** Publishes a version and announces it on the event stream. */
  publish(slug: string, snapshot: Snapshot, options?: { announce?: boolean }): void;
  /** Sends a Server-Sent Event to every page following the wheel. */
  sendEvent(slug: string, event: 'snapshot' | 'spin' | 'landed', data: unknown): void;
  /** How the snapshot endpoint answers: normally, or with a failure. */
  setSnapshotMode(mode: 'normal' | 'error-500' | 'malformed' | 'bad-checksum' | 'hang'): void;
  setPresenter(canSpin: boolean): void;
  /** Overrides the next spin answers (FIFO); otherwise a random plan on the latest version is drawn. */
  queueSpinAnswer(answer: { status: number; body: unknown }): void;
  readonly plans: SpinPlan[];
  readonly landed: Array<{ spinId: string; landedIndex: number; durationMs: number }>;
  readonly requests: string[];
  /**
   * The event program of a wheel with prizes (GET …/program, PUT …/stage, prize spins drawn by
   * core's eligiblePool and drawBatch); every change is announced as a `program` event.
   */
  setProgram(slug: string, change: Partial<Omit<ProgramState, 'wheel' | 'revision'>>): ProgramState;
  program(slug: string): ProgramState;
  /** Title and logo (GET …/appearance; the logo is served at /logo.png). */
  setAppearance(slug: string, appearance: { title: string; logoPng: Buffer | null }): void;
  close(): Promise<void>;
}

export function makeSnapshot(
  wheel: string,
  version: number,
  entries: Entry[],
  settings: WheelSettings = { ...DEFAULT_SETTINGS },
): Snapshot {
  const body = {
    wheel,
    version,
    publishedAt: new Date(Date.UTC(2026, 10, 28, 12, 0, version)).toISOString(),
    entries,
    settings,
  };
  return { ...body, checksum: computeSnapshotChecksum(body) };
}

export function makeEntries(count: number, prefix = 'Participant'): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    ticket: String(i + 1).padStart(5, '0'),
    name: `${prefix} ${i + 1}`,
    weight: 1,
  }));
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

export async function startDisplayTestServer(
  options: { seed?: number; webRoot?: string } = {},
): Promise<DisplayTestServer> {
  const webRoot = options.webRoot ?? resolve(import.meta.dirname, '../../dist/web');
  const snapshots = new Map<string, Snapshot[]>();
  const streams = new Map<string, Set<ServerResponse>>();
  const spinAnswers: Array<{ status: number; body: unknown }> = [];
  const plans: SpinPlan[] = [];
  const landed: DisplayTestServer['landed'] = [];
  const requests: string[] = [];
  const random = createSeededRandom(options.seed ?? 42);
  let snapshotMode: Parameters<DisplayTestServer['setSnapshotMode']>[0] = 'normal';
  let canSpin = true;
  let spinSeq = 0;
  const programs = new Map<string, ProgramState>();
  const appearances = new Map<string, { title: string; logoPng: Buffer | null }>();
  let revision = 0;
  const programOf = (slug: string): ProgramState =>
    programs.get(slug) ?? {
      wheel: slug,
      rehearsal: false,
      stage: { prizeId: null, scene: 'wheel', blank: false },
      draws: [],
      revision: 'r0',
    };

  const json = (res: ServerResponse, status: number, body?: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  /** Each published snapshot as the real server sends it (core's snapshotWireJson), made at publish. */
  const wireTexts = new WeakMap<Snapshot, string>();
  const sendSnapshot = (res: ServerResponse, snapshot: Snapshot): void => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(wireTexts.get(snapshot));
  };
  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      return null;
    }
  };
  const send = (slug: string, event: string, data: unknown): void => {
    for (const res of streams.get(slug) ?? [])
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const latest = (slug: string): Snapshot | undefined => snapshots.get(slug)?.at(-1);

  const serveFile = async (res: ServerResponse, path: string): Promise<void> => {
    const file = normalize(join(webRoot, path));
    if (!file.startsWith(webRoot)) return json(res, 404, { error: { code: 'not_found', message: path } });
    try {
      const data = await readFile(file);
      res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    } catch {
      json(res, 404, { error: { code: 'not_found', message: path } });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.method === 'GET' && /^\/wheel\/[^/]+\/?$/.test(url.pathname))
      return serveFile(res, 'display/index.html');
    if (req.method === 'GET' && url.pathname.startsWith('/assets/')) return serveFile(res, url.pathname);
    const api = /^\/api\/wheels\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!api) return json(res, 404, { error: { code: 'not_found', message: url.pathname } });
    const slug = decodeURIComponent(api[1] as string);
    const rest = api[2] as string;

    if (req.method === 'GET' && rest === 'snapshot') {
      if (snapshotMode === 'hang') return; // never answers; the page's timeout must fire
      if (snapshotMode === 'error-500')
        return json(res, 500, { error: { code: 'internal', message: 'boom' } });
      const snapshot = latest(slug);
      if (!snapshot)
        return json(res, 404, { error: { code: 'not_published', message: 'nothing published' } });
      const current = Number(url.searchParams.get('currentVersion'));
      if (url.searchParams.has('currentVersion') && current >= snapshot.version) return json(res, 204);
      if (snapshotMode === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(snapshot).slice(0, 100));
      }
      if (snapshotMode === 'bad-checksum')
        return json(res, 200, { ...snapshot, version: snapshot.version + 1 });
      return sendSnapshot(res, snapshot);
    }
    const versionMatch = /^snapshots\/(\d+)$/.exec(rest);
    if (req.method === 'GET' && versionMatch) {
      const found = snapshots.get(slug)?.find((s) => s.version === Number(versionMatch[1]));
      return found
        ? sendSnapshot(res, found)
        : json(res, 404, { error: { code: 'not_found', message: 'no version' } });
    }
    if (req.method === 'GET' && rest === 'presenter') return json(res, 200, { canSpin });
    if (req.method === 'GET' && rest === 'program') return json(res, 200, programOf(slug));
    if (req.method === 'PUT' && rest === 'stage') {
      if (!canSpin) return json(res, 403, { error: { code: 'forbidden', message: 'no presenter rights' } });
      const body = (await readBody(req)) as Partial<StageState> | null;
      const stage = { ...programOf(slug).stage, ...body };
      return json(res, 200, setProgram(slug, { stage }).stage);
    }
    if (req.method === 'GET' && rest === 'appearance') {
      const appearance = appearances.get(slug);
      return json(res, 200, {
        title: appearance?.title ?? '',
        logoUrl: appearance?.logoPng ? `/api/wheels/${slug}/logo.png` : null,
        offlineSpins: 'allow',
      });
    }
    if (req.method === 'GET' && rest === 'logo.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      return void res.end(appearances.get(slug)?.logoPng);
    }
    if (req.method === 'GET' && rest === 'events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const set = streams.get(slug) ?? new Set();
      streams.set(slug, set);
      set.add(res);
      req.on('close', () => set.delete(res));
      return;
    }
    if (req.method === 'POST' && rest === 'spins') {
      const body = (await readBody(req)) as { version?: number } | null;
      const override = spinAnswers.shift();
      if (override) return json(res, override.status, override.body);
      if (!canSpin) return json(res, 403, { error: { code: 'forbidden', message: 'no presenter rights' } });
      const snapshot = latest(slug);
      if (!snapshot)
        return json(res, 404, { error: { code: 'not_published', message: 'nothing published' } });
      if (body?.version !== snapshot.version) {
        return json(res, 409, {
          error: { code: 'stale_version', message: 'newer version' },
          latestVersion: snapshot.version,
        });
      }
      const program = programOf(slug);
      const prize = snapshot.prizes?.find((candidate) => candidate.id === program.stage.prizeId);
      if (snapshot.prizes !== undefined && snapshot.prizes.length > 0) {
        if (prize === undefined)
          return json(res, 409, { error: { code: 'no_prize_selected', message: 'no prize' } });
        return prizeSpin(res, slug, snapshot, prize, program);
      }
      const arcs = buildArcs(snapshot.entries.map((e) => e.weight));
      const targetIndex = uniformInt(random, arcs.count);
      const shape = planSpinShape(random, snapshot.settings);
      const target = snapshot.entries[targetIndex] as Entry;
      spinSeq += 1;
      const plan: SpinPlan = {
        id: `spin-${spinSeq}`,
        wheel: slug,
        version: snapshot.version,
        targetIndex,
        ticket: target.ticket,
        name: target.name,
        rotations: shape.rotations,
        landingFraction: shape.landingFraction,
        durationMs: snapshot.settings.spinDurationMs,
      };
      plans.push(plan);
      json(res, 201, plan);
      send(slug, 'spin', plan);
      return;
    }
    const landedMatch = /^spins\/([^/]+)\/landed$/.exec(rest);
    if (req.method === 'POST' && landedMatch) {
      const body = (await readBody(req)) as { landedIndex: number; durationMs: number };
      landed.push({ spinId: decodeURIComponent(landedMatch[1] as string), ...body });
      return json(res, 204);
    }
    json(res, 404, { error: { code: 'not_found', message: url.pathname } });
  };

  function setProgram(slug: string, change: Partial<Omit<ProgramState, 'wheel' | 'revision'>>): ProgramState {
    revision += 1;
    const program = { ...programOf(slug), ...change, revision: `r${revision}` };
    programs.set(slug, program);
    send(slug, 'program', { revision: program.revision, rehearsal: program.rehearsal, stage: program.stage });
    return program;
  }

  /** A prize's batch: core eligiblePool and drawBatch, every place its own draw, the plan its first winner. */
  function prizeSpin(
    res: ServerResponse,
    slug: string,
    snapshot: Snapshot,
    prize: NonNullable<Snapshot['prizes']>[number],
    program: ProgramState,
  ): void {
    const winners = Math.min(prize.batchSize, prizeRemaining(prize, program.draws));
    if (winners === 0) return json(res, 409, { error: { code: 'prize_exhausted', message: 'none left' } });
    const pool = eligiblePool(snapshot.entries, prize, program.draws);
    const picks = drawBatch(snapshot.entries, pool, { winners, reserves: prize.reserves }, (weights) =>
      uniformInt(random, weights.length),
    );
    if (picks.length === 0)
      return json(res, 409, { error: { code: 'no_eligible_entries', message: 'empty' } });
    spinSeq += 1;
    const batchId = `batch-${spinSeq}`;
    const firstSeq = program.draws.length + 1;
    const draws: PublicProgramDraw[] = picks.map((pick, i) => {
      const entry = snapshot.entries[pick.entryIndex] as Entry;
      return {
        seq: firstSeq + i,
        version: snapshot.version,
        prizeId: prize.id,
        batchId,
        ticket: entry.ticket,
        name: entry.name,
        targetIndex: pick.entryIndex,
        person: personKeyOf(entry),
        role: pick.role,
        rank: pick.rank,
        substitutes: null,
        promotedFrom: null,
        declined: false,
        declineReason: null,
        voided: false,
        rehearsal: program.rehearsal,
        createdAt: new Date().toISOString(),
      };
    });
    const first = draws[0] as PublicProgramDraw;
    const shape = planSpinShape(random, snapshot.settings);
    const plan: SpinPlan = {
      id: `spin-${spinSeq}`,
      wheel: slug,
      version: snapshot.version,
      targetIndex: first.targetIndex,
      ticket: first.ticket,
      name: first.name,
      rotations: shape.rotations,
      landingFraction: shape.landingFraction,
      durationMs: snapshot.settings.spinDurationMs,
      prizeId: prize.id,
      batch: draws.map((draw) => ({
        seq: draw.seq,
        ticket: draw.ticket,
        name: draw.name,
        targetIndex: draw.targetIndex,
        role: draw.role!,
        rank: draw.rank!,
      })),
      ...(program.rehearsal ? { rehearsal: true } : {}),
    };
    plans.push(plan);
    setProgram(slug, {
      draws: [...program.draws, ...draws],
      stage: { ...program.stage, prizeId: prize.id, scene: draws.length > 1 ? 'batch' : 'wheel' },
    });
    json(res, 201, plan);
    send(slug, 'spin', plan);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('display test server:', error);
      if (!res.headersSent) json(res, 500, { error: { code: 'internal', message: String(error) } });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setProgram,
    program: programOf,
    setAppearance(slug, appearance) {
      appearances.set(slug, appearance);
      send(slug, 'appearance', {});
    },
    publish(slug, snapshot, publishOptions = {}) {
      const list = snapshots.get(slug) ?? [];
      list.push(snapshot);
      snapshots.set(slug, list);
      // A damaged snapshot (a test's) has no wire form: sent as plain JSON, and refused by the page.
      wireTexts.set(snapshot, snapshotWireJson(snapshot) ?? JSON.stringify(snapshot));
      if (publishOptions.announce !== false) send(slug, 'snapshot', { version: snapshot.version });
    },
    sendEvent: send,
    setSnapshotMode(mode) {
      snapshotMode = mode;
    },
    setPresenter(value) {
      canSpin = value;
    },
    queueSpinAnswer(answer) {
      spinAnswers.push(answer);
    },
    plans,
    landed,
    requests,
    async close() {
      for (const set of streams.values()) for (const res of set) res.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
