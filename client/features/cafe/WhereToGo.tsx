import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { CafeTable, TableColour } from '../../../shared/domain/cafe.ts';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { formatClock } from './clock.ts';
import type { Seat } from './useCafe.ts';

/**
 * A table's colour: a swatch for those who see it and always its name in words, so nobody needs
 * to tell colours apart to find their table (WCAG 1.4.1).
 */
export function Colour({ colour, className }: { colour: TableColour; className?: string }) {
  const { t } = useTranslation('cafe');
  return (
    <span className={['cafe-colour', className ?? ''].join(' ').trim()}>
      <span className="cafe-dot" data-colour={colour} aria-hidden="true" />
      <span className="cafe-colour-name">{t(`colours.${colour}`)}</span>
    </span>
  );
}

/**
 * "Table 3 · Oak", or just "Table 3" when the name says no more than the number (a table the
 * facilitator did not rename is called "Table 3" by the server, in English).
 */
export function tableTitle(
  t: (key: string, o?: Record<string, unknown>) => string,
  table: Pick<CafeTable, 'number' | 'name'>,
  form: 'title' | 'short' = 'title',
) {
  const plain = t('table.number', { number: table.number });
  const name = table.name.trim();
  if (name === '' || name === plain || name === `Table ${table.number}`) return plain;
  return t(`table.${form}`, { number: table.number, name });
}

/** "Your host: Ana", "You are the host", or that the table has none yet. */
export function hostLine(
  t: (key: string, o?: Record<string, unknown>) => string,
  table: CafeTable,
  isHost: boolean,
) {
  if (isHost) return t('host.you');
  if (!table.hostId) return t('host.none');
  return table.hostName ? t('host.named', { name: table.hostName }) : t('host.unnamed');
}

/** The spoken form: "Go to table 3, Oak, the red table, by the window. Your host: Ana." */
function goToSentence(
  t: (key: string, o?: Record<string, unknown>) => string,
  seat: Seat,
  stay: boolean,
) {
  const { table } = seat;
  const where = t(stay ? 'where.staySpoken' : 'where.goSpoken', {
    number: table.number,
    name: table.name,
    colour: t(`colours.${table.colour}`),
  });
  const place = table.place ? ` ${t('where.placeSpoken', { place: table.place })}` : '';
  return `${where}${place} ${hostLine(t, table, seat.isHost)}.`;
}

/** The screen reader hears where to go just after the "round has ended" alert, not over it. */
const SPEAK_AFTER_MS = 1200;

type Props = {
  seat: Seat;
  /** 1-based round this changeover leads into. */
  round: number;
  remaining: number;
  paused: boolean;
  /** This person sat at this very table last round (a host, or a traveller the seating kept). */
  satHereLastRound: boolean;
};

/**
 * The changeover (CAFE4): large and unmistakable, where this person goes now: table number and
 * name, colour with its name, place, and who hosts; hosts are told to stay and welcome newcomers.
 */
export function WhereToGo({ seat, round, remaining, paused, satHereLastRound }: Props) {
  const { t } = useTranslation('cafe');
  const { table } = seat;
  // Whoever sat here last round stays: a host, or (with few tables, CAFE18) a traveller the
  // seating kept in place. In the first round everyone goes somewhere.
  const stay = round > 1 && (seat.isHost || satHereLastRound);
  const [spoken, setSpoken] = useState('');
  const sentence = goToSentence(t, seat, stay);
  const seatKey = `${seat.round}:${seat.tableId}:${seat.isHost}`;
  useEffect(() => {
    const timer = setTimeout(() => setSpoken(sentence), SPEAK_AFTER_MS);
    return () => clearTimeout(timer);
    // Said again only when the seat itself changes (a new round, a move), not on each tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seatKey]);

  return (
    <section
      className="cafe-where"
      data-colour={table.colour}
      data-testid="cafe-where"
      data-table-number={table.number}
      data-host={seat.isHost ? 'true' : 'false'}
      aria-labelledby="cafe-where-heading"
    >
      <LiveRegion message={spoken} />
      <h2 id="cafe-where-heading" className="cafe-where-heading" tabIndex={-1}>
        <span className="cafe-where-lead">{t(stay ? 'where.stayAt' : 'where.goTo')}</span>
        <span className="cafe-where-table">{tableTitle(t, table)}</span>
      </h2>
      <Colour colour={table.colour} className="cafe-where-colour" />
      {table.place ? (
        <p className="cafe-where-place" dir="auto">
          {table.place}
        </p>
      ) : null}
      {table.online ? <p className="cafe-where-place">{t('where.online')}</p> : null}
      <p className={seat.isHost ? 'cafe-where-host cafe-where-host-you' : 'cafe-where-host'}>
        {hostLine(t, table, seat.isHost)}
      </p>
      {seat.isHost ? (
        <p className="cafe-where-stay">{t(stay ? 'where.hostStay' : 'where.hostFirst')}</p>
      ) : null}
      <p className="cafe-where-clock">
        {paused ? t('where.pausedStarts', { round }) : t('where.startsIn', { round })}{' '}
        <span className="cafe-countdown" role="timer">
          {formatClock(remaining)}
        </span>
      </p>
    </section>
  );
}
