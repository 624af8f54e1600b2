// Bokmål: the documents page (i18next namespace `documents`, see ./documents.ts).
const documents = {
  title: 'Dokumenter',
  intro: 'Papirer dere deler i planen. Alle med tilgang til dokumenter kan laste dem ned.',
  list: 'Dokumentene i planen',
  none: 'Ingen dokumenter ennå.',
  uploadHeading: 'Last opp et dokument',
  file: 'Velg fil',
  fileHelp:
    'PDF, bilde (PNG, JPEG, HEIC), tekst, Word (DOCX), Excel (XLSX) eller ODT. Høyst 25 MB.',
  upload: 'Last opp',
  uploaded: '«{{name}}» er lastet opp.',
  pickFile: 'Velg en fil å laste opp.',
  tooLarge: 'Filen er for stor. Den kan være på høyst 25 MB.',
  quota: 'Det er ikke mer plass til dokumenter i planen. Slett noe dere ikke trenger lenger.',
  wrongType:
    'Denne filtypen kan ikke lastes opp. Bruk PDF, bilde (PNG, JPEG, HEIC), tekst, DOCX, XLSX eller ODT.',
  badImage: 'Bildet kan ikke leses. Prøv å lagre det på nytt som PNG eller JPEG.',
  virus: 'Filen ble stoppet av viruskontrollen og er ikke lastet opp.',
  empty: 'Filen er tom.',
  failed: 'Dokumentet ble ikke lastet opp. Prøv igjen.',
  download: 'Last ned',
  downloadName: 'Last ned {{name}}',
  uploadedBy: '{{name}}, {{date}}',
  size: '{{size}}',
  delete: 'Slett',
  deleteName: 'Slett {{name}}',
  deleteConfirm: 'Vil du slette «{{name}}»? Det kan ikke angres.',
  deleteYes: 'Ja, slett',
  deleted: '«{{name}}» er slettet.',
  deleteFailed: 'Dokumentet ble ikke slettet. Prøv igjen.',
};

export type DocumentTexts = typeof documents;
export default documents;
