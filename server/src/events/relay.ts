/**
 * The event relay: after a commit, hands the queued domain events to the consumers (the 알림함
 * now; push and SSE plug in the same way) and removes them from the queue in the same transaction
 * as the consumers' own writes. Delivery is at least once — a process killed between the commit
 * and the relay leaves the events queued, and the next relay (at start, on a notification, or on
 * its timer) delivers them — and consumers deduplicate by event id, so each event has its effect
 * once. A consumer that fails leaves its events queued with a backoff; it never blocks a payment.
 */
import type { Db } from '../db/database';
import { eventRepository, type DomainEventRow } from './event.repository';
import type { Notifier } from './notifier';

/** The Notifier channel the posting code publishes on after each commit that wrote events. */
export const EVENTS_CHANNEL = 'events';

export interface EventConsumer {
  readonly name: string;
  /** Runs inside the transaction that dequeues the events; must be idempotent by event id. */
  handle(trx: Db, events: readonly DomainEventRow[]): Promise<void>;
  /** Once the delivery committed (wake SSE streams, the push sender): must not throw, must not wait on the network. */
  afterCommit?(events: readonly DomainEventRow[]): void;
}

export interface EventRelay {
  /** Delivers everything due now; resolves with how many events were delivered. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export interface EventRelayOptions {
  readonly db: Db;
  readonly postgres: boolean;
  readonly notifier: Notifier;
  readonly consumers: readonly EventConsumer[];
  readonly now: () => number;
  /** Also look every so often: a notification from another process may have been missed. */
  readonly pollMs?: number;
  /**
   * At most one delivery per this many ms (100 by default): at thousands of payments a second a
   * delivery transaction per commit would cost as much as the payments (on SQLite one more fsync
   * per batch); gathered, one carries the events of several commits. A notification may wait this
   * long; a payment never does.
   */
  readonly gatherMs?: number;
  readonly batchSize?: number;
  readonly onError?: (error: unknown) => void;
}

export function startEventRelay(options: EventRelayOptions): EventRelay {
  const { db, postgres, notifier, consumers, now } = options;
  const batchSize = options.batchSize ?? 500;
  const onError = options.onError ?? (() => undefined);
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  async function deliverBatch(): Promise<number> {
    let taken: DomainEventRow[] = [];
    try {
      const delivered = await db.transaction().execute(async (trx) => {
        taken = await eventRepository.takeDue(trx, postgres, now(), batchSize);
        if (taken.length === 0) return 0;
        for (const consumer of consumers) await consumer.handle(trx, taken);
        await eventRepository.dequeue(
          trx,
          taken.map((event) => event.id),
        );
        return taken.length;
      });
      if (delivered > 0) {
        for (const consumer of consumers) {
          try {
            consumer.afterCommit?.(taken);
          } catch (error) {
            onError(error);
          }
        }
      }
      return delivered;
    } catch (error) {
      onError(error);
      if (taken.length > 0)
        await eventRepository
          .postpone(
            db,
            taken.map((event) => event.id),
            now(),
          )
          .catch(onError);
      return 0;
    }
  }

  async function drainAll(): Promise<number> {
    let total = 0;
    do {
      again = false;
      for (;;) {
        const delivered = await deliverBatch();
        total += delivered;
        if (delivered < batchSize) break;
      }
    } while (again && !stopped);
    return total;
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = drainAll().finally(() => {
      running = undefined;
    });
    return running;
  }

  const gatherMs = options.gatherMs ?? 100;
  let gathering: ReturnType<typeof setTimeout> | undefined;
  const wake = (): void => {
    if (stopped || gathering !== undefined) return;
    gathering = setTimeout(() => {
      gathering = undefined;
      if (!stopped) void drain();
    }, gatherMs);
  };
  const unsubscribe = notifier.subscribe(EVENTS_CHANNEL, wake);
  const timer = setInterval(wake, options.pollMs ?? 5_000);
  timer.unref();
  void drain();

  return {
    drain,
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      clearTimeout(gathering);
      await running?.catch(() => undefined);
    },
  };
}
