import { useSyncExternalStore } from 'react';
import {
  fixedT,
  hasLoadedNamespace,
  i18n,
  loadNamespaces,
  snapshot,
  subscribe,
  type I18n,
} from './runtime.ts';
import { defaultNamespace, type TFunction } from './translator.ts';

export type { TFunction } from './translator.ts';

/**
 * A component's `t` for a namespace (the default one unless named). The component draws again
 * when the language changes or a catalogue arrives. A namespace not yet here in the current
 * language suspends it (the nearest `<Suspense>` shows "Loading") while it is fetched, as
 * react-i18next did, rather than flashing keys.
 */
export function useTranslation(ns: string = defaultNamespace): { t: TFunction; i18n: I18n } {
  useSyncExternalStore(subscribe, snapshot);
  if (!hasLoadedNamespace(ns)) throw loadNamespaces(ns);
  return { t: fixedT(ns), i18n };
}
