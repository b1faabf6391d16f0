import { useId, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { limits } from '../../../shared/domain/limits.ts';
import { Field, FieldGroup, type ControlProps } from '../../components/Field.tsx';
import type { DraftActivity, SettingsForms } from './draft.ts';

type Props = {
  activity: DraftActivity;
  /** "activity 3": appended, hidden, to every label so each control has a name of its own. */
  context: string;
  errors: Record<string, string>;
  /** Error keys start with this, e.g. "agenda.2.settings". */
  errorPrefix: string;
  onChange: (settings: SettingsForms) => void;
};

export function ActivitySettingsFields({
  activity,
  context,
  errors,
  errorPrefix,
  onChange,
}: Props) {
  const { t } = useTranslation();
  const { t: tv } = useTranslation('voting');
  const err = (name: string) => errors[`${errorPrefix}.${name}`];
  const ctx = <span className="visually-hidden"> ({context})</span>;
  const label = (key: string): ReactNode => (
    <>
      {t(key)}
      {ctx}
    </>
  );
  const vlabel = (key: string): ReactNode => (
    <>
      {tv(key)}
      {ctx}
    </>
  );

  function patch<K extends keyof SettingsForms>(kind: K, value: Partial<SettingsForms[K]>) {
    onChange({ ...activity.settings, [kind]: { ...activity.settings[kind], ...value } });
  }

  const numberInput = (value: string, min: number, max: number, onValue: (v: string) => void) => {
    const control = (p: ControlProps) => (
      <input
        {...p}
        className="input input-number"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={value}
        onChange={(e) => onValue(e.currentTarget.value)}
      />
    );
    return control;
  };

  switch (activity.kind) {
    case 'idea_board': {
      const s = activity.settings.idea_board;
      return (
        <div className="settings-grid">
          <FieldGroup legend={label('settings.mode')} error={err('mode')}>
            {(['open', 'private'] as const).map((mode) => (
              <label key={mode} className="choice">
                <input
                  type="radio"
                  name={`${activity.uid}-mode`}
                  checked={s.mode === mode}
                  onChange={() => patch('idea_board', { mode })}
                />
                <span>{t(`settings.mode_${mode}`)}</span>
              </label>
            ))}
          </FieldGroup>
          <Field label={label('settings.maxNotesPerPerson')} error={err('maxNotesPerPerson')}>
            {numberInput(s.maxNotesPerPerson, 1, 50, (v) =>
              patch('idea_board', { maxNotesPerPerson: v }),
            )}
          </Field>
        </div>
      );
    }
    case 'dot_vote': {
      const s = activity.settings.dot_vote;
      return (
        <div className="settings-grid">
          <Field
            label={label('settings.dotsPerPerson')}
            hint={tv('settings.dotsAutoHint')}
            error={err('dotsPerPerson')}
          >
            {numberInput(s.dotsPerPerson, 1, 20, (v) => patch('dot_vote', { dotsPerPerson: v }))}
          </Field>
          <Field label={label('settings.maxDotsPerOption')} error={err('maxDotsPerOption')}>
            {numberInput(s.maxDotsPerOption, 1, 20, (v) =>
              patch('dot_vote', { maxDotsPerOption: v }),
            )}
          </Field>
          <Checkbox
            checked={s.hideTallyUntilReveal}
            onChange={(v) => patch('dot_vote', { hideTallyUntilReveal: v })}
            label={label('settings.hideTallyUntilReveal')}
            hint={t('settings.hideTallyHint')}
          />
          <Checkbox
            checked={s.shuffleOptions}
            onChange={(v) => patch('dot_vote', { shuffleOptions: v })}
            label={vlabel('settings.shuffle')}
            hint={tv('settings.shuffleHint')}
          />
          <Checkbox
            checked={s.lateJoinersMayVote}
            onChange={(v) => patch('dot_vote', { lateJoinersMayVote: v })}
            label={vlabel('settings.lateJoiners')}
            hint={tv('settings.lateJoinersHint')}
          />
          <Checkbox
            checked={s.allowOwnNote}
            onChange={(v) => patch('dot_vote', { allowOwnNote: v })}
            label={vlabel('settings.ownNote')}
            hint={tv('settings.ownNoteHint')}
          />
          <Field
            className="settings-wide"
            label={label('settings.options')}
            hint={tv('settings.dotOptionsHint')}
            error={err('options')}
          >
            {(p) => (
              <textarea
                dir="auto"
                {...p}
                className="textarea"
                rows={5}
                maxLength={limits.optionsMax * (limits.optionTextMax + 1)}
                value={s.options}
                onChange={(e) => patch('dot_vote', { options: e.currentTarget.value })}
              />
            )}
          </Field>
        </div>
      );
    }
    case 'world_cafe': {
      const s = activity.settings.world_cafe;
      return (
        <div className="settings-grid">
          <Field
            label={label('settings.tables')}
            hint={t('settings.tablesHint')}
            error={err('tables')}
          >
            {numberInput(s.tables, 1, 60, (v) => patch('world_cafe', { tables: v }))}
          </Field>
          <Field label={label('settings.rounds')} error={err('rounds')}>
            {numberInput(s.rounds, 1, 6, (v) => patch('world_cafe', { rounds: v }))}
          </Field>
          <Field
            label={label('settings.roundMinutes')}
            hint={t('settings.roundMinutesHint')}
            error={err('roundMinutes')}
          >
            {numberInput(s.roundMinutes, 5, 45, (v) => patch('world_cafe', { roundMinutes: v }))}
          </Field>
          <Field
            label={label('settings.changeoverMinutes')}
            hint={t('settings.changeoverMinutesHint')}
            error={err('changeoverMinutes')}
          >
            {numberInput(s.changeoverMinutes, 0, 10, (v) =>
              patch('world_cafe', { changeoverMinutes: v }),
            )}
          </Field>
          <Field
            label={label('settings.tableSize')}
            hint={t('settings.tableSizeHint')}
            error={err('tableSize')}
          >
            {numberInput(s.tableSize, 2, 8, (v) => patch('world_cafe', { tableSize: v }))}
          </Field>
          <Field
            label={label('settings.maxTableSize')}
            hint={t('settings.maxTableSizeHint')}
            error={err('maxTableSize')}
          >
            {numberInput(s.maxTableSize, 2, 12, (v) => patch('world_cafe', { maxTableSize: v }))}
          </Field>
          <Field
            className="settings-wide"
            label={label('settings.roundQuestions')}
            hint={t('settings.roundQuestionsHint')}
            error={err('questions')}
          >
            {(p) => (
              <textarea
                dir="auto"
                {...p}
                className="textarea"
                rows={4}
                value={s.questions}
                onChange={(e) => patch('world_cafe', { questions: e.currentTarget.value })}
              />
            )}
          </Field>
        </div>
      );
    }
    case 'congress_vote': {
      const s = activity.settings.congress_vote;
      return (
        <div className="settings-grid">
          <FieldGroup legend={label('settings.method')} error={err('method')}>
            {(['single', 'approval', 'ranking', 'points'] as const).map((method) => (
              <label key={method} className="choice">
                <input
                  type="radio"
                  name={`${activity.uid}-method`}
                  checked={s.method === method}
                  onChange={() => patch('congress_vote', { method })}
                />
                <span>
                  {method === 'points'
                    ? tv('settings.methodPoints')
                    : t(`settings.method_${method}`)}
                </span>
              </label>
            ))}
          </FieldGroup>
          {s.method === 'ranking' ? (
            <Field
              label={vlabel('settings.rankTopK')}
              hint={tv('settings.rankTopKHint')}
              error={err('rankTopK')}
            >
              {numberInput(s.rankTopK, 2, 10, (v) => patch('congress_vote', { rankTopK: v }))}
            </Field>
          ) : null}
          {s.method === 'points' ? (
            <Field
              label={vlabel('settings.pointsTotal')}
              hint={tv('settings.pointsTotalHint')}
              error={err('pointsTotal')}
            >
              {numberInput(s.pointsTotal, 10, 1000, (v) =>
                patch('congress_vote', { pointsTotal: v }),
              )}
            </Field>
          ) : null}
          <Checkbox
            checked={s.hideResultUntilReveal}
            onChange={(v) => patch('congress_vote', { hideResultUntilReveal: v })}
            label={label('settings.hideResultUntilReveal')}
            hint={t('settings.hideTallyHint')}
          />
          <Field
            className="settings-wide"
            label={label('settings.options')}
            hint={t('settings.congressOptionsHint')}
            error={err('options')}
          >
            {(p) => (
              <textarea
                dir="auto"
                {...p}
                className="textarea"
                rows={7}
                value={s.options}
                onChange={(e) => patch('congress_vote', { options: e.currentTarget.value })}
              />
            )}
          </Field>
        </div>
      );
    }
  }
}

function Checkbox({
  checked,
  onChange,
  label,
  hint,
}: {
  checked: boolean;
  onChange: (value: boolean) => void;
  label: ReactNode;
  hint: string;
}) {
  const hintId = useId();
  return (
    <div className="field">
      <label className="choice">
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={hintId}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
        <span>{label}</span>
      </label>
      <p className="field-hint" id={hintId}>
        {hint}
      </p>
    </div>
  );
}
