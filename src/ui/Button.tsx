import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

type Variant = 'primary' | 'secondary' | 'danger' | 'plain';

interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class' | 'className'> {
  variant?: Variant;
  /** Full-width, taller: the main choices of a screen (programs, 서비스 결제 …). */
  large?: boolean;
  class?: string;
  children: ComponentChildren;
}

/** A real <button>: ≥ 48×48 px, bold, high contrast; `type="button"` unless told otherwise. */
export function Button({ variant = 'secondary', large = false, class: extra, type = 'button', children, ...rest }: ButtonProps) {
  const cls = ['btn', `btn-${variant}`, large ? 'btn-large' : '', extra ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type} class={cls} {...rest}>
      {children}
    </button>
  );
}
