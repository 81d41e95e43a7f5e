import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/admin';
import { findProgram } from '../domain/catalog';
import { messageKo } from '../domain/errors';
import { seoulDate } from '../domain/time';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';

/** The Korean message and code of a failed console call (0104 when no answer came back). */
export function shown(error: unknown): ShownError {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: '9999', message: messageKo('9999') };
}

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: ShownError | null;
  readonly reload: () => void;
}

/** Loads once on arrival and again on reload(); the last good data stays shown while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [round, setRound] = useState(0);
  // Loads again on reload() and whenever one of the caller's deps changes.
  useEffect(() => {
    let live = true;
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
      },
      (cause: unknown) => live && setError(shown(cause)),
    );
    return () => {
      live = false;
    };
  }, [round, ...deps]);
  return { data, error, reload: useCallback(() => setRound((r) => r + 1), []) };
}

/** Runs one action at a time: busy while it runs, its refusal shown, its success said politely. */
export function useAction(): {
  busy: boolean;
  error: ShownError | null;
  info: string | null;
  run: <T>(action: () => Promise<T>, done?: (result: T) => string | null) => Promise<T | undefined>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>, done?: (result: T) => string | null) => {
    setBusy(true);
    setError(null);
    setInfo(null);
    try {
      const result = await action();
      setInfo(done?.(result) ?? null);
      return result;
    } catch (cause) {
      setError(shown(cause));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return {
    busy,
    error,
    info,
    run,
    clear: useCallback(() => {
      setError(null);
      setInfo(null);
    }, []),
  };
}

export const programName = (id: string | null): string => (id === null ? '-' : (findProgram(id)?.nameKo ?? id));
export const todaySeoul = (): string => seoulDate(Date.now());
export const monthStartSeoul = (): string => `${todaySeoul().slice(0, 7)}-01`;

export function Panel({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="admin-panel" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function Status({ error, info }: { error: ShownError | null; info: string | null }) {
  return (
    <>
      <ErrorNotice error={error} />
      {info ? (
        <p class="notice notice-info" role="status">
          {info}
        </p>
      ) : null}
    </>
  );
}
