import type { TFunction } from '../../i18n/translator.ts';
import type { TimelineEvent } from '../../../shared/domain/records.ts';

/**
 * A timeline event in the reader's language, from its code (LANG4); the activity titles in it are
 * the facilitator's own words and stay as written. An event with no code (stored before codes and
 * not one migration 017 could name) is shown as it was kept.
 */
export function timelineText(t: TFunction, event: TimelineEvent): string {
  if (!event.code) return event.event;
  return t(`timelineEvents.${event.code}`, { title: event.title ?? '' });
}
