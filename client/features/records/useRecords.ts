import { recordApi } from '../../../shared/http/recordRoutes.ts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { EngagementRecord, Outcome, SnapshotSummary } from '../../../shared/domain/records.ts';
import { useCall } from '../../lib/useCall.ts';

/** The records strings live in their own catalogue (namespace "records"). */
export function useRecordsT() {
  const records = useTranslation('records');
  const common = useTranslation();
  return { t: records.t, tc: common.t, language: records.i18n.language };
}

/** A record as the list returns it: with the excerpt where a search matched, hits in « ». */
export type RecordListItem = EngagementRecord & { match: string | null };

export type Snapshot = SnapshotSummary & { outcome: Outcome };

/** The records list's filters; all of them travel in the page's own query string too. */
export const recordFilterKeys = ['q', 'service', 'area', 'tag', 'level', 'status'] as const;
export type RecordFilterKey = (typeof recordFilterKeys)[number];
export type RecordFilters = Partial<Record<RecordFilterKey, string>>;

export function filtersFrom(search: URLSearchParams): RecordFilters {
  const out: RecordFilters = {};
  for (const key of recordFilterKeys) {
    const value = search.get(key)?.trim();
    if (value) out[key] = value;
  }
  return out;
}

/** "q=park&level=consult" with the keys in a fixed order and empty filters left out. */
export function filterQuery(filters: RecordFilters): string {
  const params = new URLSearchParams();
  for (const key of recordFilterKeys) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  return params.toString();
}

export type MatchPart = { text: string; hit: boolean };

/**
 * Splits the server's search excerpt at its « » marks. The excerpt is text people wrote, so it is
 * only ever rendered as text: the hits become <mark> elements, nothing is parsed as HTML.
 */
export function splitMatch(match: string): MatchPart[] {
  const parts: MatchPart[] = [];
  let rest = match;
  while (rest.length > 0) {
    const open = rest.indexOf('«');
    if (open === -1) {
      parts.push({ text: rest, hit: false });
      break;
    }
    const close = rest.indexOf('»', open + 1);
    if (close === -1) {
      // An unpaired mark is not a hit; show the text as it is.
      parts.push({ text: rest, hit: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), hit: false });
    if (close > open + 1) parts.push({ text: rest.slice(open + 1, close), hit: true });
    rest = rest.slice(close + 1);
  }
  return parts;
}

/**
 * Topics are typed as one line, separated by commas: the Latin one, or the Arabic-script "،"
 * Arabic and Urdu keyboards type (and the ideographic "、"); repeats are dropped.
 */
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[,،、]/)) {
    const tag = raw.trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

/** Distinct non-empty values, sorted as people read them, for the filters' choices. */
export function distinctValues(values: Iterable<string>, language: string): string[] {
  const seen = new Map<string, string>();
  for (const v of values) {
    const value = v.trim();
    if (value && !seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b, language));
}

/**
 * Which record each workshop belongs to, for the workshop list and the console to link to it.
 * Null until known; a failure leaves it empty (the links are a convenience, not the page).
 */
export function useWorkshopRecords(): Map<string, string> | null {
  const { data, problem } = useCall(recordApi.list, {});
  return useMemo(() => {
    if (!data) return problem ? new Map<string, string>() : null;
    const out = new Map<string, string>();
    for (const r of data.records) for (const w of r.workshops) out.set(w.id, r.id);
    return out;
  }, [data, problem]);
}

/**
 * The record a workshop belongs to. A workshop that has just closed gets its record a moment
 * later (the outcome is saved after the close), so an unknown one is asked about a few times.
 */
export function useRecordOfWorkshop(workshopId: string, status: string): string | null {
  const triesLeft = useRef(0);
  const [round, setRound] = useState(0);
  const { data } = useCall(recordApi.list, {}, `${workshopId} ${status} ${round}`);
  const recordId =
    data?.records.find((r) => r.workshops.some((w) => w.id === workshopId))?.id ?? null;

  useEffect(() => {
    triesLeft.current = status === 'closed' ? 4 : 0;
  }, [workshopId, status]);

  // Each answer that does not know the workshop yet asks again a little later; a failure stops.
  useEffect(() => {
    if (!data || recordId || triesLeft.current <= 0) return;
    const timer = setTimeout(() => {
      triesLeft.current -= 1;
      setRound((n) => n + 1);
    }, 1500);
    return () => clearTimeout(timer);
  }, [data, recordId]);

  return recordId;
}
