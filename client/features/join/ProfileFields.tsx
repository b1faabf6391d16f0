import { useTranslation } from '../../i18n/useTranslation.ts';
import { limits } from '../../../shared/domain/limits.ts';
import { languages, type Language } from '../../../shared/domain/languages.ts';
import { Field, FieldGroup } from '../../components/Field.tsx';
import { useLanguageLabel } from '../../components/LanguageSwitcher.tsx';
import { groupName } from '../../lib/groups.ts';

export type Profile = { displayName: string; groupKey: string; language: Language };

type Props = {
  value: Profile;
  onChange: (value: Profile) => void;
  groups: { key: string; label: string | null }[];
  errors: Record<string, string>;
  /** Distinguishes radio groups when the form appears twice in a page's history. */
  idPrefix: string;
};

/** Name, group and language: asked when joining and changeable later, so the same form serves both. */
export function ProfileFields({ value, onChange, groups, errors, idPrefix }: Props) {
  const { t } = useTranslation();
  const labelOf = useLanguageLabel();
  return (
    <>
      <Field
        label={t('join.displayName')}
        hint={t('join.displayNameHint')}
        error={errors.displayName}
      >
        {(p) => (
          <input
            dir="auto"
            {...p}
            className="input"
            type="text"
            autoComplete="nickname"
            maxLength={limits.displayNameMax}
            value={value.displayName}
            onChange={(e) => onChange({ ...value, displayName: e.currentTarget.value })}
          />
        )}
      </Field>
      <FieldGroup legend={t('join.group')} hint={t('join.groupHint')} error={errors.groupKey}>
        <div className="choices">
          {groups.map((g) => (
            <label key={g.key} className="choice choice-card">
              <input
                type="radio"
                name={`${idPrefix}-group`}
                value={g.key}
                checked={value.groupKey === g.key}
                onChange={() => onChange({ ...value, groupKey: g.key })}
              />
              <span>{groupName(t, g)}</span>
            </label>
          ))}
        </div>
      </FieldGroup>
      <FieldGroup legend={t('join.language')} error={errors.language}>
        <div className="choices">
          {languages.map((l) => (
            <label key={l.code} className="choice choice-card">
              <input
                type="radio"
                name={`${idPrefix}-language`}
                value={l.code}
                checked={value.language === l.code}
                onChange={() => onChange({ ...value, language: l.code })}
              />
              <span lang={l.code}>{labelOf(l.code)}</span>
            </label>
          ))}
        </div>
      </FieldGroup>
    </>
  );
}
