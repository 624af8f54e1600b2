import type { Queryable } from '../../db/index.ts';
import { inspect } from '../documents/detect.ts';
import { storedFileName } from '../documents/names.ts';
import { insertDocument } from '../documents/queries.ts';
import type { DocumentStorage } from '../documents/storage.ts';
import { DEMO_IDS } from './demo-ids.ts';
import { demoMeetingDaysAgo } from './demo-meetings.ts';
import { DEMO_PLAN_IDS, osloTime, workdayAgo } from './demo-plan.ts';

/** Fixed ids of the demo documents in "Olas plan", so tests and guides can name them. */
export const DEMO_DOCUMENT_IDS = {
  schoolAgreement: '00000000-0000-4000-8000-000000000901',
} as const;

export const DEMO_DOCUMENT_NAME = 'Samarbeidsavtale skole.pdf';

/** When Kari uploaded it: before she called the meeting that went through it. */
const uploadedAt = () => osloTime(workdayAgo(demoMeetingDaysAgo() + 12), '14:20');

type Line = { text: string; bold?: boolean; size?: number; gapBefore?: number };

/** The agreement, invented: no real school, person or service. */
function agreementLines(): Line[] {
  const heading = (text: string): Line => ({ text, bold: true, size: 12, gapBefore: 10 });
  const paragraph = (text: string, gapBefore = 0): Line[] =>
    wrap(text, 84).map((line, i) => ({ text: line, gapBefore: i === 0 ? gapBefore : 0 }));
  const point = (n: number, text: string): Line[] =>
    wrap(text, 80).map((line, i) => ({ text: i === 0 ? `${n}. ${line}` : `    ${line}` }));
  return [
    { text: 'Samarbeidsavtale mellom skolen og Demo kommune', bold: true, size: 16 },
    { text: 'Gjelder: Ola Planeier, individuell plan («Olas plan»)', gapBefore: 6 },
    heading('Parter'),
    { text: 'Demo videregående skole, ved kontaktlæreren' },
    { text: 'Demo kommune, ved koordinatoren og fysioterapeuten' },
    { text: 'Ola Planeier, med støtte fra mor' },
    heading('Formål'),
    ...paragraph(
      'Avtalen skal gjøre det enklere for Ola å kombinere skolegangen med trening og ' +
        'oppfølging fra kommunen, og sørge for at skolen og kommunen arbeider mot de samme ' +
        'målene i Olas individuelle plan.',
    ),
    heading('Dette er vi enige om'),
    ...point(
      1,
      'Ola har trening hos fysioterapeuten tirsdag og torsdag. Skolen legger timeplanen ' +
        'til rette, slik at han kan gå fra siste time disse dagene.',
    ),
    ...point(2, 'Kontaktlæreren deltar i ansvarsgruppemøtene når opplæringen står på sakslisten.'),
    ...point(
      3,
      'Skolen og kommunen deler bare de opplysningene som trengs, og bare det Ola har ' +
        'samtykket til.',
    ),
    ...point(
      4,
      'Beskjeder mellom skolen, kommunen og familien går gjennom koordinatoren eller som ' +
        'meldinger i Samvirke.',
    ),
    ...point(5, 'Avtalen gjennomgås i ansvarsgruppen ved slutten av hvert skoleår.'),
    heading('Varighet'),
    ...paragraph(
      'Avtalen gjelder for dette skoleåret, og den kan endres når partene er enige om det.',
    ),
    heading('Kontakt'),
    ...paragraph('Koordinatoren i Demo kommune, Kari Koordinator, nås gjennom Samvirke.'),
    ...paragraph('Dette er et oppdiktet eksempel til opplæring i Samvirke.', 24),
  ];
}

/** Words into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A PDF string in WinAnsiEncoding (the standard fonts' encoding): Latin-1 as it is,
 * parentheses and backslashes escaped. The demo's text needs nothing else.
 */
function pdfString(text: string): string {
  for (const char of text) {
    if (char.charCodeAt(0) > 0xff || char.charCodeAt(0) < 0x20) {
      throw new Error(`the demo PDF cannot hold ${JSON.stringify(char)}`);
    }
  }
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/**
 * A small, valid PDF 1.4 of one A4 page in Helvetica, built by hand: the same bytes every
 * time (no dates, no random ids), so its SHA-256 never changes.
 */
export function demoAgreementPdf(): Buffer {
  const left = 56;
  let y = 841.89 - 64;
  const text: string[] = [];
  for (const line of agreementLines()) {
    const size = line.size ?? 11;
    y -= (line.gapBefore ?? 0) + size * 1.35;
    if (y < 56) throw new Error('the demo PDF does not fit on one page');
    text.push(
      `BT /${line.bold ? 'F2' : 'F1'} ${size} Tf ${left} ${y.toFixed(2)} Td ${pdfString(line.text)} Tj ET`,
    );
  }
  const content = `${text.join('\n')}\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] ' +
      '/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    `<< /Title ${pdfString('Samarbeidsavtale mellom skolen og Demo kommune')} ` +
      `/Producer ${pdfString('Samvirke demodata')} >>`,
  ];
  // Latin-1 throughout: one character is one byte, so string lengths are byte offsets.
  let pdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\n`;
  pdf += `startxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/**
 * Stores the demo document as an upload is stored: its kind decided by the documents
 * module's own check, its name cleaned as uploads' names are, its bytes put in the
 * storage new documents go to (which gives the size and SHA-256 the record keeps), and
 * its record. Runs inside the demo data's transaction, after the plan; `stored` collects
 * the keys put, so that bytes put outside the transaction (S3) can be removed should it
 * fail. As the rest of the demo data: no audit row, plan event or notification.
 */
export async function loadDemoDocuments(
  tx: Queryable,
  storage: DocumentStorage,
  stored: string[],
): Promise<void> {
  const id = DEMO_DOCUMENT_IDS.schoolAgreement;
  const inspected = await inspect(demoAgreementPdf());
  if (!inspected.ok || inspected.contentType !== 'application/pdf') {
    throw new Error('the demo document is not taken for a PDF by the documents module');
  }
  const { size, sha256 } = await storage.put(id, inspected.bytes, tx);
  stored.push(id);
  await insertDocument(tx, {
    id,
    planId: DEMO_PLAN_IDS.plan,
    name: storedFileName(DEMO_DOCUMENT_NAME, inspected.kind),
    contentType: inspected.contentType,
    size,
    sha256,
    storage: storage.kind,
    storageKey: id,
    uploadedBy: DEMO_IDS.kari,
    uploadedByParticipantId: DEMO_PLAN_IDS.participants.kari,
  });
  await tx.query('update documents set created_at = $2::timestamptz where id = $1', [
    id,
    uploadedAt(),
  ]);
}
