import type { DocumentTexts } from './documents.nb.ts';

// English: the documents page (namespace `documents`).
const documents: DocumentTexts = {
  title: 'Documents',
  intro: 'Papers you share in the plan. Everyone with access to documents can download them.',
  list: 'The plan’s documents',
  none: 'No documents yet.',
  uploadHeading: 'Upload a document',
  file: 'Choose a file',
  fileHelp:
    'PDF, picture (PNG, JPEG, HEIC), text, Word (DOCX), Excel (XLSX) or ODT. At most 25 MB.',
  upload: 'Upload',
  uploaded: '“{{name}}” has been uploaded.',
  pickFile: 'Choose a file to upload.',
  tooLarge: 'The file is too large. It can be at most 25 MB.',
  quota: 'There is no more room for documents in the plan. Delete something you no longer need.',
  wrongType:
    'This kind of file cannot be uploaded. Use PDF, a picture (PNG, JPEG, HEIC), text, DOCX, XLSX or ODT.',
  badImage: 'The picture cannot be read. Try saving it again as PNG or JPEG.',
  virus: 'The virus check stopped the file; it was not uploaded.',
  empty: 'The file is empty.',
  failed: 'The document was not uploaded. Please try again.',
  download: 'Download',
  downloadName: 'Download {{name}}',
  uploadedBy: '{{name}}, {{date}}',
  size: '{{size}}',
  delete: 'Delete',
  deleteName: 'Delete {{name}}',
  deleteConfirm: 'Delete “{{name}}”? This cannot be undone.',
  deleteYes: 'Yes, delete',
  deleted: '“{{name}}” has been deleted.',
  deleteFailed: 'The document was not deleted. Please try again.',
};

export default documents;
