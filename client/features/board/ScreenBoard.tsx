import { useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { PublicNote } from '../../../shared/domain/board.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import type { ActivitySummary } from '../../../shared/domain/activity.ts';
import { Joined } from '../../components/Joined.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { groupNameByKey } from '../../lib/groups.ts';
import { useBoardDoc } from '../../lib/yjs.ts';
import { columnsOf, isPublicBoard, voiceCount } from './boardText.ts';
import './screen.css';
import { scriptLanguage } from '../../lib/scriptLanguage.ts';

type Props = {
  code: string;
  activity: ActivitySummary;
  step: string;
  groups: Group[];
};

/**
 * The idea board on the projector: the question, then a column per theme with its count. It
 * reads the board's public document with the join code, so private notes never reach it before
 * the reveal. Nothing scrolls: a column too full for the screen shows the notes most merged and
 * most recent, and says how many more there are.
 */
export function ScreenBoard({ code, activity, step, groups }: Props) {
  const { t } = useTranslation();
  const auth = useMemo(() => ({ code }), [code]);
  const doc = useBoardDoc(activity.id, auth);
  const shared = isPublicBoard(doc.meta);
  const all = columnsOf(doc.themes, shared ? doc.notes : []);
  const columns = all.filter((c, i) => i > 0 || c.notes.length > 0 || all.length === 1);
  const rows = columns.length > 10 ? 3 : columns.length > 5 ? 2 : 1;
  const layout = { '--cols': Math.max(1, Math.ceil(columns.length / rows)) } as CSSProperties;

  return (
    <div className="screen-board">
      <LiveRegion message={t('screen.nowAnnounce', { title: activity.title })} />
      <div className="screen-board-head">
        <p className="screen-step">{step}</p>
        <h2
          id="screen-activity-heading"
          className="screen-board-title"
          data-testid="current-activity"
          dir="auto"
        >
          {activity.title}
        </h2>
        {activity.prompt ? (
          <p className="screen-board-prompt" dir="auto">
            {activity.prompt}
          </p>
        ) : null}
      </div>
      {doc.meta && !shared ? (
        <>
          <p className="screen-board-private" data-testid="screen-private">
            {t('screenBoard.privateLine')}
          </p>
          {/* The words stay private until the reveal; how many have come in does not. */}
          <p
            className="screen-board-count"
            data-testid="screen-note-count"
            aria-live="polite"
            aria-atomic="true"
          >
            {t('screenBoard.submitted', { count: doc.submitted })}
          </p>
        </>
      ) : (
        <div className="screen-columns" style={layout} data-testid="screen-columns">
          {columns.map((column) => (
            <ScreenColumn
              key={column.theme?.id ?? 'unsorted'}
              name={column.theme ? column.theme.name : t('board.unsorted')}
              notes={column.notes}
              groups={groups}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/** Merged notes speak for several people; then the newest. */
function byPriority(a: PublicNote, b: PublicNote) {
  return b.mergedCount - a.mergedCount || (a.createdAt < b.createdAt ? 1 : -1);
}

function ScreenColumn({
  name,
  notes,
  groups,
}: {
  name: string;
  notes: PublicNote[];
  groups: Group[];
}) {
  const { t } = useTranslation();
  const bodyRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLUListElement>(null);
  const moreRef = useRef<HTMLParagraphElement>(null);
  const priority = useMemo(() => [...notes].sort(byPriority), [notes]);
  const [fit, setFit] = useState(notes.length);

  // Lay every note out, invisibly, at the column's width, and keep as many as fit.
  useLayoutEffect(() => {
    const body = bodyRef.current;
    const measure = measureRef.current;
    if (!body || !measure) return;
    const compute = () => {
      const available = body.clientHeight;
      const items = [...measure.children].filter(
        (el): el is HTMLElement => el instanceof HTMLElement && el.dataset.note !== undefined,
      );
      const gap = parseFloat(getComputedStyle(measure).rowGap) || 0;
      const more = (moreRef.current?.offsetHeight ?? 0) + gap;
      const heights = items.map((el) => el.offsetHeight);
      let used = 0;
      let k = 0;
      for (const h of heights) {
        const next = used + h + (k > 0 ? gap : 0);
        if (next > available) break;
        used = next;
        k += 1;
      }
      while (k > 0 && k < heights.length && used + more > available) {
        k -= 1;
        used -= (heights[k] ?? 0) + (k > 0 ? gap : 0);
      }
      setFit(k);
    };
    compute();
    const observer = new ResizeObserver(compute);
    observer.observe(body);
    return () => observer.disconnect();
  }, [priority]);

  const shownIds = new Set(priority.slice(0, fit).map((n) => n.id));
  const shown = notes.filter((n) => shownIds.has(n.id));
  const hiddenCount = notes.length - shown.length;

  const renderNote = (note: PublicNote, measuring: boolean) => (
    <li key={note.id} className="screen-note" data-note={measuring ? '' : undefined}>
      <p className="screen-note-text" dir="auto" lang={scriptLanguage(note.text)}>
        {note.text}
      </p>
      <p className="screen-note-meta">
        <Joined
          parts={[
            groupNameByKey(t, groups, note.groupKey),
            note.authorName,
            note.assisted ? t('board.assisted') : null,
            note.mergedCount > 0 ? t('board.similar', { count: note.mergedCount }) : null,
          ].filter((p): p is string => !!p)}
        />
      </p>
    </li>
  );

  return (
    <section className="screen-column" aria-label={name} data-testid="screen-column">
      <h3 className="screen-column-title">
        <bdi className="screen-column-name">{name}</bdi>{' '}
        <span className="screen-column-count">
          {t('board.noteCount', { count: voiceCount(notes) })}
        </span>
      </h3>
      <div className="screen-column-body" ref={bodyRef}>
        <ul className="screen-notes">{shown.map((n) => renderNote(n, false))}</ul>
        {hiddenCount > 0 ? (
          <p className="screen-more" data-testid="screen-more">
            {t('screenBoard.more', { count: hiddenCount })}
          </p>
        ) : null}
        <ul className="screen-notes screen-measure" ref={measureRef} aria-hidden="true">
          {priority.map((n) => renderNote(n, true))}
          <li>
            <p className="screen-more" ref={moreRef}>
              {t('screenBoard.more', { count: 999 })}
            </p>
          </li>
        </ul>
      </div>
    </section>
  );
}
