/**
 * Notifier: wakes whoever waits for news after a commit — the event relay now, SSE streams of the
 * recipient portal next. In-process on SQLite (one host process); PostgreSQL LISTEN/NOTIFY when
 * several host processes share one database, so a commit in one process wakes the others.
 * A notification carries no data that matters: it only says "look again". Whoever is woken reads
 * the database, so a notification lost in a crash costs a delay (the relay also polls), never data.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';

export interface Notifier {
  /** Tells every subscriber of `channel`, in this process and (PostgreSQL) in every other one. */
  publish(channel: string): void;
  subscribe(channel: string, listener: () => void): () => void;
  close(): Promise<void>;
}

export function inProcessNotifier(): Notifier {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (channel) => void emitter.emit(channel),
    subscribe(channel, listener) {
      emitter.on(channel, listener);
      return () => emitter.off(channel, listener);
    },
    close: async () => void emitter.removeAllListeners(),
  };
}

const PG_CHANNEL = 'evoucher';

/**
 * One dedicated connection LISTENs on the 'evoucher' channel; publish is a NOTIFY with the
 * channel name as payload. Local subscribers are told at once as well, so a process never waits
 * for its own notification to come back from the server.
 */
export async function postgresNotifier(connectionString: string, onError: (error: Error) => void = () => undefined): Promise<Notifier> {
  const local = inProcessNotifier();
  const listener = new pg.Client({ connectionString });
  listener.on('error', onError);
  listener.on('notification', (message) => {
    if (message.channel === PG_CHANNEL && message.payload) local.publish(message.payload);
  });
  await listener.connect();
  await listener.query(`listen ${PG_CHANNEL}`);
  const sender = new pg.Pool({ connectionString, max: 1 });
  sender.on('error', onError);
  return {
    publish(channel) {
      local.publish(channel);
      sender.query('select pg_notify($1, $2)', [PG_CHANNEL, channel]).catch(onError);
    },
    subscribe: local.subscribe,
    async close() {
      await local.close();
      await Promise.allSettled([listener.end(), sender.end()]);
    },
  };
}
