// The console's one inline script, put together from a part per tab, all in one function scope.
import { BOOT } from './boot.ts';
import { CALENDAR } from './calendar.ts';
import { CONVERSATIONS } from './conversations.ts';
import { CORE } from './core.ts';
import { DASHBOARD } from './dashboard.ts';
import { HOTELS } from './hotels.ts';
import { KNOWLEDGE } from './knowledge.ts';
import { RESERVATIONS } from './reservations.ts';

/**
 * Plain ES2017, no build step: the parts share one IIFE, so a later part uses what an earlier one defines. It reads
 * `#console-data`, builds every node with textContent and uses no inline handlers (the CSP admits only this
 * nonce-carrying script and uPlot's).
 * @example `<script nonce="${nonce}">${OPERATOR_SCRIPT}</script>`
 */
export const OPERATOR_SCRIPT = `(function () {
  'use strict';
${[CORE, HOTELS, CALENDAR, RESERVATIONS, KNOWLEDGE, CONVERSATIONS, DASHBOARD, BOOT].join('\n')}
})();
`;
