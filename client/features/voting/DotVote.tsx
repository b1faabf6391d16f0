import { useEffect, useId, useRef, useState } from 'react';
import type { VoteView, MyBallot } from '../../../shared/protocol/voting.ts';
import { useAnnounce } from '../../components/Announcer.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { newUuid } from '../../lib/uuid.ts';
import { useOpQueue } from './useOpQueue.ts';
import { useStickyClearance } from './useStickyClearance.ts';
import type { VoteHandle, VoteRoom } from './useVote.ts';
import {
  addBlock,
  dotsLeft,
  projectDots,
  receiptFor,
  removeBlock,
  type DotContext,
  type DotOp,
} from './voteLogic.ts';
import { useLabelLang } from './shownText.tsx';
import { blockText, useVotingT, voteProblemText } from './voteText.ts';

type Props = {
  room: VoteRoom;
  activityId: string;
  vote: VoteHandle & { view: VoteView };
  /** Tells the parent whether presses are on their way (so a refetch keeps them). */
  pendingRef: { current: boolean };
};

/**
 * A phone's dot vote: each option as a card with its dots, and one-thumb buttons to add a dot or
 * take one back. Every press is its own operation with its own id; the receipt says only what the
 * server has answered (VOTE4, VOTE7).
 */
export function DotVote({ room, activityId, vote, pendingRef }: Props) {
  const { t, tc } = useVotingT();
  const { view, applyBallot, refresh } = vote;
  const { meta } = view;
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const announce = useAnnounce();

  const { queue, ops, waiting } = useOpQueue<DotOp, MyBallot>(room, {
    send: (op) =>
      room.send(op.delta > 0 ? 'dot:place' : 'dot:remove', {
        opId: op.id,
        activityId,
        optionId: op.optionId,
      }),
    onDone: (op, mine) => {
      applyBallot(mine.ballot);
      // One sentence per press, from the server's answer (A11Y-SAY4): the visible "dots left"
      // and receipt lines change too, but are not live regions, or each press would be said
      // three times ("Saving…", the receipt, the dots left).
      const label = view.options.find((o) => o.id === op.optionId)?.label ?? '';
      const key = op.delta > 0 ? 'dots.said.added' : 'dots.said.removed';
      announce(t(key, { label, count: mine.remaining }));
    },
    onRefused: (_op, p) => {
      setProblem(p);
      void refresh();
    },
  });
  const pending = ops.length > 0;
  useEffect(() => {
    pendingRef.current = pending;
  }, [pending, pendingRef]);
  // A press that cannot be sent is news once, when the waiting starts, not at every press.
  const waitingText =
    waiting && pending
      ? t(room.database === 'unreachable' ? 'dots.waitingServer' : 'dots.waiting')
      : '';
  useEffect(() => {
    if (waitingText) announce(waitingText);
  }, [waitingText, announce]);
  const leftId = useId();

  const dots = projectDots(view.myBallot, ops);
  const ctx: DotContext = {
    meta,
    mayVote: view.mayVote,
    ownOptionIds: view.ownOptionIds,
    dots,
  };
  const left = dotsLeft(meta, dots);
  const receipt = ops.length === 0 ? receiptFor(view.myBallot) : null;

  function press(optionId: string, delta: 1 | -1) {
    const block = delta > 0 ? addBlock(ctx, optionId) : removeBlock(ctx, optionId);
    if (block) return;
    setProblem(null);
    queue.add({ id: newUuid(), optionId, delta });
  }

  const voting = meta.status === 'open' && view.mayVote;
  const statusLine =
    ops.length > 0
      ? waitingText || t('dots.saving')
      : receipt
        ? t(receipt.key, { count: receipt.count })
        : '';

  return (
    <section className="vote-ballot" aria-labelledby="dot-ballot-heading">
      <h3 id="dot-ballot-heading" className="visually-hidden">
        {t('dots.heading')}
      </h3>
      {voting ? (
        <DotsSummary
          leftId={leftId}
          left={left === 0 ? t('dots.leftNone') : t('dots.left', { count: left })}
          rule={t('dots.rule', { count: meta.maxDotsPerOption })}
          status={statusLine}
          pending={ops.length > 0}
        />
      ) : null}
      {problem ? <ErrorMessage>{voteProblemText(t, tc, problem)}</ErrorMessage> : null}
      <ul className="dot-cards">
        {view.options.map((option) => {
          const mine = dots[option.id] ?? 0;
          const own = view.ownOptionIds.includes(option.id);
          const pendingHere = ops.some((o) => o.optionId === option.id);
          return (
            <DotCard
              key={option.id}
              label={option.label}
              mine={mine}
              max={meta.maxDotsPerOption}
              own={own}
              saving={pendingHere}
              showButtons={voting}
              addReason={voting ? addBlock(ctx, option.id) : null}
              removeReason={voting ? removeBlock(ctx, option.id) : null}
              blockText={(b) => blockText(t, b, meta)}
              leftId={leftId}
              onAdd={() => press(option.id, 1)}
              onRemove={() => press(option.id, -1)}
            />
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The bar of dots left, kept in view while the list scrolls, but never over the focused control
 * (A11Y-FOCUS3).
 */
function DotsSummary(props: {
  leftId: string;
  left: string;
  rule: string;
  status: string;
  pending: boolean;
}) {
  const bar = useRef<HTMLDivElement>(null);
  useStickyClearance(bar);
  return (
    <div className="dots-summary" ref={bar} data-testid="dots-summary">
      <p id={props.leftId} className="dots-left">
        {props.left}
      </p>
      <p className="dots-rule">{props.rule}</p>
      <p className={props.pending ? 'vote-receipt vote-receipt-pending' : 'vote-receipt'}>
        {props.status}
      </p>
    </div>
  );
}

type CardProps = {
  label: string;
  mine: number;
  max: number;
  own: boolean;
  saving: boolean;
  showButtons: boolean;
  addReason: ReturnType<typeof addBlock>;
  removeReason: ReturnType<typeof removeBlock>;
  blockText: (block: NonNullable<ReturnType<typeof addBlock>>) => string;
  /** The "dots left" line, which explains a dot that cannot be added for want of dots. */
  leftId: string;
  onAdd: () => void;
  onRemove: () => void;
};

function DotCard({
  label,
  mine,
  max,
  own,
  saving,
  showButtons,
  addReason,
  removeReason,
  blockText: reasonText,
  leftId,
  onAdd,
  onRemove,
}: CardProps) {
  const { t } = useVotingT();
  const labelLang = useLabelLang();
  const id = useId();
  // "No dots left" is said once above the list; the card explains only what is about it.
  const cardReason = addReason === 'cap' || addReason === 'own' ? reasonText(addReason) : null;
  const addDescribedBy = addReason === 'noneLeft' ? leftId : cardReason ? `${id}-why` : undefined;
  return (
    <li className={mine > 0 ? 'dot-card dot-card-chosen' : 'dot-card'} data-testid="dot-card">
      <p className="dot-label" id={`${id}-label`} dir="auto" lang={labelLang(label)}>
        {label}
      </p>
      {own ? <p className="badge dot-own">{t('dots.ownNote')}</p> : null}
      <p className="dot-count">
        <span className="dot-pips" aria-hidden="true">
          {Array.from({ length: Math.max(max, mine) }, (_, i) => (
            <span key={i} className={i < mine ? 'pip pip-on' : 'pip'} />
          ))}
        </span>
        <span data-testid="my-dots">{t('dots.mine', { count: mine })}</span>
        {saving ? <span className="dot-saving"> · {t('dots.saving')}</span> : null}
      </p>
      {showButtons ? (
        <div className="dot-buttons">
          <Button
            variant="primary"
            className="dot-btn"
            aria-label={`${t('dots.add')}: ${label}`}
            aria-disabled={addReason ? true : undefined}
            aria-describedby={addDescribedBy}
            onClick={onAdd}
          >
            <span>
              <span aria-hidden="true">+ </span>
              {t('dots.add')}
            </span>
          </Button>
          <Button
            className="dot-btn"
            aria-label={`${t('dots.remove')}: ${label}`}
            aria-disabled={removeReason ? true : undefined}
            onClick={onRemove}
          >
            <span>
              <span aria-hidden="true">− </span>
              {t('dots.remove')}
            </span>
          </Button>
        </div>
      ) : null}
      {showButtons && cardReason ? (
        <p className="dot-reason" id={`${id}-why`}>
          {cardReason}
        </p>
      ) : null}
    </li>
  );
}
