import { ErrorBodySchema } from '../../../shared/protocol/ack.ts';
import { ApiError } from '../../lib/api.ts';

/**
 * A POST made as the participant, with the device token in `Authorization: Bearer`: the
 * optional steps after joining (feedback contact, "about you") are not socket commands, so the
 * page may still be opening its connection. Errors arrive as the same ApiError as `api()`.
 */
export async function postAsParticipant(token: string, path: string, body: unknown): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, {
      code: 'NETWORK',
      message: err instanceof Error ? err.message : 'Network error',
    });
  }
  if (res.ok) return;
  const payload: unknown = await res.json().catch(() => null);
  const parsed = ErrorBodySchema.safeParse(
    typeof payload === 'object' && payload !== null && 'error' in payload
      ? payload.error
      : undefined,
  );
  throw new ApiError(
    res.status,
    parsed.success
      ? parsed.data
      : { code: 'INTERNAL', message: res.statusText || `HTTP ${res.status}` },
  );
}
