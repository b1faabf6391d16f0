import type { Logger } from '../../logger.ts';
import type { VotingService } from './service.ts';

/** How often each node looks for timed votes whose time has passed. */
export const DEFAULT_SWEEP_MS = 2000;

/**
 * Every node sweeps for timed votes past their closing time, so a vote closes on time (within a
 * sweep) and the room hears it once, whichever nodes are up: the node that opened it may have
 * stopped. Nodes sweeping at the same moment skip each other's locked rows. (SCALE7)
 */
export function voteClock(
  voting: Pick<VotingService, 'closeDue'>,
  log: Logger,
  sweepMs = DEFAULT_SWEEP_MS,
) {
  let timer: NodeJS.Timeout | undefined;
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await voting.closeDue();
    } catch (err) {
      // The database may be away (DUR2); the next sweep tries again.
      log.warn({ err }, 'timed vote sweep failed');
    } finally {
      sweeping = false;
    }
  };
  return {
    start() {
      timer = setInterval(() => void sweep(), sweepMs);
      timer.unref();
      void sweep();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
