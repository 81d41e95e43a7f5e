import { useEffect, useState } from 'preact/hooks';
import { useApp } from './app-context';

/**
 * Whether this device can check a portal's offline QR code (its snapshot holds the host's keys),
 * asked only while `ask` holds: with no signal on 결제유형 선택, or on the number of a QR결제.
 */
export function useOfflineQr(ask: boolean): boolean {
  const { device } = useApp();
  const [can, setCan] = useState(false);
  useEffect(() => {
    if (!ask) return;
    let live = true;
    void device.canVerifyOfflineQr().then(
      (yes) => live && setCan(yes),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [device, ask]);
  return ask && can;
}
