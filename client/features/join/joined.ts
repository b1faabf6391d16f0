// The joined phone's screens, one chunk (client/features/join/lazyJoined.ts).
export { ParticipantView } from '../participant/ParticipantView.tsx';
export { AboutYouStep } from './AboutYouStep.tsx';
export { ContactStep } from './ContactStep.tsx';
