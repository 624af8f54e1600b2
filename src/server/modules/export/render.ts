import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

/**
 * pdfmake, set up once for the server: Roboto from pdfmake's own package (it has æ, ø,
 * å and the rest of Latin-1 and Latin Extended-A), no network access at all, and no file
 * read but those four font files — the document holds only text, never an image or a URL.
 */

const require = createRequire(import.meta.url);
const font = (file: string) => require.resolve(`pdfmake/fonts/Roboto/${file}`);
const ROBOTO = {
  normal: font('Roboto-Regular.ttf'),
  bold: font('Roboto-Medium.ttf'),
  italics: font('Roboto-Italic.ttf'),
  bolditalics: font('Roboto-MediumItalic.ttf'),
};
const FONT_FILES = new Set(Object.values(ROBOTO));

pdfmake.setFonts({ Roboto: ROBOTO });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));

export type Rendered = { bytes: Buffer; pages: number };

/** Renders one document definition (used once: pdfmake fills it in as it lays it out). */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Rendered> {
  let pages = 0;
  const footer = definition.footer;
  const counted: TDocumentDefinitions = {
    ...definition,
    // The page count pdfmake gives the footer is the document's.
    footer:
      typeof footer === 'function'
        ? (page, count, size) => {
            pages = count;
            return footer(page, count, size);
          }
        : footer,
  };
  const bytes = await pdfmake.createPdf(counted).getBuffer();
  return { bytes, pages };
}

export type Render = typeof renderPdf;
