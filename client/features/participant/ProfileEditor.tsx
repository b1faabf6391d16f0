import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import { ParticipantUpdateSchema } from '../../../shared/protocol/self.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { currentLanguage, setLanguage } from '../../i18n/index.ts';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import type { Room } from '../../lib/useRoom.ts';
import { ProfileFields, type Profile } from '../join/ProfileFields.tsx';

type Props = { room: Room; groups: Group[] };

/** Changing name, group or language after joining, without losing one's place. */
export function ProfileEditor({ room, groups }: Props) {
  const { t } = useTranslation();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [person, setPerson] = useState<{ displayName: string; groupKey: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  async function openPanel() {
    setSaved('');
    setProblem(null);
    setErrors({});
    let self = room.self;
    if (!self) {
      // The server pushes "participant:self" on connect; an empty update asks for it if that
      // message was missed.
      const result = await room.send('participant:update', {});
      if (result.ok) self = result.data;
    }
    setPerson({ displayName: self?.displayName ?? '', groupKey: self?.groupKey ?? '' });
    setOpen(true);
  }

  const profile: Profile | null = person ? { ...person, language: currentLanguage() } : null;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!profile) return;
    setProblem(null);
    const payload = {
      displayName: profile.displayName,
      language: profile.language,
      ...(profile.groupKey ? { groupKey: profile.groupKey } : {}),
    };
    const checked = validate(ParticipantUpdateSchema, payload);
    if (!checked.ok) {
      setErrors(translateFields(t, checked.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    const result = await room.send('participant:update', payload);
    setBusy(false);
    if (!result.ok) {
      setErrors(translateFields(t, result.error.issues));
      setProblem(result.error);
      return;
    }
    setLanguage(result.data.language);
    setOpen(false);
    setSaved(t('profile.saved'));
    toggleRef.current?.focus();
  }

  return (
    <section className="profile-editor" aria-labelledby={`${panelId}-heading`}>
      <h2 id={`${panelId}-heading`} className="visually-hidden">
        {t('profile.heading')}
      </h2>
      <Button
        ref={toggleRef}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => (open ? setOpen(false) : void openPanel())}
      >
        {t('profile.toggle')}
      </Button>
      <p role="status" className="saved-status">
        {saved}
      </p>
      <div id={panelId} hidden={!open}>
        {open && profile ? (
          <form ref={formRef} onSubmit={(e) => void save(e)} noValidate className="form">
            {problem ? <ErrorMessage>{problemText(t, problem)}</ErrorMessage> : null}
            <ProfileFields
              value={profile}
              onChange={(next) => {
                if (next.language !== profile.language) setLanguage(next.language);
                setPerson({ displayName: next.displayName, groupKey: next.groupKey });
              }}
              groups={groups}
              errors={errors}
              idPrefix="profile"
            />
            <div className="actions">
              <Button type="submit" variant="primary" busy={busy}>
                {t('profile.save')}
              </Button>
              <Button
                onClick={() => {
                  setOpen(false);
                  toggleRef.current?.focus();
                }}
              >
                {t('common.cancel')}
              </Button>
            </div>
          </form>
        ) : null}
      </div>
    </section>
  );
}
