import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { isJoinCode, normalizeJoinCode } from '../../../shared/domain/joinCode.ts';
import { Link } from '../../components/Link.tsx';
import { Page } from '../../components/Page.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { navigate } from '../../lib/router.ts';
import { useRoom } from '../../lib/useRoom.ts';
import type { RoomState } from '../../../shared/domain/room.ts';
import {
  forgetParticipant,
  loadParticipant,
  saveParticipant,
  saveRoomState,
  type ParticipantRecord,
} from '../../lib/storage.ts';
import { ParticipantView } from '../participant/ParticipantView.tsx';
import { AboutYouStep } from './AboutYouStep.tsx';
import { ContactStep } from './ContactStep.tsx';
import { JoinForm } from './JoinForm.tsx';
import { pages } from '../../lib/routes.ts';

/**
 * /j/:code. A device that has joined before goes straight back in as the same person (the token
 * is the identity); anyone else sees the workshop's name and the join form.
 */
export function JoinPage({ code: rawCode }: { code: string }) {
  const { t } = useTranslation();
  const code = normalizeJoinCode(rawCode);
  const valid = isJoinCode(code);
  const [record, setRecord] = useState<ParticipantRecord | null>(() =>
    valid ? loadParticipant(code) : null,
  );
  const [notice, setNotice] = useState<string | null>(null);
  // Right after joining (not on a reload), two optional steps come before the workshop.
  const [step, setStep] = useState<'contact' | 'aboutYou' | null>(null);
  const [contactSaved, setContactSaved] = useState(false);
  // The live connection opens as soon as the join is answered, not after the optional steps
  // (LIGHT9): while the person reads them, the phone connects and receives the room, so skipping
  // them shows the workshop at once. The steps themselves do not use it.
  const token = record?.token;
  const auth = useMemo(() => (token ? { role: 'participant' as const, token } : null), [token]);
  const room = useRoom(auth);

  // "/j/ace-479" and "/j/ace479" are the same workshop; show the tidy form of the link.
  useEffect(() => {
    if (valid && rawCode !== code) navigate(pages.join(code), { replace: true });
  }, [valid, rawCode, code]);

  const onJoined = useCallback(
    (joined: ParticipantRecord, joinedRoom: RoomState) => {
      saveParticipant(code, joined);
      // What the participant view shows until the live room arrives (LIGHT10), as after a reload.
      saveRoomState(code, joinedRoom);
      setNotice(null);
      setRecord(joined);
      setStep('contact');
    },
    [code],
  );

  const onForgotten = useCallback(() => {
    forgetParticipant(code);
    setRecord(null);
    setNotice(t('join.forgotten'));
  }, [code, t]);

  if (!valid) {
    return (
      <Page title={t('join.notFoundTitle')} variant="narrow">
        <ErrorMessage>{t('join.notFound')}</ErrorMessage>
        <p>
          <Link to={pages.joinCode()} className="btn btn-primary">
            {t('join.tryAnother')}
          </Link>
        </p>
      </Page>
    );
  }

  if (record && step === 'contact') {
    return (
      <ContactStep
        token={record.token}
        step={1}
        steps={2}
        onDone={(saved) => {
          setContactSaved(saved);
          setStep('aboutYou');
        }}
      />
    );
  }
  if (record && step === 'aboutYou') {
    return (
      <AboutYouStep
        token={record.token}
        step={2}
        steps={2}
        notice={contactSaved ? t('feedback:contact.saved') : null}
        onDone={() => setStep(null)}
      />
    );
  }
  if (record) {
    return (
      <ParticipantView
        key={record.token}
        code={code}
        record={record}
        room={room}
        onForgotten={onForgotten}
      />
    );
  }
  return <JoinForm code={code} notice={notice} onJoined={onJoined} />;
}
