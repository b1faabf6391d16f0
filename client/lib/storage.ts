import * as z from 'zod/mini';
import { LANGUAGE_COOKIE } from '../../shared/domain/languages.ts';
import { RoomStateSchema, type RoomState } from '../../shared/domain/room.ts';

/**
 * localStorage can throw (private browsing, full quota, blocked by policy). Losing a remembered
 * value is an inconvenience; crashing the page on a phone in a hall is not, so every access is
 * guarded.
 */
function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null) {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Nothing to do: the value just will not survive a reload.
    return;
  }
}

const ParticipantRecordSchema = z.object({
  token: z.string().check(z.minLength(20), z.maxLength(100)),
  participantId: z.string(),
  workshopId: z.string(),
});
export type ParticipantRecord = z.infer<typeof ParticipantRecordSchema>;

const participantKey = (code: string) => `roundtable.participant.${code}`;

/** The device token that makes a reload or a return visit the same participant. */
export function loadParticipant(code: string): ParticipantRecord | null {
  const raw = read(participantKey(code));
  if (!raw) return null;
  try {
    const parsed = ParticipantRecordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveParticipant(code: string, record: ParticipantRecord) {
  write(participantKey(code), JSON.stringify(record));
}

export function forgetParticipant(code: string) {
  write(participantKey(code), null);
  write(roomKey(code), null);
}

const roomKey = (code: string) => `roundtable.room.${code}`;

/**
 * The room as this phone last saw it, so a reload with no signal still shows the workshop (and
 * a reload with signal shows it before the connection is up). It is what the projector shows
 * everyone: the workshop, its agenda and groups, nothing about any person.
 */
export function loadRoomState(code: string): RoomState | null {
  const raw = read(roomKey(code));
  if (!raw) return null;
  try {
    const parsed = RoomStateSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveRoomState(code: string, state: RoomState) {
  write(roomKey(code), JSON.stringify(state));
}

const LANGUAGE_KEY = 'roundtable.language';

export function loadLanguage(): string | null {
  return read(LANGUAGE_KEY);
}

export function saveLanguage(code: string) {
  write(LANGUAGE_KEY, code);
  // The server reads it too, to name this language's catalogues in the pages it sends (LIGHT8).
  // Readable by scripts on purpose: it holds only the choice, which the page already knows.
  try {
    const secure = window.location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = `${LANGUAGE_COOKIE}=${encodeURIComponent(code)}; Path=/; Max-Age=${
      400 * 24 * 60 * 60
    }; SameSite=Lax${secure}`;
  } catch {
    // A browser that refuses cookies: the server goes by Accept-Language instead.
    return;
  }
}
