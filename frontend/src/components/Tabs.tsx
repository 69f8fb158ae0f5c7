import { Tabs as RTabs } from 'radix-ui';
import type { ReactNode } from 'react';

export interface TabItem {
  value: string;
  label: ReactNode;
  content: ReactNode;
}

/** Accessible tabs (arrow keys move between them). Controlled when `value` is given. */
export function Tabs({
  items,
  value,
  defaultValue,
  onValueChange,
  label,
}: {
  items: TabItem[];
  value?: string;
  defaultValue?: string;
  onValueChange?: (v: string) => void;
  /** aria-label of the tab list */
  label: string;
}) {
  const rootProps = value !== undefined ? { value } : { defaultValue: defaultValue ?? items[0]?.value };
  return (
    <RTabs.Root className="tabs" {...rootProps} {...(onValueChange ? { onValueChange } : {})}>
      <RTabs.List className="tabs-list" aria-label={label}>
        {items.map((i) => (
          <RTabs.Trigger key={i.value} value={i.value} className="tabs-trigger">
            {i.label}
          </RTabs.Trigger>
        ))}
      </RTabs.List>
      {items.map((i) => (
        <RTabs.Content key={i.value} value={i.value} className="tabs-content">
          {i.content}
        </RTabs.Content>
      ))}
    </RTabs.Root>
  );
}
