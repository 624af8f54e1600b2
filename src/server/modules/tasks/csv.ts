import { csvFile } from '../../http/csv.ts';
import type { ExportLanguage } from '../export/texts.ts';
import type { TaskRow } from './queries.ts';

/**
 * A plan's tasks as a spreadsheet (GET /api/plans/:planId/tasks.csv), in the reader's
 * language: title, description, who is responsible, due date, status, who made it and
 * when, when it was done. Names only, never contact details.
 */

const HEADERS = {
  nb: ['Oppgave', 'Beskrivelse', 'Ansvarlig', 'Frist', 'Status', 'Laget av', 'Laget', 'Fullført'],
  nn: ['Oppgåve', 'Skildring', 'Ansvarleg', 'Frist', 'Status', 'Laga av', 'Laga', 'Fullført'],
  en: ['Task', 'Description', 'Responsible', 'Due', 'Status', 'Made by', 'Made', 'Done'],
} as const;

const STATUS = {
  nb: { open: 'Åpen', done: 'Fullført' },
  nn: { open: 'Open', done: 'Fullført' },
  en: { open: 'Open', done: 'Done' },
} as const;

/** Dates as ISO (2026-11-26) in Norwegian time, which every spreadsheet reads as a date. */
const OSLO_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' });
const day = (value: Date | null) => (value ? OSLO_DAY.format(value) : '');

export function tasksCsv(rows: TaskRow[], lang: ExportLanguage): Buffer {
  return csvFile(
    [...HEADERS[lang]],
    rows.map((row) => [
      row.title,
      row.description,
      row.assigneeName,
      row.dueDate,
      STATUS[lang][row.status],
      row.createdByName,
      day(row.createdAt),
      day(row.doneAt),
    ]),
  );
}
