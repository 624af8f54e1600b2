import type { AuditFlagTexts } from './auditFlags.nb.ts';

// English: the page of unusual reading (namespace `auditFlags`).
const auditFlags: AuditFlagTexts = {
  title: 'Unusual reading',
  intro:
    'Every hour Samvirke goes through the access log and alerts you to people in your organisation who read many plans, try to open what they have no access to, or read a lot at night.',
  advice:
    'An alert is not proof. Find out whether there was a reason, such as a new job or a shift, and mark the alert as reviewed.',
  privacy: 'Alerts show who, when and how many – never which plans or what they say.',
  listHeading: 'Open alerts',
  none: 'No open alerts.',
  count_one: '{{count}} open alert',
  count_other: '{{count}} open alerts',
  kind: {
    bulk: 'Read many plans',
    denied: 'Many attempts without access',
    night: 'Much reading at night',
  },
  kindText: {
    bulk: 'Read more plans, or read more often, within one hour than ordinary work does.',
    denied:
      'Was refused access many times within one hour. It may be attempts to open plans or people outside their access.',
    night: 'Read a lot between midnight and six in the morning.',
  },
  period: 'Period',
  periodValue: '{{date}}, {{from}}–{{to}}',
  role: 'Role',
  plans: 'Different plans read',
  reads: 'Reads',
  denied: 'Refused attempts',
  roles: {
    owner: 'Plan owner',
    guardian: 'Guardian',
    relative: 'Relative',
    coordinator: 'Coordinator',
    professional: 'Professional',
    org_admin: 'Organisation administrator',
    trainer: 'Trainer',
    citizen: 'Citizen',
  },
  unknownRole: 'Unknown',
  markReviewed: 'Mark as reviewed',
  note: 'Note (optional)',
  noteHelp:
    'What you found out or did. Do not write health information, national identity numbers or what plans say.',
  noteTooLong: 'The note can be at most {{max}} characters.',
  save: 'Mark as reviewed',
  reviewed: 'The alert about {{name}} is marked as reviewed.',
  failed: 'The alert was not marked. Try again.',
  alreadyReviewed: 'Someone else has already reviewed this alert.',
  ownFlag: 'This alert is about you. Another organisation administrator must review it.',
  more: 'Show more',
};

export default auditFlags;
