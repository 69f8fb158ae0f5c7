// Forms that talk to the API: submit() runs the call, and a failure's ApiError is split into the
// field messages (shown under each field via fieldError(path)) and a message for the whole form.
import { clsx } from 'clsx';
import { useCallback, useState, type FormEvent, type FormHTMLAttributes, type ReactNode } from 'react';
import { ApiError, isApiError } from '../api';
import { useT } from '../i18n';
import { Alert } from './Alert';

export interface ApiForm {
  submitting: boolean;
  /** The message of a field from the backend's 400 (`path` as the backend names it, e.g. `params.endpoint`). */
  fieldError: (path: string) => string | undefined;
  /** The form-level message (what happened and what to do), or undefined. */
  formError: string | undefined;
  /** The last error as thrown (to read `status` or `body`). */
  error: unknown;
  /** For onSubmit: prevents the default, runs `fn`, and catches its ApiError into the form's state. */
  handleSubmit: (fn: () => Promise<unknown>) => (e?: FormEvent) => Promise<void>;
  setFieldErrors: (errors: Record<string, string>) => void;
  setFormError: (message: string | undefined) => void;
  clear: () => void;
}

export function useApiForm(): ApiForm {
  const { t } = useT();
  const [submitting, setSubmitting] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();

  const clear = useCallback(() => {
    setFields({});
    setFormError(undefined);
    setError(undefined);
  }, []);

  const handleSubmit = useCallback(
    (fn: () => Promise<unknown>) => async (e?: FormEvent) => {
      e?.preventDefault();
      clear();
      setSubmitting(true);
      try {
        await fn();
      } catch (err) {
        setError(err);
        if (isApiError(err)) {
          if (err.fieldErrors) setFields(err.fieldErrors);
          setFormError(describeApiError(err, t));
        } else {
          setFormError(t('error.unexpected'));
        }
      } finally {
        setSubmitting(false);
      }
    },
    [clear, t],
  );

  return {
    submitting,
    fieldError: (path) => fields[path],
    formError,
    error,
    handleSubmit,
    setFieldErrors: setFields,
    setFormError,
    clear,
  };
}

/**
 * The values of a form's fields and their wiring: `<TextField {...fields.bind('name')} />` gives the
 * field its value, its change handler and the backend's message for it (`errorPath` when the
 * backend names it differently, e.g. `authority` for `role`).
 */
export function useFormFields<V extends Record<string, string>>(form: ApiForm, initial: V) {
  const [values, setValues] = useState(initial);
  const bind = (name: keyof V & string, errorPath: string = name) => ({
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    error: form.fieldError(errorPath),
  });
  return { values, setValues, bind };
}

/** A user-facing sentence for an ApiError. */
export function describeApiError(err: ApiError, t: (k: string) => string): string {
  if (err.status === 0) return t('error.network');
  if (err.status === 403) return `${err.message}. ${t('error.forbidden')}`.replace('Forbidden. ', '');
  return err.message;
}

export interface FormProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit'> {
  form: ApiForm;
  onSubmit: () => Promise<unknown>;
  children: ReactNode;
}

/** <form noValidate> wired to an ApiForm: the form-level error shows on top. */
export function Form({ form, onSubmit, children, className, ...rest }: FormProps) {
  return (
    <form noValidate className={clsx('form', className)} onSubmit={form.handleSubmit(onSubmit)} {...rest}>
      {form.formError && <Alert tone="danger">{form.formError}</Alert>}
      {children}
    </form>
  );
}
