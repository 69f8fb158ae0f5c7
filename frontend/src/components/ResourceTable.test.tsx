// The resource-page scaffold: sorting, client and server pages, empty, error with retry, and the
// delete confirmation (confirm deletes, cancel does not, a failure stays in the dialog).
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Page } from '../api';
import '../i18n';
import { clearResourceCache, invalidate } from '../lib/useResource';
import { usePagedResourceList, useResourceList } from '../lib/useResourceList';
import { Button } from './Button';
import { EmptyState } from './States';
import { ResourceTable, type ResourceTableProps } from './ResourceTable';
import type { Column } from './Table';

afterEach(clearResourceCache);

interface Item {
  id: number;
  name: string;
}
const items = (n: number): Item[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `item ${String(i + 1).padStart(3, '0')}` }));
const columns: Column<Item>[] = [
  { key: 'name', header: 'Name', sortValue: (r) => r.name, render: (r) => r.name },
  { key: 'id', header: 'Id', sortValue: (r) => r.id, render: (r) => `#${r.id}` },
];

function ItemsPage({
  fetcher,
  ...props
}: { fetcher: () => Promise<Item[]> } & Partial<ResourceTableProps<Item>>) {
  const list = useResourceList('items', fetcher);
  return (
    <>
      <Button onClick={list.dialogs.create}>New</Button>
      <ResourceTable
        resource={list}
        caption="Items"
        columns={columns}
        rowKey={(r) => r.id}
        empty={<EmptyState title="No items yet" />}
        actionsHeader="Actions"
        edit={{ label: (r) => `Edit ${r.name}` }}
        editor={(row, close) => (
          <div role="dialog" aria-label="Editor">
            {row ? `editing ${row.name}` : 'creating'}
            <Button onClick={close}>Close editor</Button>
          </div>
        )}
        {...props}
      />
    </>
  );
}

const bodyNames = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]!.textContent);

describe('ResourceTable', () => {
  it('sorts by a column, and reverses on a second click', async () => {
    const user = userEvent.setup();
    render(
      <ItemsPage
        fetcher={async () => [
          { id: 2, name: 'beta' },
          { id: 1, name: 'alpha' },
          { id: 3, name: 'gamma' },
        ]}
        initialSort={{ key: 'name', dir: 'asc' }}
      />,
    );
    await screen.findByRole('table', { name: 'Items' });
    expect(bodyNames()).toEqual(['alpha', 'beta', 'gamma']);
    await user.click(screen.getByRole('button', { name: /Sort by Name/ }));
    expect(bodyNames()).toEqual(['gamma', 'beta', 'alpha']);
    await user.click(screen.getByRole('button', { name: /Sort by Id/ }));
    expect(bodyNames()).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('pages a long list in the browser', async () => {
    const user = userEvent.setup();
    render(
      <ItemsPage fetcher={async () => items(12)} pageSize={5} initialSort={{ key: 'id', dir: 'asc' }} />,
    );
    await screen.findByRole('table');
    expect(bodyNames()).toEqual(['item 001', 'item 002', 'item 003', 'item 004', 'item 005']);
    expect(screen.getByText('1–5 of 12')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(bodyNames()).toEqual(['item 011', 'item 012']);
    expect(screen.getByText('11–12 of 12')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });

  it('shows no pager when one page holds every row', async () => {
    render(<ItemsPage fetcher={async () => items(3)} pageSize={5} />);
    await screen.findByRole('table');
    expect(screen.queryByRole('navigation', { name: 'Pages' })).not.toBeInTheDocument();
  });

  it('says so when the list is empty', async () => {
    render(<ItemsPage fetcher={async () => []} />);
    expect(await screen.findByRole('heading', { name: 'No items yet' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a load error with a retry that loads again', async () => {
    const user = userEvent.setup();
    const fetcher = vi
      .fn<() => Promise<Item[]>>()
      .mockRejectedValueOnce(new Error('The list is down.'))
      .mockResolvedValueOnce(items(1));
    render(<ItemsPage fetcher={fetcher} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The list is down.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('cell', { name: 'item 001' })).toBeInTheDocument();
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('filters the loaded rows and says when nothing matches', async () => {
    render(
      <ItemsPage
        fetcher={async () => items(3)}
        toolbar={<p>filter box</p>}
        filter={() => []}
        noMatch={<EmptyState title="Nothing matches" />}
      />,
    );
    expect(await screen.findByText('filter box')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Nothing matches' })).toBeInTheDocument();
  });

  it('opens the editor to create and to edit a row', async () => {
    const user = userEvent.setup();
    render(<ItemsPage fetcher={async () => items(2)} />);
    await user.click(await screen.findByRole('button', { name: 'Edit item 002' }));
    expect(screen.getByRole('dialog', { name: 'Editor' })).toHaveTextContent('editing item 002');
    await user.click(screen.getByRole('button', { name: 'Close editor' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New' }));
    expect(screen.getByRole('dialog', { name: 'Editor' })).toHaveTextContent('creating');
  });

  describe('delete', () => {
    const setup = (run: (r: Item) => Promise<unknown>) => {
      let rows = items(2);
      const fetcher = vi.fn(async () => rows);
      const remove = vi.fn(async (r: Item) => {
        await run(r);
        rows = rows.filter((x) => x.id !== r.id);
        invalidate('items');
      });
      render(
        <ItemsPage
          fetcher={fetcher}
          remove={{
            label: (r) => `Delete ${r.name}`,
            disabled: (r) => r.id === 1,
            title: (r) => `Delete ${r.name}?`,
            body: (r) => `${r.name} is gone for good.`,
            run: remove,
          }}
        />,
      );
      return { remove, fetcher };
    };

    it('asks, then deletes the row and reloads the list', async () => {
      const user = userEvent.setup();
      const { remove } = setup(async () => undefined);
      await user.click(await screen.findByRole('button', { name: 'Delete item 002' }));
      const dialog = screen.getByRole('dialog', { name: 'Delete item 002?' });
      expect(dialog).toHaveTextContent('item 002 is gone for good.');
      await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(remove).toHaveBeenCalledWith({ id: 2, name: 'item 002' });
      await waitFor(() => expect(screen.queryByRole('cell', { name: 'item 002' })).not.toBeInTheDocument());
      expect(screen.getByRole('cell', { name: 'item 001' })).toBeInTheDocument();
    });

    it('deletes nothing when cancelled', async () => {
      const user = userEvent.setup();
      const { remove } = setup(async () => undefined);
      await user.click(await screen.findByRole('button', { name: 'Delete item 002' }));
      await user.click(screen.getByRole('button', { name: 'Cancel' }));
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      expect(remove).not.toHaveBeenCalled();
      expect(screen.getByRole('cell', { name: 'item 002' })).toBeInTheDocument();
    });

    it('keeps the dialog open with the message when the delete fails', async () => {
      const user = userEvent.setup();
      setup(async () => {
        throw new Error('Item 2 is in use: remove it from its catalog first.');
      });
      await user.click(await screen.findByRole('button', { name: 'Delete item 002' }));
      await user.click(screen.getByRole('button', { name: 'Delete' }));
      const dialog = screen.getByRole('dialog');
      expect(await within(dialog).findByRole('alert')).toHaveTextContent('Item 2 is in use');
    });

    it('disables the action where a row may not be deleted', async () => {
      setup(async () => undefined);
      expect(await screen.findByRole('button', { name: 'Delete item 001' })).toBeDisabled();
    });
  });
});

describe('ResourceTable over a list the server pages', () => {
  function Paged({
    fetchPage,
  }: {
    fetchPage: (r: { limit: number; offset: number }) => Promise<Page<Item>>;
  }) {
    const list = usePagedResourceList('paged', fetchPage, 2);
    return <ResourceTable resource={list} caption="Paged" columns={columns} rowKey={(r) => r.id} />;
  }

  it('asks for one page at a time with limit and offset, and counts with the total', async () => {
    const user = userEvent.setup();
    const all = items(5);
    const fetchPage = vi.fn(async ({ limit, offset }: { limit: number; offset: number }) => ({
      items: all.slice(offset, offset + limit),
      total: all.length,
    }));
    render(<Paged fetchPage={fetchPage} />);
    expect(await screen.findByText('1–2 of 5')).toBeInTheDocument();
    expect(bodyNames()).toEqual(['item 001', 'item 002']);
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('3–4 of 5')).toBeInTheDocument();
    expect(bodyNames()).toEqual(['item 003', 'item 004']);
    expect(fetchPage).toHaveBeenLastCalledWith({ limit: 2, offset: 2 }, expect.any(AbortSignal));
  });
});
