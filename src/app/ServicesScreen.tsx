import { findProgram, type Program } from '../domain/catalog';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useLive } from '../ui/useLive';
import { useApp } from './app-context';

/**
 * 환경설정 → 서비스 추가/삭제: which of the institution's programs the home screen shows on this
 * device. A switch is saved as it is flipped (no 확인 to forget); a hidden program is still the
 * institution's to bill and comes back with one tap. The switches appear only once the device said
 * what is hidden: a switch drawn before that would show a guess, and a tap on it would flip the guess.
 */
export function ServicesScreen() {
  const app = useApp();
  const hidden = useLive(app.device.hiddenPrograms, [app.device]);
  // A top-up (시도추가지원) is reached through the program it tops up, never listed by itself (as on 홈).
  const programs = (app.session?.programIds ?? []).map(findProgram).filter((p): p is Program => p !== undefined && p.topUpOf === undefined);
  const hiddenSet = new Set(hidden ?? []);
  const shown = programs.filter((program) => !hiddenSet.has(program.id)).length;
  return (
    <Screen title={T.servicesTitle} kicker={T.settingsTitle} onBack={app.nav.back}>
      <p class="field-hint">{T.servicesHint}</p>
      {hidden === undefined ? null : (
        <>
          <fieldset class="check-list">
            <legend class="section-title">{T.homePrograms}</legend>
            {programs.map((program) => (
              <label key={program.id} class="check">
                <input
                  type="checkbox"
                  checked={!hiddenSet.has(program.id)}
                  onChange={(e) => void app.device.setProgramHidden(program.id, !e.currentTarget.checked)}
                />
                <span>{program.nameKo}</span>
              </label>
            ))}
          </fieldset>
          <p class="status-line" role="status" data-testid="services-shown">
            {T.servicesShown(shown, programs.length)}
          </p>
        </>
      )}
    </Screen>
  );
}
