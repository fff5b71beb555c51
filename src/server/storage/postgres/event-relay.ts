// Cross-instance fan-out of wheel events over PostgreSQL LISTEN/NOTIFY: every instance on one
// database hears the events the others publish, so an SSE stream on instance B sees a publish
// made through instance A.
// NOTE: the relay trusts nothing it did not write. Any client that may connect can NOTIFY on the
// channel, so a notification carries only `<origin> <row id>` of a row in relay_events (written
// by the sending instance, in the same statement as the NOTIFY); the listener reads that row and
// publishes its event only when it parses with the event schemas (a known type, nothing else).
// A payload of any other form, an id without a row, a row seen before or an old row is dropped.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { relayedWheelSchema, wheelEventSchema, type WheelEvent, type WheelEventBus } from '../../events.ts';
import type { Database } from '../schema.ts';

export const EVENTS_CHANNEL = 'prizewheel_events';
const RECONNECT_DELAY_MS = 1_000;
/** A row older than this when its notification arrives is not delivered (a replayed id). */
export const RELAY_EVENT_MAX_AGE_MS = 60_000;
/** Rows are deleted this long after they were written… */
const RELAY_EVENT_KEEP_MS = 10 * 60_000;
/** …by the sender, at most once per this interval. */
const RELAY_EVENT_PRUNE_INTERVAL_MS = 60_000;
/** Ids already delivered, remembered so a replayed notification delivers nothing twice. */
const DELIVERED_IDS_REMEMBERED = 10_000;
const PAYLOAD_PATTERN = /^([0-9a-f-]{36}) ([0-9a-f-]{36})$/;
/** Names the listening connection in pg_stat_activity (a DATABASE_URL application_name wins). */
export const LISTENER_APPLICATION_NAME = 'prizewheel-events';

export type RelayedEventListener = (wheel: string, event: WheelEvent) => void;

export interface PostgresEventRelay {
  /** Tags this instance's notifications, so its own events are not delivered back to it. */
  readonly instanceId: string;
  /** Sends the event to every other instance listening on the database. */
  notifyEvent(wheel: string, event: WheelEvent): Promise<void>;
  /**
   * Listens on a dedicated connection (reconnecting after a loss) and calls `onEvent` for
   * each event another instance notified. Resolves once listening; returns the unsubscribe.
   */
  subscribeEvents(onEvent: RelayedEventListener): Promise<() => Promise<void>>;
  /** Ends every subscription. */
  close(): Promise<void>;
}

export interface EventRelayOptions {
  /** A listening connection failed; it is reconnected. Events in the gap are lost (displays poll). */
  onListenError?: (error: Error) => void;
  /** A notification was dropped: not ours, forged, replayed, or not a valid event. */
  onRejected?: (reason: string) => void;
  /** A subscription is listening, first or again after a reconnect. */
  onListening?: () => void;
}

export function createPostgresEventRelay(
  db: Kysely<Database>,
  databaseUrl: string,
  options: EventRelayOptions = {},
): PostgresEventRelay {
  const instanceId = randomUUID();
  const subscriptions = new Set<() => Promise<void>>();
  let lastPruneMs = 0;
  const reject = (reason: string) => options.onRejected?.(reason);

  /** Reads the row a notification names and delivers its event, when everything about it holds. */
  async function deliverNotified(
    payload: string,
    onEvent: RelayedEventListener,
    delivered: Set<string>,
  ): Promise<void> {
    const match = PAYLOAD_PATTERN.exec(payload);
    if (!match) return reject('a notification that is not `<origin> <id>`');
    const [, origin, id] = match as unknown as [string, string, string];
    if (origin === instanceId) return;
    if (delivered.has(id)) return reject(`relayed event ${id} again`);
    const row = await db
      .selectFrom('relay_events')
      .select(['origin', 'wheel', 'created_at', 'event'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.origin !== origin) return reject(`no relayed event ${id} from ${origin}`);
    if (!(Date.now() - Date.parse(row.created_at) <= RELAY_EVENT_MAX_AGE_MS))
      return reject(`relayed event ${id} is too old`);
    const event = parseEvent(row.event);
    const wheel = relayedWheelSchema.safeParse(row.wheel);
    if (event === null || !wheel.success) return reject(`relayed event ${id} is not a valid event`);
    remember(delivered, id);
    onEvent(wheel.data, event);
  }

  function remember(delivered: Set<string>, id: string): void {
    delivered.add(id);
    if (delivered.size > DELIVERED_IDS_REMEMBERED)
      delivered.delete(delivered.values().next().value as string);
  }

  /** Deletes old rows, at most once per RELAY_EVENT_PRUNE_INTERVAL_MS. */
  async function pruneOccasionally(nowMs: number): Promise<void> {
    if (nowMs - lastPruneMs < RELAY_EVENT_PRUNE_INTERVAL_MS) return;
    lastPruneMs = nowMs;
    const cutoff = new Date(nowMs - RELAY_EVENT_KEEP_MS).toISOString();
    await db.deleteFrom('relay_events').where('created_at', '<', cutoff).execute();
  }

  async function listen(onEvent: RelayedEventListener): Promise<() => Promise<void>> {
    let stopped = false;
    let client: pg.Client | null = null;
    let reconnectTimer: NodeJS.Timeout | null = null;

    // NOTE: one notification at a time, in the order they came: the reads are awaited in a chain.
    let delivering: Promise<void> = Promise.resolve();
    const delivered = new Set<string>();
    const onNotification = (notification: pg.Notification) => {
      if (notification.channel !== EVENTS_CHANNEL) return;
      const payload = notification.payload ?? '';
      delivering = delivering.then(() =>
        deliverNotified(payload, onEvent, delivered).catch((error: unknown) =>
          reject(`the relayed row could not be read: ${String(error)}`),
        ),
      );
    };

    const scheduleReconnect = (error: Error) => {
      options.onListenError?.(error);
      if (stopped || reconnectTimer) return;
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        connect().catch(scheduleReconnect);
      }, RECONNECT_DELAY_MS);
      reconnectTimer.unref();
    };

    async function connect(): Promise<void> {
      if (stopped) return;
      const next = new pg.Client({
        connectionString: databaseUrl,
        application_name: LISTENER_APPLICATION_NAME,
      });
      next.on('notification', onNotification);
      const lose = (error: Error) => {
        if (client !== next) return;
        client = null;
        next.end().catch(() => undefined);
        scheduleReconnect(error);
      };
      next.on('error', lose);
      next.on('end', () => lose(new Error('the listening connection ended')));
      try {
        await next.connect();
        await next.query(`LISTEN ${EVENTS_CHANNEL}`);
      } catch (error) {
        next.end().catch(() => undefined);
        throw error;
      }
      if (stopped) {
        await next.end();
        return;
      }
      client = next;
      options.onListening?.();
    }

    await connect();
    const unsubscribe = async () => {
      stopped = true;
      subscriptions.delete(unsubscribe);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const current = client;
      client = null;
      await current?.end();
    };
    subscriptions.add(unsubscribe);
    return unsubscribe;
  }

  return {
    instanceId,
    async notifyEvent(wheel, event) {
      // Checked on the way out too: an event the others would drop is an error here, not silence.
      if (parseEvent(JSON.stringify(event)) === null || !relayedWheelSchema.safeParse(wheel).success)
        throw new Error(`event ${event.type} for wheel ${wheel.slice(0, 100)} is not a valid event to relay`);
      const id = randomUUID();
      const nowMs = Date.now();
      // One statement: the row and its notification commit together (NOTIFY is sent on commit).
      await sql`
        with written as (
          insert into relay_events (id, origin, wheel, created_at, event)
          values (${id}, ${instanceId}, ${wheel}, ${new Date(nowMs).toISOString()}, ${JSON.stringify(event)})
          returning id
        )
        select pg_notify(${EVENTS_CHANNEL}, ${instanceId + ' '} || written.id) from written`.execute(db);
      await pruneOccasionally(nowMs);
    },
    subscribeEvents: listen,
    async close() {
      await Promise.all([...subscriptions].map((unsubscribe) => unsubscribe()));
    },
  };
}

/** The event in `json`, when it is one of the bus's events exactly; null otherwise. */
function parseEvent(json: string): WheelEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = wheelEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Makes `bus` fan out across instances: its `publish` still delivers locally at once and also
 * notifies the other instances; their events are delivered to the local subscribers. Resolves
 * once listening; the returned function stops listening (the bus keeps working locally).
 */
// NOTE: the bus is changed in place (its `publish` is wrapped) so the server wires the relay in
// one spot, after `fastify.events` is decorated, without every publisher knowing about it.
export async function attachEventRelay(
  bus: WheelEventBus,
  relay: Pick<PostgresEventRelay, 'notifyEvent' | 'subscribeEvents'>,
  onRelayError: (error: Error) => void,
): Promise<() => Promise<void>> {
  const deliverLocally = bus.publish.bind(bus);
  const stop = await relay.subscribeEvents(deliverLocally);
  bus.publish = (wheel, event) => {
    deliverLocally(wheel, event);
    relay.notifyEvent(wheel, event).catch(onRelayError);
  };
  return async () => {
    bus.publish = deliverLocally;
    await stop();
  };
}
