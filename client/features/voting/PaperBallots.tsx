import { useState } from 'react';
import type { Group } from '../../../shared/domain/groups.ts';
import type { Ballot, Results, VoteOption } from '../../../shared/domain/voting.ts';
import type { PaperBallot, VoteMeta } from '../../../shared/protocol/voting.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field, FieldGroup } from '../../components/Field.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { groupName } from '../../lib/groups.ts';
import { useCommand } from '../../lib/useCommand.ts';
import type { VoteRoom } from './useVote.ts';
import { useVotingT, voteProblemText } from './voteText.ts';

type Props = {
  room: VoteRoom;
  meta: VoteMeta;
  options: readonly VoteOption[];
  groups: readonly Group[];
  onCounted: (results: Results) => void;
};

/**
 * Paper ballots typed in whole, one sheet at a time (VOTE17): a ranking, a points split, the
 * options approved, a single choice or dots, as the sheet shows them. The server checks each
 * against the vote's rules and counts it like a phone ballot, as paper, so nobody works out Borda
 * points by hand. A sheet typed in by mistake can be taken back.
 */
export function PaperBallots({ room, meta, options, groups, onCounted }: Props) {
  const { t, tc } = useVotingT();
  const activityId = meta.activityId;
  const [groupKey, setGroupKey] = useState(groups[0]?.key ?? '');
  const [ranks, setRanks] = useState<string[]>([]);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [chosen, setChosen] = useState<string[]>([]);
  const loaded = useCommand(room, 'vote:paperBallots', { activityId });
  const entered = loaded.data?.paperBallots ?? [];
  const setEntered = (paperBallots: PaperBallot[]) => loaded.setData({ paperBallots });
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const label = (id: string) => options.find((o) => o.id === id)?.label ?? '?';
  const group = (key: string) => {
    const g = groups.find((x) => x.key === key);
    return g ? groupName(tc, g) : key;
  };

  function ballot(): Ballot | null {
    const numbers = () => {
      const out: Record<string, number> = {};
      for (const [id, v] of Object.entries(amounts)) {
        const n = v.trim() === '' ? 0 : Number(v);
        if (!Number.isInteger(n) || n < 0) return null;
        if (n > 0) out[id] = n;
      }
      return out;
    };
    switch (meta.kind) {
      case 'ranking': {
        const order = ranks.filter(Boolean);
        return order.length > 0 ? { kind: 'ranking', order } : null;
      }
      case 'points': {
        const points = numbers();
        return points ? { kind: 'points', points } : null;
      }
      case 'dot': {
        const dots = numbers();
        return dots ? { kind: 'dot', dots } : null;
      }
      case 'approval':
        return { kind: 'approval', choices: chosen };
      case 'single':
        return chosen[0] ? { kind: 'single', choice: chosen[0] } : null;
    }
  }

  function describe(b: Ballot): string {
    switch (b.kind) {
      case 'ranking':
        return b.order
          .map((id, i) => t('console.paperBallot.ranked', { n: i + 1, option: label(id) }))
          .join('; ');
      case 'points':
        return Object.entries(b.points)
          .map(([id, n]) => `${label(id)}: ${n}`)
          .join('; ');
      case 'dot':
        return Object.entries(b.dots)
          .map(([id, n]) => `${label(id)}: ${n}`)
          .join('; ');
      case 'approval':
        return b.choices.map(label).join('; ');
      case 'single':
        return label(b.choice);
    }
  }

  async function add() {
    setProblem(null);
    setStatus('');
    const b = ballot();
    if (!b) {
      setProblem({ code: 'BAD_REQUEST', message: t('console.paperBallot.incomplete') });
      return;
    }
    setBusy(true);
    const r = await room.send('vote:paperBallot:add', {
      id: crypto.randomUUID(),
      activityId,
      groupKey,
      ballot: b,
    });
    setBusy(false);
    if (!r.ok) {
      setProblem(r.error);
      return;
    }
    setEntered(r.data.paperBallots);
    setRanks([]);
    setAmounts({});
    setChosen([]);
    setStatus(t('console.paperBallot.added', { count: r.data.paperBallots.length }));
    onCounted(r.data.results);
  }

  async function remove(id: string) {
    setProblem(null);
    const r = await room.send('vote:paperBallot:remove', { id, activityId });
    if (!r.ok) {
      setProblem(r.error);
      return;
    }
    setEntered(r.data.paperBallots);
    setStatus(t('console.paperBallot.removed', { count: r.data.paperBallots.length }));
    onCounted(r.data.results);
  }

  const positions = Array.from({ length: meta.rankTopK }, (_, i) => i);

  return (
    <details className="paper-counts paper-ballots" data-testid="paper-ballots">
      <summary>{t('console.paperBallot.heading')}</summary>
      <p className="field-hint">
        {t(`console.paperBallot.intro.${meta.kind}`, {
          count: meta.kind === 'points' ? meta.pointsTotal : meta.rankTopK,
        })}
      </p>
      <form
        className="paper-ballot-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <Field label={t('console.paperBallot.group')}>
          {(control) => (
            <select
              {...control}
              className="input"
              value={groupKey}
              onChange={(e) => setGroupKey(e.currentTarget.value)}
            >
              {groups.map((g) => (
                <option key={g.key} value={g.key}>
                  {groupName(tc, g)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {meta.kind === 'ranking'
          ? positions.map((i) => (
              <Field key={i} label={t('console.paperBallot.choice', { n: i + 1 })}>
                {(control) => (
                  <select
                    {...control}
                    className="input"
                    value={ranks[i] ?? ''}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setRanks((prev) => {
                        const next = [...prev];
                        next[i] = value;
                        return next;
                      });
                    }}
                  >
                    <option value="">{t('console.paperBallot.none')}</option>
                    {options.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))
          : null}
        {meta.kind === 'points' || meta.kind === 'dot' ? (
          <FieldGroup legend={t(`console.paperBallot.amounts.${meta.kind}`)}>
            {options.map((o) => (
              <Field key={o.id} label={o.label} className="paper-amount">
                {(control) => (
                  <input
                    {...control}
                    className="input input-number paper-input"
                    type="number"
                    inputMode="numeric"
                    min={0}
                    step={1}
                    value={amounts[o.id] ?? ''}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setAmounts((prev) => ({ ...prev, [o.id]: value }));
                    }}
                  />
                )}
              </Field>
            ))}
          </FieldGroup>
        ) : null}
        {meta.kind === 'approval' || meta.kind === 'single' ? (
          <FieldGroup legend={t(`console.paperBallot.marked.${meta.kind}`)}>
            {options.map((o) => (
              <label key={o.id} className="choice">
                <input
                  type={meta.kind === 'single' ? 'radio' : 'checkbox'}
                  name={`paper-${activityId}`}
                  checked={chosen.includes(o.id)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setChosen((prev) =>
                      meta.kind === 'single'
                        ? [o.id]
                        : on
                          ? [...prev, o.id]
                          : prev.filter((id) => id !== o.id),
                    );
                  }}
                />
                <bdi>{o.label}</bdi>
              </label>
            ))}
          </FieldGroup>
        ) : null}
        {problem ? <ErrorMessage>{voteProblemText(t, tc, problem)}</ErrorMessage> : null}
        <div className="actions">
          <Button type="submit" variant="primary" busy={busy}>
            {t('console.paperBallot.add')}
          </Button>
          <LiveRegion visible className="saved-status" message={status} />
        </div>
      </form>
      {entered.length > 0 ? (
        <>
          <h4>{t('console.paperBallot.entered', { count: entered.length })}</h4>
          <ol className="paper-ballot-list">
            {entered.map((b) => (
              <li key={b.id}>
                <span>
                  {group(b.groupKey)}: {describe(b.ballot)}
                </span>{' '}
                <Button
                  onClick={() => void remove(b.id)}
                  aria-label={t('console.paperBallot.removeOne', { ballot: describe(b.ballot) })}
                >
                  {t('console.paperBallot.remove')}
                </Button>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </details>
  );
}
