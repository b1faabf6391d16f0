import type { ComponentPropsWithRef, MouseEvent } from 'react';

type Props = ComponentPropsWithRef<'button'> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  size?: 'normal' | 'large';
  /** While true the button cannot be pressed again; its label should say what is happening. */
  busy?: boolean;
};

export function Button({
  variant = 'secondary',
  size = 'normal',
  busy = false,
  className,
  type = 'button',
  disabled,
  onClick,
  'aria-disabled': ariaDisabled,
  ...rest
}: Props) {
  const classes = ['btn', `btn-${variant}`, size === 'large' ? 'btn-large' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  // A busy button is not `disabled`: browsers move focus off a focused button that becomes
  // disabled, to <body>, and a keyboard or screen-reader user loses their place (A11Y-FOCUS4).
  // It says it is unavailable and ignores presses instead; preventDefault also stops a submit
  // button's form from being sent again (Enter in a field presses it too).
  const click = busy ? (e: MouseEvent<HTMLButtonElement>) => e.preventDefault() : onClick;
  return (
    <button
      {...rest}
      type={type}
      className={classes}
      disabled={disabled}
      aria-busy={busy || undefined}
      aria-disabled={busy || ariaDisabled || undefined}
      onClick={click}
    />
  );
}
