/** How each role is named on a page («Ученик», «Родитель», …). */
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { Role } from '../../db/schema.js';

export const ROLE_KEYS: Readonly<Record<Role, MessageKey>> = {
  student: 'role.student',
  parent: 'role.parent',
  teacher: 'role.teacher',
  staff: 'role.staff',
  admin: 'role.admin',
  curator: 'role.curator',
  support: 'role.support',
};
