import * as z from 'zod/mini';
import { fieldIssues, type FieldIssue } from '../../shared/protocol/fieldIssues.ts';

export type Validation<T> =
  { ok: true; data: T } | { ok: false; issues: Record<string, FieldIssue> };

/** Checks a form with the same schema the server uses, so most mistakes never leave the phone. */
export function validate<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
): Validation<z.output<S>> {
  const result = z.safeParse(schema, value);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, issues: fieldIssues(result.error) };
}

/** After a failed submit, puts the keyboard (and screen reader) on the first field to fix. */
export function focusFirstInvalid(container: HTMLElement | null) {
  requestAnimationFrame(() => {
    // A field first, so the person can fix it at once; else the form's own problem message.
    const target = ['[aria-invalid="true"]', 'fieldset.field-invalid input', '.form-problem']
      .map((selector) => container?.querySelector<HTMLElement>(selector))
      .find((el) => el);
    target?.focus();
  });
}
