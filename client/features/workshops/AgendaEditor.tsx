import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { activityKinds, type ActivityKind } from '../../../shared/domain/activity.ts';
import { limits } from '../../../shared/domain/limits.ts';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';
import { ActivitySettingsFields } from './ActivitySettingsFields.tsx';
import { newActivity, type DraftActivity } from './draft.ts';

type Props = {
  agenda: DraftActivity[];
  onChange: (agenda: DraftActivity[]) => void;
  errors: Record<string, string>;
  announce: (message: string) => void;
  /** The activity the room is on; the server refuses to remove it, so the editor does too. */
  currentActivityId?: string | null;
};

function isKind(value: string): value is ActivityKind {
  return (activityKinds as readonly string[]).includes(value);
}

export function AgendaEditor({
  agenda,
  onChange,
  errors,
  announce,
  currentActivityId = null,
}: Props) {
  const { t } = useTranslation();
  const [newKind, setNewKind] = useState<ActivityKind>('idea_board');
  // Reordering moves DOM nodes, and a moved node loses focus; this puts it back where the
  // keyboard user expects it after the render.
  const focusRef = useRef<string | null>(null);

  useEffect(() => {
    if (!focusRef.current) return;
    const target = document.getElementById(focusRef.current);
    focusRef.current = null;
    target?.focus();
  });

  const nameOf = (a: DraftActivity, index: number) =>
    a.title.trim() || t('agenda.untitled', { n: index + 1 });

  function patch(uid: string, value: Partial<DraftActivity>) {
    onChange(agenda.map((a) => (a.uid === uid ? { ...a, ...value } : a)));
  }

  function add() {
    const activity = newActivity(newKind);
    focusRef.current = `${activity.uid}-title`;
    onChange([...agenda, activity]);
    announce(t('agenda.added', { kind: t(`kinds.${newKind}`), n: agenda.length + 1 }));
  }

  function move(index: number, by: -1 | 1) {
    const to = index + by;
    const item = agenda[index];
    const other = agenda[to];
    if (!item || !other) return;
    const next = [...agenda];
    next[index] = other;
    next[to] = item;
    // Stay on the same button unless it just became useless (top or bottom of the list).
    const atEdge = to === 0 || to === agenda.length - 1;
    const same = by === -1 ? 'up' : 'down';
    const opposite = by === -1 ? 'down' : 'up';
    focusRef.current = `${item.uid}-${atEdge ? opposite : same}`;
    onChange(next);
    announce(
      t('agenda.moved', { name: nameOf(item, index), position: to + 1, total: agenda.length }),
    );
  }

  function remove(index: number) {
    const item = agenda[index];
    if (!item) return;
    const rest = agenda.filter((_, i) => i !== index);
    const neighbour = rest[index] ?? rest[index - 1];
    focusRef.current = neighbour ? `${neighbour.uid}-title` : 'agenda-add';
    onChange(rest);
    announce(t('agenda.removed', { name: nameOf(item, index) }));
  }

  return (
    <section className="agenda-editor" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t('agenda.heading')}</h2>
      <p className="muted">{t('agenda.hint')}</p>
      {errors.agenda ? (
        <p className="field-error">
          <span aria-hidden="true">⚠ </span>
          {errors.agenda}
        </p>
      ) : null}
      {agenda.length === 0 ? <p className="empty">{t('agenda.empty')}</p> : null}
      <ol className="agenda-items">
        {agenda.map((a, index) => {
          const n = index + 1;
          const context = t('agenda.context', { n });
          const hidden = <span className="visually-hidden"> ({context})</span>;
          const prefix = `agenda.${index}`;
          const isCurrent = a.id !== undefined && a.id === currentActivityId;
          return (
            <li key={a.uid} className="agenda-item">
              <fieldset className="agenda-fieldset">
                <legend>
                  <span className="agenda-number">{t('agenda.itemLegend', { n })}</span>{' '}
                  <span className="agenda-legend-title">
                    {t(`kinds.${a.kind}`)}
                    {a.title.trim() ? `: ${a.title.trim()}` : ''}
                  </span>
                </legend>
                <div className="agenda-grid">
                  <Field
                    label={
                      <>
                        {t('agenda.kind')}
                        {hidden}
                      </>
                    }
                    error={errors[`${prefix}.kind`]}
                  >
                    {(p) => (
                      <select
                        {...p}
                        className="select"
                        value={a.kind}
                        onChange={(e) => {
                          const kind = e.currentTarget.value;
                          if (isKind(kind)) patch(a.uid, { kind });
                        }}
                      >
                        {activityKinds.map((k) => (
                          <option key={k} value={k}>
                            {t(`kinds.${k}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field
                    id={`${a.uid}-title`}
                    label={
                      <>
                        {t('agenda.title')}
                        {hidden}
                      </>
                    }
                    error={errors[`${prefix}.title`]}
                  >
                    {(p) => (
                      <input
                        dir="auto"
                        {...p}
                        className="input"
                        maxLength={limits.activityTitleMax}
                        value={a.title}
                        onChange={(e) => patch(a.uid, { title: e.currentTarget.value })}
                      />
                    )}
                  </Field>
                </div>
                <p className="muted kind-hint">{t(`kinds.${a.kind}_hint`)}</p>
                <Field
                  label={
                    <>
                      {t('agenda.prompt')}
                      {hidden}
                    </>
                  }
                  hint={t('agenda.promptHint')}
                  error={errors[`${prefix}.prompt`]}
                >
                  {(p) => (
                    <textarea
                      dir="auto"
                      {...p}
                      className="textarea"
                      rows={3}
                      maxLength={limits.activityPromptMax}
                      value={a.prompt}
                      onChange={(e) => patch(a.uid, { prompt: e.currentTarget.value })}
                    />
                  )}
                </Field>
                <ActivitySettingsFields
                  activity={a}
                  context={context}
                  errors={errors}
                  errorPrefix={`${prefix}.settings`}
                  onChange={(settings) => patch(a.uid, { settings })}
                />
                {isCurrent ? <p className="muted">{t('agenda.currentNote')}</p> : null}
                <div className="actions agenda-actions">
                  <Button
                    id={`${a.uid}-up`}
                    onClick={() => move(index, -1)}
                    disabled={index === 0}
                    aria-label={`${t('agenda.moveUp')}: ${nameOf(a, index)}`}
                  >
                    <span aria-hidden="true">↑ </span>
                    {t('agenda.moveUp')}
                  </Button>
                  <Button
                    id={`${a.uid}-down`}
                    onClick={() => move(index, 1)}
                    disabled={index === agenda.length - 1}
                    aria-label={`${t('agenda.moveDown')}: ${nameOf(a, index)}`}
                  >
                    <span aria-hidden="true">↓ </span>
                    {t('agenda.moveDown')}
                  </Button>
                  <Button
                    variant="danger"
                    onClick={() => remove(index)}
                    disabled={isCurrent}
                    aria-label={`${t('common.remove')}: ${nameOf(a, index)}`}
                  >
                    {t('common.remove')}
                  </Button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="add-activity">
        <Field label={t('agenda.newKind')}>
          {(p) => (
            <select
              {...p}
              className="select"
              value={newKind}
              onChange={(e) => {
                const kind = e.currentTarget.value;
                if (isKind(kind)) setNewKind(kind);
              }}
            >
              {activityKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button id="agenda-add" onClick={add} disabled={agenda.length >= limits.agendaMax}>
          <span aria-hidden="true">+ </span>
          {t('agenda.add')}
        </Button>
      </div>
    </section>
  );
}
