import type { DocumentTexts } from './documents.nb.ts';

// Nynorsk: the documents page (namespace `documents`).
const documents: DocumentTexts = {
  title: 'Dokument',
  intro: 'Papir de deler i planen. Alle med tilgang til dokument kan laste dei ned.',
  list: 'Dokumenta i planen',
  none: 'Ingen dokument enno.',
  uploadHeading: 'Last opp eit dokument',
  file: 'Vel fil',
  fileHelp:
    'PDF, bilete (PNG, JPEG, HEIC), tekst, Word (DOCX), Excel (XLSX) eller ODT. Høgst 25 MB.',
  upload: 'Last opp',
  uploaded: '«{{name}}» er lasta opp.',
  pickFile: 'Vel ei fil å laste opp.',
  tooLarge: 'Fila er for stor. Ho kan vere på høgst 25 MB.',
  quota: 'Det er ikkje meir plass til dokument i planen. Slett noko de ikkje treng lenger.',
  wrongType:
    'Denne filtypen kan ikkje lastast opp. Bruk PDF, bilete (PNG, JPEG, HEIC), tekst, DOCX, XLSX eller ODT.',
  badImage: 'Biletet kan ikkje lesast. Prøv å lagre det på nytt som PNG eller JPEG.',
  virus: 'Fila vart stoppa av viruskontrollen og er ikkje lasta opp.',
  empty: 'Fila er tom.',
  failed: 'Dokumentet vart ikkje lasta opp. Prøv igjen.',
  download: 'Last ned',
  downloadName: 'Last ned {{name}}',
  uploadedBy: '{{name}}, {{date}}',
  size: '{{size}}',
  delete: 'Slett',
  deleteName: 'Slett {{name}}',
  deleteConfirm: 'Vil du slette «{{name}}»? Det kan ikkje angrast.',
  deleteYes: 'Ja, slett',
  deleted: '«{{name}}» er sletta.',
  deleteFailed: 'Dokumentet vart ikkje sletta. Prøv igjen.',
};

export default documents;
