import { useId, useMemo, useState } from 'react';
import type { ActivityKind, ActivitySummary } from '../../../shared/domain/activity.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import { Button } from '../../components/Button.tsx';

export type FollowedActivity = {
  /** The agenda's activities of the panel's kinds, in agenda order. */
  activities: readonly ActivitySummary[];
  /** The one the facilitator chose, or else the one the room is on; null when neither. */
  shown: ActivitySummary | null;
  currentActivityId: string | null;
  choose: (id: string) => void;
};

/**
 * Which of a console panel's activities it shows. Any of them can be chosen (to prepare one before
 * the room gets there, or finish one after it has moved on), but when the room moves onto one of
 * them the panel follows it.
 */
export function useFollowedActivity(
  state: RoomState,
  /** A constant of the caller's module, so the list is only sorted again when the agenda changes. */
  kinds: readonly ActivityKind[],
): FollowedActivity {
  const activities = useMemo(
    () =>
      [...state.agenda]
        .sort((a, b) => a.position - b.position)
        .filter((a) => kinds.includes(a.kind)),
    [state.agenda, kinds],
  );
  const currentActivityId = state.currentActivityId;
  const current = activities.find((a) => a.id === currentActivityId) ?? null;
  const [chosen, setChosen] = useState<string | null>(null);
  // Set while rendering, not in an effect, so the panel never shows the old choice for a frame.
  const [followed, setFollowed] = useState(currentActivityId);
  if (followed !== currentActivityId) {
    setFollowed(currentActivityId);
    if (current) setChosen(null);
  }
  const shown = activities.find((a) => a.id === chosen) ?? current;
  return { activities, shown, currentActivityId, choose: setChosen };
}

type ChooserProps = {
  followed: FollowedActivity;
  /** The activity the panel shows now. */
  value: string;
  label: string;
  /** Marks the activity the room is on, where the panel says so. */
  onNow?: string;
  className?: string;
};

/** The drop-down between a panel's activities; there is nothing to choose with only one. */
export function ActivityChooser({ followed, value, label, onNow, className }: ChooserProps) {
  const id = useId();
  const { activities, currentActivityId, choose } = followed;
  if (activities.length < 2) return null;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        onChange={(e) => choose(e.currentTarget.value)}
      >
        {activities.map((a) => (
          <option key={a.id} value={a.id}>
            {a.title}
            {onNow && a.id === currentActivityId ? ` ${onNow}` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

type ListProps = {
  followed: FollowedActivity;
  heading: string;
  headingId: string;
  /** The button's visible text and, with the activity's title, its accessible name. */
  show: string;
  showNamed: (title: string) => string;
  className: string;
  listClassName: string;
};

/** When the room is on none of a panel's activities: a button for each, to open one anyway. */
export function ActivityList(props: ListProps) {
  const { followed, heading, headingId, show, showNamed } = props;
  return (
    <section className={props.className} aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <ul className={`plain-list ${props.listClassName}`}>
        {followed.activities.map((a) => (
          <li key={a.id}>
            <Button onClick={() => followed.choose(a.id)} aria-label={showNamed(a.title)}>
              {show}
            </Button>{' '}
            <bdi>{a.title}</bdi>
          </li>
        ))}
      </ul>
    </section>
  );
}
