import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CafeTable } from '../../../shared/domain/cafe.ts';
import type { CafeSnapshot, Tablecloth } from '../../../shared/protocol/cafe.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { TableLabel, tableTitle } from './tableLabel.tsx';
import { useCafeConsoleT, type CafeRoom } from './useConsoleCafe.ts';
import { localeOf } from '../../../shared/domain/languages.ts';

type Props = {
  /** The table whose notes are shown, or null when the dialog is closed. */
  table: CafeTable | null;
  /** The round under way: the one shown first. */
  round: number;
  activityId: string;
  room: CafeRoom;
  onClose: () => void;
};

function formatTakenAt(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
}

/**
 * One table's notes as they are now, and the copies the server kept (every minute while they
 * change, at the end of each round). If someone wrecked the notes, a copy can be put back; what
 * was there is kept as a copy too, so a restore can itself be undone (CAFE14).
 */
export function SnapshotsDialog({ table, round, activityId, room, onClose }: Props) {
  const { t, tc, language } = useCafeConsoleT();
  const roundId = useId();
  const open = table !== null;
  const [shownRound, setShownRound] = useState(round);
  const [cloths, setCloths] = useState<Tablecloth[] | null>(null);
  const [snapshots, setSnapshots] = useState<CafeSnapshot[] | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [confirm, setConfirm] = useState<CafeSnapshot | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [status, setStatus] = useState('');
  const loads = useRef(0);
  const { send } = room;
  const tableId = table?.id ?? null;

  const load = useCallback(async () => {
    if (!tableId) return;
    const seq = ++loads.current;
    const [c, s] = await Promise.all([
      send('cafe:tablecloths', { activityId, tableId }),
      send('cafe:snapshots', { activityId, tableId, round: shownRound }),
    ]);
    if (seq !== loads.current) return;
    if (!c.ok || !s.ok) {
      setProblem(!c.ok ? c.error : s.ok ? null : s.error);
      return;
    }
    setProblem(null);
    setCloths(c.data.tablecloths);
    // Newest first: the copy someone is looking for is usually a recent one.
    setSnapshots([...s.data.snapshots].sort((a, b) => b.takenAt.localeCompare(a.takenAt)));
  }, [send, activityId, tableId, shownRound]);

  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  async function restore(snapshot: CafeSnapshot) {
    setConfirm(null);
    setRestoring(true);
    const r = await send('cafe:restore', { activityId, snapshotId: snapshot.id });
    setRestoring(false);
    if (!r.ok) {
      setProblem(r.error);
      return;
    }
    setStatus(t('snapshots.restored', { time: formatTakenAt(snapshot.takenAt, language) }));
    await load();
  }

  const cloth = cloths?.find((c) => c.round === shownRound) ?? null;
  const rounds = Array.from({ length: Math.max(1, round) }, (_, i) => i + 1);
  const reasonText = (s: CafeSnapshot) => t(`snapshots.reason.${s.reason}`);

  return (
    <>
      <Dialog
        open={open}
        className="cafe-dialog"
        title={
          <>
            {t('snapshots.title')}
            {table ? (
              <>
                {': '}
                <TableLabel table={table} />
              </>
            ) : null}
          </>
        }
        onClose={onClose}
        // Only opening resets the dialog; a new round meanwhile leaves it as it is.
        onOpen={() => {
          setShownRound(round);
          setStatus('');
          setProblem(null);
          setCloths(null);
          setSnapshots(null);
        }}
      >
        {rounds.length > 1 ? (
          <div className="field cafe-round-pick">
            <label htmlFor={roundId} className="field-label">
              {t('snapshots.round')}
            </label>
            <select
              id={roundId}
              className="select"
              value={shownRound}
              onChange={(e) => {
                setShownRound(Number(e.currentTarget.value));
                setStatus('');
              }}
            >
              {rounds.map((r) => (
                <option key={r} value={r}>
                  {r === round
                    ? t('snapshots.roundNow', { n: r })
                    : t('snapshots.roundN', { n: r })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {problem ? <ErrorMessage>{problemText(tc, problem)}</ErrorMessage> : null}

        <h3>
          {shownRound === round
            ? t('snapshots.notesNow')
            : t('snapshots.notesOf', { n: shownRound })}
        </h3>
        {cloth?.question ? (
          <p className="muted">
            <strong>{t('snapshots.question')}</strong> <bdi>{cloth.question}</bdi>
          </p>
        ) : null}
        {cloths === null ? (
          <p className="loading">{tc('common.loading')}</p>
        ) : (
          <div
            className="cafe-cloth-text"
            tabIndex={0}
            role="region"
            aria-label={t('snapshots.notesRegion', { table: table ? tableTitle(t, table) : '' })}
          >
            {cloth && cloth.text.trim() !== '' ? (
              cloth.text
            ) : (
              <span className="muted">{t('snapshots.empty')}</span>
            )}
          </div>
        )}

        <h3>{t('snapshots.heading')}</h3>
        <p className="field-hint">{t('snapshots.hint')}</p>
        {snapshots === null ? null : snapshots.length === 0 ? (
          <p className="muted">{t('snapshots.none')}</p>
        ) : (
          <div className="table-wrap cafe-snapshots">
            <table className="table">
              <caption className="visually-hidden">
                {t('snapshots.caption', { n: shownRound })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('snapshots.time')}</th>
                  <th scope="col">{t('snapshots.why')}</th>
                  <th scope="col" className="num">
                    {t('snapshots.chars')}
                  </th>
                  <th scope="col">{t('snapshots.preview')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('snapshots.action')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {snapshots.map((s) => {
                  const time = formatTakenAt(s.takenAt, language);
                  return (
                    <tr key={s.id}>
                      <td>{time}</td>
                      <td>{reasonText(s)}</td>
                      <td className="num">{s.chars}</td>
                      <td className="cafe-preview">
                        {s.preview.trim() === '' ? (
                          <span className="muted">{t('snapshots.emptyPreview')}</span>
                        ) : (
                          s.preview
                        )}
                      </td>
                      <td>
                        <Button
                          busy={restoring && confirm === null}
                          onClick={() => setConfirm(s)}
                          aria-label={t('snapshots.restoreNamed', { time, why: reasonText(s) })}
                        >
                          {t('snapshots.restore')}
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <p role="status" className="cafe-status">
          {status}
        </p>
        <div className="actions">
          <Button onClick={() => void load()}>{t('snapshots.reload')}</Button>
          <Button variant="primary" onClick={onClose}>
            {t('snapshots.close')}
          </Button>
        </div>
      </Dialog>
      <ConfirmDialog
        open={confirm !== null}
        title={t('snapshots.confirmTitle')}
        confirmLabel={t('snapshots.confirm')}
        danger
        onConfirm={() => {
          if (confirm) void restore(confirm);
        }}
        onCancel={() => setConfirm(null)}
      >
        {confirm ? (
          <p>
            {t('snapshots.confirmText', {
              table: table ? tableTitle(t, table) : '',
              n: confirm.round,
              time: formatTakenAt(confirm.takenAt, language),
              count: confirm.chars,
            })}
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
