/**
 * WAL checkpoints off the request thread. better-sqlite3 is synchronous, and SQLite runs a
 * checkpoint inside the commit that crosses wal_autocheckpoint: copying a thousand pages into the
 * database file and syncing it stalled every request for that commit (the p99 of payments). Here
 * a worker thread with its own connection checkpoints in PASSIVE mode, which never blocks the
 * writer or the readers, every quarter second; the host's connection keeps a high
 * wal_autocheckpoint only as a backstop should the worker fall behind or die. A page written by
 * many commits in that time (an index's last page, a voucher's row) is copied once, not once per
 * commit, and the database file is synced four times a second rather than after every commit.
 * Durability is untouched: each commit is still synced to the WAL by the host's connection
 * (synchronous = FULL).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. */
const CHECKPOINT_EVERY_MS = 250;
/**
 * After a checkpoint, fewer WAL frames than this still to copy (the commits made meanwhile) are
 * copied at once: once a checkpoint has caught up, the next commit starts the WAL over.
 */
const CATCH_UP_FRAMES = 2_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let stopped = false;
let timer;
let last = { log: -1, checkpointed: -1 };
let lastError = '';
function run() {
  if (stopped) return;
  let again = false;
  try {
    const row = checkpoint.get();
    // The writer appended a little while this copy ran: catch up at once, as long as each run gets
    // further (a reader holding an old snapshot stops the copy short; then waiting is all one can do).
    const left = row.log - row.checkpointed;
    again = row.busy === 0 && left > 0 && left < workerData.catchUpFrames && (row.log !== last.log || row.checkpointed !== last.checkpointed);
    last = row;
  } catch (error) {
    // Told once per distinct failure, not on every run.
    if (String(error) !== lastError) parentPort.postMessage({ error: String(error) });
    lastError = String(error);
  }
  timer = setTimeout(run, again ? 0 : workerData.everyMs);
}
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
run();
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, onError: (error: Error) => void = (error) => process.emitWarning(error)): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS, catchUpFrames: CATCH_UP_FRAMES },
  });
  // The worker is a helper: it must never keep the process alive, nor take it down.
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) onError(new Error(`WAL checkpoint: ${message.error}`));
  });
  worker.on('error', onError);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Kept alive until it has closed its connection: awaited, an unref'd worker would not be.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
