import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { T } from '../ui/messages.ko';
import { Screen } from '../ui/Screen';
import { useApp } from './app-context';

/** A lazily loaded screen; `preload` fetches it ahead of its first use (after the first paint). */
export type LazyScreen<P extends object> = ComponentType<P> & { preload(): Promise<unknown> };

/**
 * A screen loaded on first use (환경설정, 카드인식 테스트, 오늘 결제내역, the payment flow): kept
 * out of the first load without pulling in preact/compat for lazy/Suspense. Once loaded it stays in
 * memory; one preloaded before it is needed opens at once, with no 불러오는 중 in between.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const start = (): Promise<ComponentType<P>> => {
    loading ??= load().then((c) => (loaded = c));
    return loading;
  };
  function LazyScreen(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      let live = true;
      start().then(
        (c) => live && setComponent(() => c),
        () => {
          loading = null;
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [Component]);
    const app = useApp();
    if (Component) return <Component {...props} />;
    return (
      <Screen title={T.loading} onBack={failed ? app.nav.back : undefined}>
        <p class="loading" role="status">
          {failed ? T.screenLoadFailed : T.loading}
        </p>
      </Screen>
    );
  }
  LazyScreen.preload = () =>
    start().catch(() => {
      // Tried again when the screen is opened.
      loading = null;
    });
  return LazyScreen;
}
