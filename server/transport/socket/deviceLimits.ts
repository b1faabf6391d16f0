import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/**
 * Limits that belong to a device, not to a connection: one phone opening a hundred sockets must
 * not get a hundred command budgets (SEC15). Counters sit behind these interfaces so that a
 * Redis store can replace the memory one when several nodes serve the same workshops.
 */
export type CommandBudgets = {
  /** Takes one command from the device's budget and from its workshop's. */
  take(device: string, workshop: string): Promise<boolean>;
};

export type BudgetSettings = {
  /** Sustained commands a second, and extra burst over ten seconds, per device. */
  devicePerSecond: number;
  deviceBurst: number;
  /**
   * A signed-in facilitator's console in one workshop: sorting a board, entering paper ballots
   * or laying out tables sends many commands in a row, and the account is not anonymous.
   */
  facilitatorPerSecond: number;
  facilitatorBurst: number;
  /** The same for a whole workshop: one room's flood cannot take the server from the others. */
  workshopPerSecond: number;
  workshopBurst: number;
};

export const defaultBudgets: BudgetSettings = {
  devicePerSecond: 10,
  deviceBurst: 20,
  facilitatorPerSecond: 30,
  facilitatorBurst: 90,
  workshopPerSecond: 1000,
  workshopBurst: 2000,
};

/** rate-limiter-flexible limiters; pass RateLimiterRedis ones for several nodes. */
export function commandBudgets(limiters: {
  device: Pick<RateLimiterAbstract, 'consume'>;
  /** Devices whose key starts with `facilitator:`. */
  facilitator: Pick<RateLimiterAbstract, 'consume'>;
  workshop: Pick<RateLimiterAbstract, 'consume'>;
}): CommandBudgets {
  const consume = (limiter: Pick<RateLimiterAbstract, 'consume'>, key: string) =>
    limiter.consume(key).then(
      () => true,
      (err: unknown) => {
        // Over the budget is the expected refusal; anything else is a real failure.
        if (err instanceof RateLimiterRes) return false;
        throw err;
      },
    );
  return {
    async take(device, workshop) {
      const own = device.startsWith('facilitator:') ? limiters.facilitator : limiters.device;
      return (await consume(own, device)) && consume(limiters.workshop, workshop);
    },
  };
}

export function memoryCommandBudgets(s: BudgetSettings = defaultBudgets): CommandBudgets {
  const bursty = (perSecond: number, burst: number, prefix: string) =>
    new BurstyRateLimiter(
      new RateLimiterMemory({ keyPrefix: prefix, points: perSecond, duration: 1 }),
      new RateLimiterMemory({ keyPrefix: `${prefix}-burst`, points: burst, duration: 10 }),
    );
  return commandBudgets({
    device: bursty(s.devicePerSecond, s.deviceBurst, 'device'),
    facilitator: bursty(s.facilitatorPerSecond, s.facilitatorBurst, 'facilitator'),
    workshop: bursty(s.workshopPerSecond, s.workshopBurst, 'workshop'),
  });
}

/** Open connections per device; the oldest beyond the cap are handed back to be closed. */
export type DeviceConnections<C> = {
  add(device: string, conn: C): C[];
  remove(device: string, conn: C): void;
};

export function memoryDeviceConnections<C>(cap: (device: string) => number): DeviceConnections<C> {
  const open = new Map<string, C[]>();
  return {
    add(device, conn) {
      const list = open.get(device) ?? [];
      list.push(conn);
      open.set(device, list);
      const max = cap(device);
      return list.length > max ? list.splice(0, list.length - max) : [];
    },
    remove(device, conn) {
      const list = open.get(device);
      if (!list) return;
      const rest = list.filter((c) => c !== conn);
      if (rest.length) open.set(device, rest);
      else open.delete(device);
    },
  };
}
