/**
 * The push sender: sends queued pushes (push_deliveries) to the push services, after the commit
 * that queued them — never inside a payment's or the relay's transaction, so a slow or dead push
 * service delays only its push. Woken by the Notifier ('push') and every few seconds. Each push is
 * leased while it is sent; the push service's answer decides what happens to it:
 *   2xx → done (removed); 404/410 → the subscription is gone (removed with what waits for it);
 *   anything else, or no answer → retried later, 1 s, 2 s, 4 s … up to 5 minutes apart, and given
 *   up after MAX_ATTEMPTS (the inbox still has the message).
 */
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Db } from '../db/database';
import type { Notifier } from '../events/notifier';
import type { VapidKeys } from './host-keys';
import { PUSH_CHANNEL } from './push.consumer';
import { pushRepository, type DueDelivery } from './push.repository';

export const MAX_PUSH_ATTEMPTS = 10;
const LEASE_MS = 60_000;
const SEND_TIMEOUT_MS = 10_000;

export interface PushSenderOptions {
  readonly db: Db;
  readonly postgres: boolean;
  readonly notifier: Notifier;
  readonly now: () => number;
  readonly vapid: () => Promise<VapidKeys>;
  readonly subject: string;
  /** TLS options for the push services (a private CA). */
  readonly agent?: Agent;
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface PushSender {
  /** Sends everything due now; resolves with how many pushes the push services took. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

export function startPushSender(options: PushSenderOptions): PushSender {
  const { db, postgres, notifier, now } = options;
  const onError = options.onError ?? (() => undefined);
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  async function sendOne(delivery: DueDelivery, vapid: VapidKeys): Promise<boolean> {
    if (!delivery.endpoint || !delivery.p256dh || !delivery.auth) {
      await pushRepository.remove(db, delivery.id);
      return false;
    }
    try {
      await webpush.sendNotification({ endpoint: delivery.endpoint, keys: { p256dh: delivery.p256dh, auth: delivery.auth } }, delivery.payload, {
        vapidDetails: { subject: options.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 24 * 3600,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
        timeout: SEND_TIMEOUT_MS,
        ...(options.agent ? { agent: options.agent } : {}),
      });
      await pushRepository.remove(db, delivery.id);
      return true;
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (status === 404 || status === 410) {
        await pushRepository.dropSubscription(db, delivery.subscription_id);
      } else if (delivery.attempts >= MAX_PUSH_ATTEMPTS) {
        onError(error);
        await pushRepository.remove(db, delivery.id);
      } else {
        await pushRepository.retryAt(db, delivery.id, now() + backoffMs(delivery.attempts));
      }
      return false;
    }
  }

  async function drainAll(): Promise<number> {
    let sent = 0;
    do {
      again = false;
      for (;;) {
        const due = await pushRepository.lease(db, postgres, now(), LEASE_MS, 50);
        if (due.length === 0) break;
        const vapid = await options.vapid();
        const results = await Promise.allSettled(due.map((delivery) => sendOne(delivery, vapid)));
        for (const result of results) {
          if (result.status === 'fulfilled' && result.value) sent += 1;
          else if (result.status === 'rejected') onError(result.reason);
        }
        if (due.length < 50) break;
      }
    } while (again && !stopped);
    return sent;
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = drainAll()
      .catch((error: unknown) => {
        onError(error);
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  const wake = (): void => {
    if (!stopped) void drain();
  };
  const unsubscribe = notifier.subscribe(PUSH_CHANNEL, wake);
  const timer = setInterval(wake, options.pollMs ?? 5_000);
  timer.unref();
  return {
    drain,
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
