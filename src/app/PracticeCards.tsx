import { findProgram } from '../domain/catalog';
import type { PracticeCard } from '../practice/practice-host';
import { formatKrw } from '../ui/format';
import { T } from '../ui/messages.ko';

/** The practice cards (연습모드): what to tag or type on 카드 태깅 while practising. */
export function PracticeCards({ cards }: { cards: readonly PracticeCard[] }) {
  return (
    <details class="practice-cards">
      <summary>{T.practiceCards}</summary>
      <p class="field-hint">{T.practiceCardsHint}</p>
      <ul class="today">
        {cards.map((card) => (
          <li key={card.cardToken} class="today-item">
            <strong>{findProgram(card.programId)?.nameKo ?? card.programId}</strong>
            <span>
              {T.practiceCardNumber}{' '}
              <span class="money" data-testid="practice-card-number">
                {card.cardNumber}
              </span>{' '}
              · {card.recipientMasked} · {formatKrw(card.balanceKrw)}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
