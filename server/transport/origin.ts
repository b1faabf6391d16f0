/**
 * Browsers send Origin on WebSocket upgrades and cross-origin requests; refusing other origins
 * stops another site from riding a facilitator's cookie. Scripted clients send no Origin and must
 * present a token or cookie anyway. Used by both WebSocket endpoints (Socket.IO and Yjs).
 */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
