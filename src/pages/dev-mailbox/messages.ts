/** The development mailbox's statuses and the landing page's link to it, in words. */
export const ru = {
  'mailbox.status.pending': 'в очереди',
  'mailbox.status.sending': 'отправляется',
  'mailbox.status.sent': 'доставлено',
  'mailbox.status.dead': 'не доставлено',
  'mailbox.landing_link': 'Почтовый ящик разработчика: письма и SMS демонстрационного режима',
} as const;

export const en = {
  'mailbox.status.pending': 'queued',
  'mailbox.status.sending': 'sending',
  'mailbox.status.sent': 'delivered',
  'mailbox.status.dead': 'not delivered',
  'mailbox.landing_link': 'Developer mailbox: the letters and SMS of demo mode',
} satisfies Record<keyof typeof ru, string>;

export const kk = {
  'mailbox.status.pending': 'кезекте',
  'mailbox.status.sending': 'жіберілуде',
  'mailbox.status.sent': 'жеткізілді',
  'mailbox.status.dead': 'жеткізілмеді',
  'mailbox.landing_link': 'Әзірлеуші пошта жәшігі: демонстрациялық режимнің хаттары мен SMS',
} satisfies Record<keyof typeof ru, string>;
