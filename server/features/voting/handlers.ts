import type { votingCommands } from '../../../shared/protocol/voting.ts';
import type { CommandHandlers, CommandRoles } from '../../core/commands.ts';
import { actorOf, facilitatorOf as facilitator } from '../../core/identity.ts';
import type { VotingService } from './service.ts';

type VotingHandlers = CommandHandlers<keyof typeof votingCommands>;

export function votingHandlers(voting: VotingService): VotingHandlers {
  return {
    'vote:get': ({ data }, p) =>
      voting.get(
        data.role === 'screen' ? { role: 'screen', workshopId: data.workshopId } : actorOf(data),
        p.activityId,
      ),
    'vote:setOptions': ({ data }, p) =>
      voting.setOptions(facilitator(data), p.activityId, p.options),
    'vote:optionsFromBoard': ({ data }, p) =>
      voting.optionsFromBoard(facilitator(data), p.activityId, p.boardActivityId, p.from),
    'vote:open': ({ data }, p) => voting.open(facilitator(data), p.activityId, p.closesAt),
    'vote:close': ({ data }, p) => voting.close(facilitator(data), p.activityId),
    'vote:reveal': ({ data }, p) => voting.reveal(facilitator(data), p.activityId),
    'vote:paper': ({ data }, p) => voting.setPaper(facilitator(data), p.activityId, p),
    'vote:paperBallot:add': ({ data }, p) => voting.addPaperBallot(facilitator(data), p),
    'vote:paperBallot:remove': ({ data }, p) =>
      voting.removePaperBallot(facilitator(data), p.activityId, p.id),
    'vote:paperBallots': async ({ data }, p) => ({
      paperBallots: await voting.paperBallots(facilitator(data), p.activityId),
    }),
    'dot:place': ({ data }, p) =>
      voting.placeDot(actorOf(data), p.opId, p.activityId, p.optionId, 1),
    'dot:remove': ({ data }, p) =>
      voting.placeDot(actorOf(data), p.opId, p.activityId, p.optionId, -1),
    'ballot:cast': ({ data }, p) =>
      voting.castBallot(actorOf(data), p.opId, p.activityId, p.ballot),
    'commitment:add': ({ data }, p) => voting.addCommitment(actorOf(data), p),
    'commitment:hide': ({ data }, p) => voting.hideCommitment(facilitator(data), p.id, p.reason),
  };
}

/** Who may send each command; the service checks its own finer rules again. */
export const votingRoles: CommandRoles<keyof typeof votingCommands> = {
  'vote:get': ['participant', 'facilitator', 'screen'],
  'vote:setOptions': ['facilitator'],
  'vote:optionsFromBoard': ['facilitator'],
  'vote:open': ['facilitator'],
  'vote:close': ['facilitator'],
  'vote:reveal': ['facilitator'],
  'vote:paper': ['facilitator'],
  'vote:paperBallot:add': ['facilitator'],
  'vote:paperBallot:remove': ['facilitator'],
  'vote:paperBallots': ['facilitator'],
  // Facilitators count paper votes with vote:paper; they do not cast ballots.
  'dot:place': ['participant'],
  'dot:remove': ['participant'],
  'ballot:cast': ['participant'],
  'commitment:add': ['participant', 'facilitator'],
  'commitment:hide': ['facilitator'],
};
