// The roles a user can have, as options of a select (least to most powerful).
import type { Role } from '@backend/contract';
import type { SelectOption } from '../../../components';

const ROLES: Role[] = ['USER', 'DEVELOPER', 'ADMIN'];

export function roleOptions(t: (key: string) => string): SelectOption[] {
  return ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) }));
}
