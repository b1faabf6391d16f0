import {
  InlinedJoinInfoSchema,
  JOIN_INFO_ELEMENT_ID,
  type InlinedJoinInfo,
} from '../../../shared/protocol/rest.ts';

/**
 * The join details the server put in a join link's page (LIGHT8), so the form shows as soon as
 * the script runs instead of a round trip later. They answer for the page as it was loaded: the
 * first join form for that code uses them, any later one (after moving around in the app, when
 * the workshop may have opened or closed meanwhile) asks the API as before.
 */
let read = false;
let info: InlinedJoinInfo | undefined;
let used = false;

function inlined(): InlinedJoinInfo | undefined {
  if (!read) {
    read = true;
    const text = document.getElementById(JOIN_INFO_ELEMENT_ID)?.textContent;
    try {
      const parsed = InlinedJoinInfoSchema.safeParse(text ? JSON.parse(text) : undefined);
      if (parsed.success) info = parsed.data;
    } catch {
      // Unreadable: the form asks the API, as without it.
    }
  }
  return info;
}

/** The page's join details for `code`, unless a join form has already used them. */
export function pageJoinInfo(code: string): InlinedJoinInfo | undefined {
  const found = inlined();
  return !used && found?.code === code ? found : undefined;
}

/** Called once the first join form has shown them (an effect, so a re-render reads them again). */
export function joinInfoUsed(): void {
  used = true;
}
