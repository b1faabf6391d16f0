import { useTranslation } from '../../i18n/useTranslation.ts';
import { limits } from '../../../shared/domain/limits.ts';
import { Field } from '../../components/Field.tsx';
import { EmailField, PasswordField } from './CredentialFields.tsx';

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
            dir="auto"
            {...p}
            className="input"
            autoComplete="name"
            maxLength={limits.personNameMax}
            value={values.name}
            onChange={(e) => onChange('name', e.currentTarget.value)}
          />
        )}
      </Field>
      <EmailField
        value={values.email}
        error={errors.email}
        onChange={(v) => onChange('email', v)}
      />
      <PasswordField
        purpose="new"
        value={values.password}
        error={errors.password}
        onChange={(v) => onChange('password', v)}
      />
    </>
  );
}
