import { useTranslation } from 'react-i18next';
import { limits } from '../../../shared/domain/limits.ts';
import { Field } from '../../components/Field.tsx';

export type NewAccount = { name: string; email: string; password: string };

type Props = {
  values: NewAccount;
  errors: Record<string, string | undefined>;
  onChange: (key: keyof NewAccount, value: string) => void;
};

/** Name, email and a new password: the first account (set-up) and an invited facilitator's. */
export function NewAccountFields({ values, errors, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('fields.name')} error={errors.name}>
        {(p) => (
          <input
            {...p}
            className="input"
            autoComplete="name"
            maxLength={limits.personNameMax}
            value={values.name}
            onChange={(e) => onChange('name', e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label={t('fields.email')} error={errors.email}>
        {(p) => (
          <input
            {...p}
            className="input"
            type="email"
            autoComplete="email"
            maxLength={limits.emailMax}
            value={values.email}
            onChange={(e) => onChange('email', e.currentTarget.value)}
          />
        )}
      </Field>
      <Field
        label={t('fields.password')}
        hint={t('fields.newPasswordHint', { count: limits.passwordMin })}
        error={errors.password}
      >
        {(p) => (
          <input
            {...p}
            className="input"
            type="password"
            autoComplete="new-password"
            maxLength={limits.passwordMax}
            value={values.password}
            onChange={(e) => onChange('password', e.currentTarget.value)}
          />
        )}
      </Field>
    </>
  );
}
