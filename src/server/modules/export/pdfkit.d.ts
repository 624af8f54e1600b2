/**
 * What @types/pdfkit 0.17 leaves out of pdfkit 0.20: the table header scope of a
 * structure element (`/A << /O /Table /Scope … >>`), and registering a font that fontkit
 * has already parsed (pdfkit 0.20 accepts it; it saves parsing the font per document).
 */
declare namespace PDFKit.Mixins {
  interface StructureElementOptions {
    scope?: 'Row' | 'Column' | 'Both';
  }
  interface PDFFont {
    registerFont(name: string, src: import('fontkit').Font): this;
  }
}
