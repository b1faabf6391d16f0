import { lazy } from 'react';

// The board (and its Yjs reader) loads only for workshops that have one, after the page shows.
export const loadBoard = () => import('./ParticipantBoard.tsx');
export const LazyParticipantBoard = lazy(() =>
  loadBoard().then((m) => ({ default: m.ParticipantBoard })),
);
