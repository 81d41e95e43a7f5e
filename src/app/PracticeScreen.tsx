import { useState } from 'preact/hooks';
import { practiceCards } from '../practice/practice-host';
import { Button } from '../ui/Button';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { PracticeCards } from './PracticeCards';

/**
 * 환경설정 → 연습모드: what practice is and is not, the practice cards, 연습 시작. In practice it
 * offers 연습 종료 instead.
 */
export function PracticeScreen() {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const cards = app.practice?.cards ?? practiceCards(app.session?.programIds ?? []);

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await app.startPractice();
    } catch {
      setBusy(false);
      setError({ code: '9999', message: T.notSaved });
    }
  };

  return (
    <Screen title={T.practiceMode} kicker={T.settingsTitle} onBack={app.nav.back} busy={busy}>
      <p>{T.practiceIntro}</p>
      <p class="field-hint">{T.practiceHow}</p>
      <PracticeCards cards={cards} />
      <ErrorNotice error={error} />
      {app.practice ? (
        <Button large onClick={() => void app.endPractice()} disabled={app.flow.locked}>
          {T.practiceEnd}
        </Button>
      ) : (
        <Button variant="primary" large onClick={() => void start()} disabled={busy || app.flow.locked}>
          {T.practiceStart}
        </Button>
      )}
    </Screen>
  );
}
