/**
 * What has happened, told by the feature that did it to whoever listens: other features (the
 * record hears that a workshop closed), and the transport (sockets push what changed). The
 * teller holds no reference to its listeners, so features are built in any order and none is
 * bound late to another.
 *
 * Each feature declares the events it emits as a map of name to payload; the app's bus carries
 * their union. Listeners run in the order they subscribed, synchronously with `emit`, so a push
 * goes out in the same turn as before the bus existed.
 */

/** A map of event name to payload type. */
export type EventMap = { [name: string]: unknown };

export type Listener<P> = (payload: P) => void | Promise<void>;

/** What a feature that tells is given: it can emit its own events and nothing else. */
export type Emitter<E extends EventMap> = {
  emit<K extends keyof E & string>(name: K, payload: E[K]): void;
  /**
   * For an event whose listeners must finish before the teller answers (closing a workshop saves
   * its outcome): resolves when every listener has, and rejects with the first failure.
   */
  emitAndWait<K extends keyof E & string>(name: K, payload: E[K]): Promise<void>;
};

/** What a listening part is given. `on` returns a function that stops the listening. */
export type Subscriber<E extends EventMap> = {
  on<K extends keyof E & string>(name: K, listener: Listener<E[K]>): () => void;
};

export class EventBus<E extends EventMap> implements Emitter<E>, Subscriber<E> {
  private readonly listeners = new Map<keyof E, Listener<never>[]>();

  /** `failed` hears a listener's error on `emit`, which nobody awaits. */
  constructor(private readonly failed: (err: unknown, name: string) => void) {}

  on<K extends keyof E & string>(name: K, listener: Listener<E[K]>): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener);
    this.listeners.set(name, list);
    return () => {
      const at = list.indexOf(listener);
      if (at >= 0) list.splice(at, 1);
    };
  }

  emit<K extends keyof E & string>(name: K, payload: E[K]): void {
    for (const listener of this.listenersOf(name)) {
      try {
        const done = listener(payload);
        if (done) done.catch((err: unknown) => this.failed(err, name));
      } catch (err) {
        // One listener's failure must not keep the event from the others.
        this.failed(err, name);
      }
    }
  }

  async emitAndWait<K extends keyof E & string>(name: K, payload: E[K]): Promise<void> {
    await Promise.all(this.listenersOf(name).map(async (listener) => listener(payload)));
  }

  private listenersOf<K extends keyof E>(name: K): Listener<E[K]>[] {
    // A copy: a listener that unsubscribes while the event is told does not skip its neighbour.
    return [...((this.listeners.get(name) ?? []) as Listener<E[K]>[])];
  }
}
