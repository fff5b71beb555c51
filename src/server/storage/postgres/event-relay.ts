// Cross-instance fan-out of wheel events over PostgreSQL LISTEN/NOTIFY: every instance on one
// database hears the events the others publish, so an SSE stream on instance B sees a publish
// made through instance A.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { WheelEvent, WheelEventBus } from '../../events.ts';
import type { Database } from '../schema.ts';

export const EVENTS_CHANNEL = 'prizewheel_events';
/** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more. */
export const NOTIFY_PAYLOAD_MAX_BYTES = 7_999;
const RECONNECT_DELAY_MS = 1_000;
/** Names the listening connection in pg_stat_activity (a DATABASE_URL application_name wins). */
export const LISTENER_APPLICATION_NAME = 'prizewheel-events';

export type RelayedEventListener = (wheel: string, event: WheelEvent) => void;

/** What travels on the channel. */
interface RelayedMessage {
  origin: string;
  wheel: string;
  event: WheelEvent;
}

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

  async function listen(onEvent: RelayedEventListener): Promise<() => Promise<void>> {
    let stopped = false;
    let client: pg.Client | null = null;
    let reconnectTimer: NodeJS.Timeout | null = null;

    const onNotification = (notification: pg.Notification) => {
      if (notification.channel !== EVENTS_CHANNEL || notification.payload === undefined) return;
      let message: RelayedMessage;
      try {
        message = JSON.parse(notification.payload) as RelayedMessage;
      } catch {
        return;
      }
      if (message.origin === instanceId) return;
      onEvent(message.wheel, message.event);
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
      const payload = JSON.stringify({ origin: instanceId, wheel, event } satisfies RelayedMessage);
      if (Buffer.byteLength(payload) > NOTIFY_PAYLOAD_MAX_BYTES) {
        throw new Error(
          `event ${event.type} for wheel ${wheel} is too large to relay (${Buffer.byteLength(payload)} bytes)`,
        );
      }
      await sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`.execute(db);
    },
    subscribeEvents: listen,
    async close() {
      await Promise.all([...subscriptions].map((unsubscribe) => unsubscribe()));
    },
  };
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
