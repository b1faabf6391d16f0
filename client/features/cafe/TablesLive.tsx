import { useEffect, useId, useRef, useState } from 'react';
import {
  TABLECLOTH_CHARS_MAX,
  type CafeQuality,
  type CafeSeatRow,
  type CafeTable,
} from '../../../shared/domain/cafe.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import type { CafeView } from '../../../shared/protocol/cafe.ts';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { groupNameByKey } from '../../lib/groups.ts';
import { formatClock } from './clock.ts';
import { SnapshotsDialog } from './SnapshotsDialog.tsx';
import { personName, TableLabel, tableTitle } from './tableLabel.tsx';
import {
  useCafeConsoleT,
  type CafeAct,
  type CafeRoom,
  type FillFigures,
} from './useConsoleCafe.ts';
import { byNumber, seatsByTable } from './consoleCafe.ts';

type Props = {
  view: CafeView;
  fill: FillFigures | null;
  remaining: number;
  activityId: string;
  groups: readonly Group[];
  room: CafeRoom;
  act: CafeAct;
  busy: string | null;
};

/** Every table of this round: who sits there, how far the notes have got, and a hand to move people. */
export function TablesLive({ view, fill, remaining, activityId, groups, room, act, busy }: Props) {
  const { t, tc } = useCafeConsoleT();
  const { state } = view;
  const seating = view.seating ?? [];
  const byTable = seatsByTable(seating);
  const tables = [...state.tables].sort(byNumber);
  const chars = fill && fill.round === state.round ? fill.chars : {};
  // Meters compare tables with each other: the busiest table (or a short page) fills the bar.
  const scale = Math.max(1000, ...Object.values(chars));
  const [notesFor, setNotesFor] = useState<string | null>(null);
  const [moved, setMoved] = useState('');
  const headings = useRef(new Map<string, HTMLHeadingElement>());
  const time = formatClock(remaining);
  const paused = state.phase === 'paused';

  async function move(person: CafeSeatRow, name: string, table: CafeTable) {
    const ok = await act(`move-${person.participantId}`, 'cafe:move', {
      activityId,
      participantId: person.participantId,
      tableId: table.id,
    });
    if (!ok) return;
    setMoved(t('live.moved', { name, table: tableTitle(t, table) }));
    // The row is gone from the card it was in; carry focus to where the person went.
    headings.current.get(table.id)?.focus();
  }

  const notesTable = tables.find((x) => x.id === notesFor) ?? null;

  return (
    <section aria-labelledby="cafe-live-heading" className="cafe-live">
      <h3 id="cafe-live-heading">{t('live.heading')}</h3>
      <p className="muted">{t('live.summary', { count: seating.length, tables: tables.length })}</p>
      <LiveRegion message={moved} />
      <ul className="cafe-live-grid">
        {tables.map((table) => {
          const people = byTable.get(table.id) ?? [];
          const written = chars[table.id] ?? 0;
          const host = people.find((p) => p.isHost);
          return (
            <li key={table.id} className={`cafe-live-card cafe-edge-${table.colour}`}>
              <h4
                className="cafe-live-title"
                tabIndex={-1}
                ref={(el) => {
                  if (el) headings.current.set(table.id, el);
                  else headings.current.delete(table.id);
                }}
              >
                <TableLabel table={table} />
              </h4>
              {table.place || table.online ? (
                <p className="cafe-live-place">
                  <bdi>{table.place}</bdi>
                  {table.online ? (
                    <span className="badge cafe-online-badge">{t('live.onlineTable')}</span>
                  ) : null}
                </p>
              ) : null}
              <p className="cafe-live-host">
                <strong>{t('live.host')}</strong>{' '}
                <bdi>
                  {host
                    ? personName(t, tc, groups, host.displayName, host.groupKey)
                    : table.hostName || t('live.noHost')}
                </bdi>
              </p>
              <p className="cafe-live-count">{t('live.seated', { count: people.length })}</p>
              {people.length > 0 ? (
                <ul
                  className="cafe-people"
                  aria-label={t('live.peopleAt', { table: tableTitle(t, table) })}
                >
                  {people.map((p) => (
                    <PersonRow
                      key={p.participantId}
                      person={p}
                      table={table}
                      tables={tables}
                      groups={groups}
                      busy={busy === `move-${p.participantId}`}
                      onMove={(name, to) => void move(p, name, to)}
                    />
                  ))}
                </ul>
              ) : null}
              <div className="cafe-fill">
                <p className="cafe-fill-text">
                  {t('live.notes', { count: written })}
                  {written >= TABLECLOTH_CHARS_MAX * 0.9 ? (
                    <strong className="cafe-fill-full"> {t('live.nearlyFull')}</strong>
                  ) : null}
                </p>
                <meter
                  className="cafe-meter"
                  aria-hidden="true"
                  min={0}
                  max={scale}
                  value={Math.min(written, scale)}
                />
              </div>
              <p className="cafe-live-time">
                {paused ? t('live.timePaused', { time }) : t('live.time', { time })}
              </p>
              <Button
                className="cafe-notes-button"
                onClick={() => setNotesFor(table.id)}
                aria-label={t('live.notesButtonNamed', { table: tableTitle(t, table) })}
              >
                {t('live.notesButton')}
              </Button>
            </li>
          );
        })}
      </ul>
      <QualityList quality={view.quality ?? []} />
      <SnapshotsDialog
        table={notesTable}
        round={state.round}
        activityId={activityId}
        room={room}
        onClose={() => setNotesFor(null)}
      />
    </section>
  );
}

type RowProps = {
  person: CafeSeatRow;
  table: CafeTable;
  tables: readonly CafeTable[];
  groups: readonly Group[];
  busy: boolean;
  onMove: (name: string, to: CafeTable) => void;
};

function PersonRow({ person, table, tables, groups, busy, onMove }: RowProps) {
  const { t, tc } = useCafeConsoleT();
  const [open, setOpen] = useState(false);
  const others = tables.filter((x) => x.id !== table.id);
  const [target, setTarget] = useState(others[0]?.id ?? '');
  const selectId = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const name = personName(t, tc, groups, person.displayName, person.groupKey);
  const named = person.displayName.trim() !== '';

  useEffect(() => {
    if (open) selectRef.current?.focus();
  }, [open]);

  return (
    <li className="cafe-person">
      <span className="cafe-person-line">
        <bdi className="cafe-person-name">{name}</bdi>
        {named ? (
          <span className="muted"> ({groupNameByKey(tc, groups, person.groupKey)})</span>
        ) : null}
        {person.isHost ? (
          <span className="badge cafe-host-badge">{t('live.hostBadge')}</span>
        ) : null}
        {person.source === 'late' ? <span className="muted"> · {t('live.late')}</span> : null}
        {person.source === 'manual' ? <span className="muted"> · {t('live.byHand')}</span> : null}
      </span>
      {others.length > 0 ? (
        <Button
          ref={toggleRef}
          variant="link"
          className="cafe-move-toggle"
          aria-expanded={open}
          aria-label={t('live.moveNamed', { name })}
          onClick={() => setOpen((o) => !o)}
        >
          {t('live.move')}
        </Button>
      ) : null}
      {open ? (
        <div className="cafe-move">
          <label htmlFor={selectId} className="field-label">
            {t('live.moveTo', { name })}
          </label>
          <select
            id={selectId}
            ref={selectRef}
            className="select"
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
          >
            {others.map((x) => (
              <option key={x.id} value={x.id}>
                {tableTitle(t, x)} ({t(`colour.${x.colour}`)})
              </option>
            ))}
          </select>
          <div className="actions">
            <Button
              variant="primary"
              busy={busy}
              aria-label={t('live.moveNowNamed', { name })}
              onClick={() => {
                const to = others.find((x) => x.id === target);
                if (to) onMove(name, to);
              }}
            >
              {t('live.moveNow')}
            </Button>
            <Button
              onClick={() => {
                setOpen(false);
                toggleRef.current?.focus();
              }}
            >
              {tc('common.cancel')}
            </Button>
          </div>
        </div>
      ) : null}
    </li>
  );
}

/** How well each round's seating mixed people (CAFE9): zero repeat pairs and revisits is best. */
export function QualityList({ quality }: { quality: readonly CafeQuality[] }) {
  const { t } = useCafeConsoleT();
  if (quality.length === 0) return null;
  return (
    <div className="cafe-quality">
      <h4>{t('live.qualityHeading')}</h4>
      <p className="field-hint">{t('live.qualityHint')}</p>
      <ul>
        {[...quality]
          .sort((a, b) => a.round - b.round)
          .map((q) => (
            <li key={q.round}>
              {t('live.quality', {
                round: q.round,
                repeatPairs: q.repeatPairs,
                revisits: q.revisits,
                sizeSpread: q.sizeSpread,
              })}
            </li>
          ))}
      </ul>
    </div>
  );
}
