import { useEffect, useRef } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { limits } from '../../../shared/domain/limits.ts';
import { Button } from '../../components/Button.tsx';
import { Field, FieldGroup } from '../../components/Field.tsx';
import { localId, type DraftGroup } from './draft.ts';

type Props = {
  groups: DraftGroup[];
  onChange: (groups: DraftGroup[]) => void;
  errors: Record<string, string>;
  announce: (message: string) => void;
};

/**
 * The groups people say they belong to when they join. Built-in groups can be renamed (an empty
 * name keeps the standard one, translated for each reader); custom groups can be added and removed.
 */
export function GroupsEditor({ groups, onChange, errors, announce }: Props) {
  const { t } = useTranslation();
  const focusRef = useRef<string | null>(null);

  useEffect(() => {
    if (!focusRef.current) return;
    document.getElementById(focusRef.current)?.focus();
    focusRef.current = null;
  });

  function update(uid: string, label: string) {
    onChange(groups.map((g) => (g.uid === uid ? { ...g, label } : g)));
  }

  function add() {
    const group: DraftGroup = { uid: localId('group'), key: '', label: '', builtIn: false };
    focusRef.current = `${group.uid}-label`;
    onChange([...groups, group]);
  }

  function remove(index: number) {
    const group = groups[index];
    if (!group) return;
    const rest = groups.filter((_, i) => i !== index);
    const next = rest[index] ?? rest[index - 1];
    focusRef.current = next ? `${next.uid}-label` : 'groups-add';
    announce(t('groupsEditor.removed', { name: group.label || t('groupsEditor.unnamed') }));
    onChange(rest);
  }

  return (
    <FieldGroup
      legend={t('groupsEditor.legend')}
      hint={t('groupsEditor.hint')}
      error={errors.groups}
      className="groups-editor"
    >
      <ul className="plain-list">
        {groups.map((g, index) => {
          const standard = g.builtIn ? t(`groups.${g.key}`) : '';
          return (
            <li key={g.uid} className="group-row">
              <Field
                id={`${g.uid}-label`}
                label={
                  g.builtIn
                    ? t('groupsEditor.builtInLabel', { name: standard })
                    : t('groupsEditor.customLabel', { n: index + 1 })
                }
                error={errors[`groups.${index}.label`]}
              >
                {(p) => (
                  <input
                    dir="auto"
                    {...p}
                    className="input"
                    maxLength={limits.groupLabelMax}
                    placeholder={standard || undefined}
                    value={g.label}
                    onChange={(e) => update(g.uid, e.currentTarget.value)}
                  />
                )}
              </Field>
              {!g.builtIn ? (
                <Button
                  variant="secondary"
                  onClick={() => remove(index)}
                  aria-label={
                    g.label.trim()
                      ? t('groupsEditor.removeNamed', { name: g.label.trim() })
                      : t('groupsEditor.removeNumber', { n: index + 1 })
                  }
                >
                  {t('common.remove')}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <Button id="groups-add" onClick={add} disabled={groups.length >= limits.groupsMax}>
        <span aria-hidden="true">+ </span>
        {t('groupsEditor.add')}
      </Button>
    </FieldGroup>
  );
}
