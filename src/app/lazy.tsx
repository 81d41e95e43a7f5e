import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { T } from '../ui/messages.ko';
import { Screen } from '../ui/Screen';
import { useApp } from './app-context';

/**
 * A screen loaded on first use (환경설정, 카드인식 테스트, 오늘 결제내역): kept out of the first
 * load without pulling in preact/compat for lazy/Suspense. Once loaded it stays in memory.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  return function LazyScreen(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      let live = true;
      loading ??= load().then((c) => (loaded = c));
      loading.then(
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
  };
}
