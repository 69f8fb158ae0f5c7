// A link to a web address: the system browser inside Electron, a new tab in a browser.
import type { ReactNode } from 'react';
import { useConsole } from '../stores/console.js';

export function ExternalLink({
  href,
  children,
  className,
}: {
  href: string;
  children: ReactNode;
  className?: string;
}) {
  const { api } = useConsole();
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer noopener"
      className={className}
      onClick={(event) => {
        if (api.shell) {
          event.preventDefault();
          void api.shell.openExternal(href);
        }
      }}
    >
      {children}
    </a>
  );
}
