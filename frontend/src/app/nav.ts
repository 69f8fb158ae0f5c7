// The sidebar's entries. A feature adds its entry here; `roles` hides it from other roles (the route
// guard and the backend still decide).
import type { Role } from '@backend/contract';
import {
  Bot,
  FileCode2,
  FolderKanban,
  KeyRound,
  LayoutDashboard,
  LayoutGrid,
  Settings,
  Target,
  Users,
  Workflow,
  type LucideIcon,
} from 'lucide-react';

export interface NavItem {
  path: string;
  /** i18n key, namespace included: 'common:nav.catalogs' */
  labelKey: string;
  icon: LucideIcon;
  /** Only these roles see the item; all signed-in users when absent. */
  roles?: readonly Role[];
  section: 'main' | 'admin';
  /** Active only on the exact path (the overview at '/'). */
  end?: boolean;
}

export const NAV: readonly NavItem[] = [
  { path: '/', labelKey: 'common:nav.home', icon: LayoutGrid, section: 'main', end: true },
  { path: '/catalogs', labelKey: 'common:nav.catalogs', icon: FolderKanban, section: 'main' },
  { path: '/scopes', labelKey: 'common:nav.scopes', icon: Target, section: 'main' },
  { path: '/scripts', labelKey: 'common:nav.scripts', icon: FileCode2, section: 'main' },
  { path: '/secrets', labelKey: 'common:nav.secrets', icon: KeyRound, section: 'main' },
  { path: '/dashboards', labelKey: 'common:nav.dashboards', icon: LayoutDashboard, section: 'main' },
  {
    path: '/mashups',
    labelKey: 'common:nav.mashups',
    icon: Workflow,
    section: 'main',
    roles: ['ADMIN', 'DEVELOPER'],
  },
  { path: '/assistant', labelKey: 'common:nav.assistant', icon: Bot, section: 'main' },
  {
    path: '/admin/users',
    labelKey: 'common:nav.adminUsers',
    icon: Users,
    section: 'admin',
    roles: ['ADMIN'],
  },
  {
    path: '/admin/settings',
    labelKey: 'common:nav.adminSettings',
    icon: Settings,
    section: 'admin',
    roles: ['ADMIN'],
  },
];

export { AppIcon } from '../components/AppIcon';

export function navFor(role: Role | null): NavItem[] {
  return NAV.filter((i) => !i.roles || (role !== null && i.roles.includes(role)));
}
