import { Button } from '../ui/Button';
import { T } from '../ui/messages.ko';

/**
 * 연습모드's banner, above every screen for as long as the page practises (with the title bars in
 * another colour, app.css), so practice is never taken for real work. 연습 종료 goes back to real
 * mode; it waits while a practice payment is being sent.
 */
export function PracticeBanner({ locked, onEnd }: { locked: boolean; onEnd: () => void }) {
  return (
    <section class="practice-banner" aria-label={T.practiceMode}>
      <p class="practice-banner-title">{T.practiceBanner}</p>
      <p class="practice-banner-note">{T.practiceBannerNote}</p>
      <Button onClick={onEnd} disabled={locked}>
        {T.practiceEnd}
      </Button>
    </section>
  );
}
