import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from './i18n/en.js';
import { es } from './i18n/es.js';
import { renderConsole } from './test/render.js';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

describe('App', () => {
  it('navigates with a labelled menu that marks the current page', async () => {
    const { user } = renderConsole();
    const nav = await screen.findByRole('navigation', { name: 'Console' });
    expect(screen.getByRole('button', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
    await user.click(screen.getByRole('button', { name: 'Logs' }));
    expect(await screen.findByRole('heading', { name: 'Logs' })).toBeInTheDocument();
    expect(nav.querySelector('[aria-current="page"]')).toHaveTextContent('Logs');
    expect(location.hash).toBe('#logs');
  });

  it('switches to Spanish and remembers it', async () => {
    const { user } = renderConsole();
    await screen.findByRole('heading', { name: 'Overview' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'es');
    expect(await screen.findByRole('heading', { name: 'Resumen' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Iniciar' })).toBeInTheDocument();
    expect(localStorage.getItem('status-desktop.language')).toBe('es');
  });

  it('cycles the theme system → light → dark', async () => {
    const { user } = renderConsole();
    const toggle = await screen.findByRole('button', { name: /^Theme: system/ });
    await user.click(toggle);
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBe('light'));
    await user.click(screen.getByRole('button', { name: /^Theme: light/ }));
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBe('dark'));
    expect(localStorage.getItem('status-desktop.theme')).toBe('dark');
  });

  it('has a Spanish text for every English one', () => {
    expect(keys(es).sort()).toEqual(keys(en).sort());
  });
});
