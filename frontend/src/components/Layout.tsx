import { clsx } from 'clsx';
import type { HTMLAttributes, ReactNode } from 'react';

/** The title row of a page: h1, optional description and actions (buttons on the right). */
export function PageHeader({
  title,
  description,
  actions,
  back,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  /** A link back (e.g. to the list) shown above the title. */
  back?: ReactNode;
}) {
  return (
    <header className="page-header">
      {back && <div className="page-back">{back}</div>}
      <div className="page-header-row">
        <div>
          <h1 className="page-title">{title}</h1>
          {description && <p className="page-description">{description}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
    </header>
  );
}

export function Card({
  title,
  actions,
  children,
  className,
  ...rest
}: { title?: ReactNode; actions?: ReactNode } & HTMLAttributes<HTMLElement>) {
  return (
    <section className={clsx('card', className)} {...rest}>
      {(title || actions) && (
        <div className="card-header">
          {title && <h2 className="card-title">{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </div>
      )}
      <div className="card-body">{children}</div>
    </section>
  );
}

/** A row of elements with a gap that wraps on small screens. */
export function Stack({
  children,
  direction = 'row',
  gap = 2,
  className,
}: {
  children: ReactNode;
  direction?: 'row' | 'column';
  gap?: 1 | 2 | 3 | 4 | 5;
  className?: string;
}) {
  return <div className={clsx('stack', `stack-${direction}`, `gap-${gap}`, className)}>{children}</div>;
}
