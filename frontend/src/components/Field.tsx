// Labelled form controls. Each shows its error under it, linked with aria-describedby and marked
// aria-invalid, so screen readers read the message with the field.
import { clsx } from 'clsx';
import { Checkbox as RCheckbox, Switch as RSwitch } from 'radix-ui';
import {
  forwardRef,
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { Check } from 'lucide-react';

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean | undefined;
  children: ReactNode;
  className?: string | undefined;
}

export function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** The attributes every labelled control carries: its id, required, and the error/hint wiring. */
function controlProps(id: string, error: string | undefined, hint: ReactNode, required: boolean | undefined) {
  return {
    id,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, error, hint),
  } as const;
}

/** The hint and the error under a control, ids matching describedBy. */
function FieldMessages({ id, error, hint }: { id: string; error?: string | undefined; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

export function FieldFrame({ id, label, error, hint, required, children, className }: FieldFrameProps) {
  return (
    <div className={clsx('field', error && 'field-invalid', className)}>
      <label htmlFor={id} className="field-label">
        {label}
        {required && (
          <span className="field-required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children}
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

interface Common {
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
}

export type TextFieldProps = Common & InputHTMLAttributes<HTMLInputElement>;

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, error, hint, id, className, required, ...rest },
  ref,
) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <FieldFrame id={fid} label={label} error={error} hint={hint} required={required} className={className}>
      <input ref={ref} className="input" {...controlProps(fid, error, hint, required)} {...rest} />
    </FieldFrame>
  );
});

export type TextAreaProps = Common & TextareaHTMLAttributes<HTMLTextAreaElement>;

export const TextArea = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextArea(
  { label, error, hint, id, className, required, ...rest },
  ref,
) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <FieldFrame id={fid} label={label} error={error} hint={hint} required={required} className={className}>
      <textarea
        ref={ref}
        className="input textarea"
        {...controlProps(fid, error, hint, required)}
        {...rest}
      />
    </FieldFrame>
  );
});

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}
export type SelectProps = Common & SelectHTMLAttributes<HTMLSelectElement> & { options: SelectOption[] };

/** A native select: accessible and usable on phones without extra code. */
export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select(
  { label, error, hint, id, className, options, required, ...rest },
  ref,
) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <FieldFrame id={fid} label={label} error={error} hint={hint} required={required} className={className}>
      <select ref={ref} className="input select" {...controlProps(fid, error, hint, required)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
});

interface ToggleProps {
  label: ReactNode;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  disabled?: boolean;
  error?: string | undefined;
  hint?: ReactNode;
  id?: string;
  name?: string;
}

export function Checkbox({ label, checked, onCheckedChange, disabled, error, hint, id, name }: ToggleProps) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <div className={clsx('field field-inline', error && 'field-invalid')}>
      <RCheckbox.Root
        id={fid}
        name={name}
        className="checkbox"
        checked={checked}
        onCheckedChange={(v) => onCheckedChange(v === true)}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, error, hint)}
      >
        <RCheckbox.Indicator className="checkbox-indicator">
          <Check size={14} aria-hidden="true" />
        </RCheckbox.Indicator>
      </RCheckbox.Root>
      <label htmlFor={fid}>{label}</label>
      <FieldMessages id={fid} error={error} hint={hint} />
    </div>
  );
}

export function Switch({ label, checked, onCheckedChange, disabled, error, hint, id, name }: ToggleProps) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <div className={clsx('field field-inline', error && 'field-invalid')}>
      <RSwitch.Root
        id={fid}
        name={name}
        className="switch"
        checked={checked}
        onCheckedChange={onCheckedChange}
        disabled={disabled}
        aria-describedby={describedBy(fid, error, hint)}
      >
        <RSwitch.Thumb className="switch-thumb" />
      </RSwitch.Root>
      <label htmlFor={fid}>{label}</label>
      <FieldMessages id={fid} error={error} hint={hint} />
    </div>
  );
}
