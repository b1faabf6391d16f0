import { useCallback, useEffect, useId, useRef, type RefObject } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { TABLECLOTH_CHARS_MAX } from '../../../shared/domain/cafe.ts';
import type { Tablecloth as TableclothText } from '../../../shared/protocol/cafe.ts';
import { useTablecloth, type BoardDocAuth, type TableclothDoc } from '../../lib/yjs.ts';
import { diffText, limitChange, mapChange, mapPosition, type Delta } from './textDiff.ts';
import { localeOf } from '../../../shared/domain/languages.ts';

const formatNumber = (n: number, language: string) =>
  new Intl.NumberFormat(localeOf(language)).format(n);

/** Past this share of the limit the counter says how close it is. */
const NEARLY_FULL = 0.9;

type Props = {
  docName: string;
  auth: BoardDocAuth;
  /** Visible label of the text box. */
  label: string;
  hint: string;
};

/**
 * The table's shared notes for this round (CAFE11), co-written with the people at the table. A
 * plain textarea (it works with every phone keyboard and screen reader) bound to the shared text:
 * each edit goes out as one replace, others' edits come in without moving the caret off the
 * words being typed. While a phone keyboard is composing a word, others' edits wait until the
 * word is done, so the keyboard is never interrupted; the word is then moved past them.
 */
export function Tablecloth({ docName, auth, label, hint }: Props) {
  const { t, i18n } = useTranslation('cafe');
  const cloth = useTablecloth(docName, auth, { readOnly: false });
  const ref = useRef<HTMLTextAreaElement>(null);
  useTextareaBinding(ref, cloth);
  const id = useId();
  const length = cloth.text.length;
  const language = i18n.language;
  const full = length >= TABLECLOTH_CHARS_MAX * NEARLY_FULL;

  const status =
    cloth.status === 'closed'
      ? t('cloth.closed')
      : !cloth.editable
        ? t('cloth.connecting')
        : cloth.status !== 'connected'
          ? t('cloth.offline')
          : '';

  return (
    <section className="cafe-cloth" aria-labelledby={`${id}-heading`} data-testid="tablecloth">
      <h3 id={`${id}-heading`} className="cafe-cloth-heading">
        <label htmlFor={`${id}-text`}>{label}</label>
      </h3>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      <p
        className={status ? 'cafe-cloth-status cafe-cloth-status-shown' : 'cafe-cloth-status'}
        role="status"
      >
        {status}
      </p>
      <textarea
        dir="auto"
        ref={ref}
        id={`${id}-text`}
        className="textarea cafe-cloth-area"
        aria-describedby={`${id}-hint ${id}-count`}
        defaultValue=""
        readOnly={!cloth.editable}
        maxLength={TABLECLOTH_CHARS_MAX}
        rows={8}
        spellCheck
        data-editable={cloth.editable ? 'true' : 'false'}
        data-synced={cloth.synced ? 'true' : 'false'}
      />
      <p
        id={`${id}-count`}
        className={full ? 'char-count char-count-over' : 'char-count'}
        data-testid="cloth-count"
      >
        {full ? <span aria-hidden="true">⚠ </span> : null}
        {t('cloth.count', {
          count: length,
          used: formatNumber(length, language),
          max: formatNumber(TABLECLOTH_CHARS_MAX, language),
        })}
      </p>
    </section>
  );
}

/**
 * Keeps an uncontrolled textarea and the shared text in step. `base` is the text both last
 * agreed on; `pending` holds others' edits that arrived while a word was being composed.
 */
function useTextareaBinding(ref: RefObject<HTMLTextAreaElement | null>, cloth: TableclothDoc) {
  const base = useRef('');
  const pending = useRef<Delta[]>([]);
  const composing = useRef(false);
  const { apply, read, onRemote } = cloth;

  // Local typing: one replace from what was agreed to what the box shows.
  const commit = useCallback(
    (el: HTMLTextAreaElement) => {
      const value = el.value;
      const caret = el.selectionEnd;
      const change = diffText(base.current, value, caret);
      const deltas = pending.current;
      pending.current = [];
      if (change) {
        const moved = deltas.length > 0 ? mapChange(change, deltas) : change;
        const fitted = limitChange(moved, read().length, TABLECLOTH_CHARS_MAX);
        apply(fitted.index, fitted.remove, fitted.insert);
        const shared = read();
        if (shared !== value) {
          // Others wrote meanwhile, or the paste was cut at the limit: show the shared text.
          el.value = shared;
          const at = fitted.index + fitted.insert.length;
          el.setSelectionRange(at, at);
        }
        base.current = shared;
      } else if (deltas.length > 0) {
        const shared = read();
        const at = deltas.reduce((pos, d) => mapPosition(pos, d, 'before'), caret);
        el.value = shared;
        el.setSelectionRange(at, at);
        base.current = shared;
      }
    },
    [apply, read],
  );

  // The document (re)opened: show what it holds.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const shared = read();
    el.value = shared;
    base.current = shared;
    pending.current = [];
  }, [ref, read]);

  // Others' edits.
  useEffect(
    () =>
      onRemote((delta, text) => {
        const el = ref.current;
        if (!el) return;
        if (composing.current) {
          pending.current.push(delta);
          return;
        }
        const focused = document.activeElement === el;
        const { selectionStart, selectionEnd, selectionDirection } = el;
        el.value = text;
        base.current = text;
        if (!focused) return;
        // A bare caret stays before what a tablemate types at the same spot; a selection does
        // not grow to take in their words.
        const collapsed = selectionStart === selectionEnd;
        const start = mapPosition(selectionStart, delta, collapsed ? 'before' : 'after');
        const end = collapsed ? start : Math.max(start, mapPosition(selectionEnd, delta, 'before'));
        el.setSelectionRange(start, end, selectionDirection ?? 'none');
      }),
    [onRemote, ref],
  );

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onInput = () => {
      // Mid-word with others' edits waiting: the word goes when it is done.
      if (composing.current && pending.current.length > 0) return;
      commit(el);
    };
    const onStart = () => {
      composing.current = true;
    };
    const onEnd = () => {
      composing.current = false;
      commit(el);
    };
    el.addEventListener('input', onInput);
    el.addEventListener('compositionstart', onStart);
    el.addEventListener('compositionend', onEnd);
    return () => {
      el.removeEventListener('input', onInput);
      el.removeEventListener('compositionstart', onStart);
      el.removeEventListener('compositionend', onEnd);
    };
  }, [ref, commit]);
}

/** A tablecloth as text, read-only: earlier rounds, other tables at the harvest. */
export function ClothText({ text }: { text: string }) {
  const { t } = useTranslation('cafe');
  return text.trim() ? (
    <p className="cafe-cloth-read prewrap" dir="auto">
      {text}
    </p>
  ) : (
    <p className="cafe-cloth-read cafe-cloth-empty">{t('cloth.empty')}</p>
  );
}

/**
 * What earlier rounds at this table wrote (CAFE13): the notes carry over, so the host (and anyone
 * now at the table) can brief the newcomers. Folded away until asked for.
 */
export function EarlierRounds({
  tablecloths,
  round,
  open,
}: {
  tablecloths: TableclothText[] | null;
  round: number;
  open?: boolean;
}) {
  const { t } = useTranslation('cafe');
  const earlier = (tablecloths ?? []).filter((c) => c.round < round);
  if (round <= 1) return null;
  return (
    <details className="cafe-earlier" data-testid="earlier-rounds" open={open}>
      <summary className="cafe-earlier-summary">{t('earlier.heading')}</summary>
      {tablecloths === null ? (
        <p className="muted">{t('earlier.loading')}</p>
      ) : earlier.length === 0 ? (
        <p className="muted">{t('earlier.none')}</p>
      ) : (
        <ol className="cafe-earlier-list">
          {earlier.map((c) => (
            <li key={c.round} className="cafe-earlier-item">
              <h4 className="cafe-earlier-round">
                {t('earlier.round', { round: c.round })}
                {c.question ? <bdi className="cafe-earlier-question">{c.question}</bdi> : null}
              </h4>
              <ClothText text={c.text} />
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
