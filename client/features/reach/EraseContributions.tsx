import { reachApi } from '../../../shared/http/reachRoutes.ts';
import { useCall } from '../../lib/useCall.ts';
import { useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { ErasableParticipant, ErasureResult } from '../../../shared/protocol/reach.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/format.ts';
import { groupNameByKey } from '../../lib/groups.ts';
import { countsText } from './erasedCounts.ts';

import './reach.css';

type Props = {
  workshopId: string;
  /** Groups of the workshop, to name each person's group. */
  groups?: { key: string; label: string | null }[];
  /** Told after an erasure, so the page can reload its counts, snapshots and audit log. */
  onErased?: (result: ErasureResult) => void;
};

/**
 * Erasure on request (REC14): the workshop's people with what each contributed, and a button
 * that deletes one person's contributions after a confirmation that says what cannot be deleted.
 */
export function EraseContributions({ workshopId, groups = [], onErased }: Props) {
  const { t, i18n } = useTranslation('reach');
  const { t: tc } = useTranslation();
  const language = i18n.language;
  const [refresh, setRefresh] = useState(0);
  const people = useCall(reachApi.contributors, { params: { id: workshopId } }, refresh);
  const [asking, setAsking] = useState<ErasableParticipant | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [status, setStatus] = useState('');
  const nameOf = (p: ErasableParticipant) => p.displayName || t('erase.noName');

  async function erase(p: ErasableParticipant) {
    setAsking(null);
    setBusy(true);
    setProblem(null);
    try {
      const result = await call(reachApi.erase, {
        params: { id: workshopId, participantId: p.id },
      });
      setStatus(
        t('erase.done', {
          what: countsText(t, language, result),
          versions: t('erase.count.snapshots', { count: result.snapshotsRedacted }),
        }),
      );
      setRefresh((n) => n + 1);
      onErased?.(result);
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="erase">
      <h3>{t('erase.title')}</h3>
      <p>{t('erase.intro')}</p>
      <LiveRegion message={status} visible className="saved-status" />
      {problem ? <ErrorMessage>{problemText(tc, problem)}</ErrorMessage> : null}
      {people.problem ? <ErrorMessage>{problemText(tc, people.problem)}</ErrorMessage> : null}
      {!people.data ? (
        people.problem ? null : (
          <Loading />
        )
      ) : people.data.length === 0 ? (
        <p className="empty">{t('erase.none')}</p>
      ) : (
        <ul className="plain-list erase-list">
          {people.data.map((p) => (
            <li key={p.id}>
              <span className="erase-name">{nameOf(p)}</span>
              {' · '}
              {groupNameByKey(tc, groups, p.groupKey)}
              <br />
              <span className="muted">
                {t('erase.joinedAt', {
                  when: formatInstant(p.joinedAt, language),
                })}
                {' · '}
                {countsText(t, language, p)}
              </span>
              <div className="actions">
                <Button variant="danger" busy={busy} onClick={() => setAsking(p)}>
                  {t('erase.delete', { name: nameOf(p) })}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={t('erase.confirmTitle')}
        confirmLabel={t('erase.confirm')}
        danger
        onConfirm={() => {
          if (asking) void erase(asking);
        }}
        onCancel={() => setAsking(null)}
      >
        <p>{asking ? t('erase.confirmText', { name: nameOf(asking) }) : null}</p>
      </ConfirmDialog>
    </section>
  );
}
