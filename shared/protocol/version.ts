/**
 * Bumped whenever a message shape changes incompatibly. The server refuses a socket whose
 * handshake names another version, so a phone holding an old cached page is told to reload
 * instead of sending commands the server would misread.
 */
export const PROTOCOL_VERSION = 1;
