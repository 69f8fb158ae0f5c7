// A button that shows only an icon: its label is both what a screen reader says and the tooltip.
import type { ReactNode } from 'react';

export function IconButton({
  label,
  disabled,
  onClick,
  children,
}: {
  label: string;
  disabled?: boolean;
  onClick: () => void;
  /** The icon (aria-hidden: the label speaks for it). */
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="btn btn-icon"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
