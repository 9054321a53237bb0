/** Every operation of the admin API, in the order the document lists them. */

import type { Operation } from './operation.js';
import { AUDIT_OPERATIONS } from './ops-audit.js';
import { CORRECTION_OPERATIONS } from './ops-corrections.js';
import { HELP_OPERATIONS } from './ops-help.js';
import { IMPORT_OPERATIONS } from './ops-imports.js';
import { INVITATION_OPERATIONS } from './ops-invitations.js';
import { PEOPLE_OPERATIONS } from './ops-people.js';
import { REALM_LOOK_OPERATIONS } from './ops-realm-look.js';
import { SECOND_FACTOR_OPERATIONS } from './ops-second-factor.js';

export const ADMIN_OPERATIONS: readonly Operation[] = [
  ...PEOPLE_OPERATIONS,
  ...SECOND_FACTOR_OPERATIONS,
  ...INVITATION_OPERATIONS,
  ...CORRECTION_OPERATIONS,
  ...IMPORT_OPERATIONS,
  ...HELP_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...REALM_LOOK_OPERATIONS,
];
