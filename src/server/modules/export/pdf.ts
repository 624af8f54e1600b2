import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import type {
  GroupNode,
  ListNode,
  PrintDocument,
  PrintNode,
  StyleName,
  TableNode,
  TextNode,
} from './model.ts';

/**
 * Lays out a print document (model.ts) with pdfkit as a **tagged** PDF: a structure tree
 * (Document → H1, Sect → H2, Div → H3 / P, L → LI → Lbl + LBody, Table → TR → TH / TD)
 * in reading order, every piece of content marked as part of one structure element, the
 * page footers marked as pagination artifacts, the document language and title set and
 * shown, and a bookmark per section (decision 0010).
 *
 * Text only: Roboto (Apache/OFL, with æøå, Latin Extended and Sámi letters), embedded and
 * subset; no image, link, script or external reference.
 */

const require = createRequire(import.meta.url);
/** Parsed once per process (parsing is most of the cost of a small PDF); each document embeds the subset it uses. */
function loadFont(dir: string, file: string): Font {
  const font = create(readFileSync(require.resolve(`@expo-google-fonts/roboto/${dir}/${file}`)));
  if (!('layout' in font)) throw new Error(`${file} is a font collection`);
  return font;
}
const FONTS = {
  regular: loadFont('400Regular', 'Roboto_400Regular.ttf'),
  bold: loadFont('500Medium', 'Roboto_500Medium.ttf'),
  italic: loadFont('400Regular_Italic', 'Roboto_400Regular_Italic.ttf'),
};
type FontName = keyof typeof FONTS;

const INK = '#1f2328';
/** 6.2:1 on white. */
const MUTED = '#57606a';
const RULE = '#d0d7de';

type Style = { font: FontName; size: number; color: string; before: number; after: number };
const STYLES: Record<StyleName, Style> = {
  title: { font: 'bold', size: 22, color: INK, before: 0, after: 4 },
  subtitle: { font: 'regular', size: 12, color: MUTED, before: 0, after: 14 },
  h2: { font: 'bold', size: 15, color: INK, before: 20, after: 8 },
  h3: { font: 'bold', size: 12, color: INK, before: 0, after: 2 },
  h4: { font: 'bold', size: 11, color: INK, before: 0, after: 2 },
  label: { font: 'bold', size: 10.5, color: INK, before: 4, after: 1 },
  meta: { font: 'regular', size: 9.5, color: MUTED, before: 0, after: 3 },
  muted: { font: 'italic', size: 10.5, color: MUTED, before: 2, after: 4 },
  body: { font: 'regular', size: 10.5, color: INK, before: 0, after: 3 },
  note: { font: 'regular', size: 9.5, color: MUTED, before: 0, after: 2 },
};
const FOOTER: Style = { font: 'regular', size: 8.5, color: MUTED, before: 0, after: 0 };
const TABLE_TEXT = 10;
const TABLE_HEAD = 9.5;
/** Extra space between lines, as a share of the font size (a line height of about 1.4). */
const LINE_GAP = 0.22;
const BULLET_INDENT = 14;
const CELL_PAD = { top: 4, right: 8, bottom: 4 };
/** How much of a paragraph must fit under the head it is kept with: two lines. */
const LEAD_LINES = 2;
const MARGIN = { top: 56, left: 56, right: 56, bottom: 64 };

type Struct = PDFKit.PDFStructureElement;
type Grid = { x: number; widths: number[]; lines: boolean; rowHeaders: boolean };
export type Rendered = { bytes: Buffer; pages: number };

class Layout {
  readonly doc: PDFKit.PDFDocument;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  private get left() {
    return this.doc.page.margins.left;
  }
  private get width() {
    const { page } = this.doc;
    return page.width - page.margins.left - page.margins.right;
  }
  private get atTop() {
    return this.doc.y <= this.doc.page.margins.top + 0.5;
  }
  private get room() {
    return this.doc.page.maxY() - this.doc.y;
  }

  private use(style: Style) {
    this.doc.font(style.font).fontSize(style.size).fillColor(style.color);
    return { lineGap: style.size * LINE_GAP };
  }

  private textHeight(node: TextNode, indent: number): number {
    const style = STYLES[node.style];
    const options = this.use(style);
    const words = node.runs.map((r) => r.text).join('');
    return this.doc.heightOfString(words, { width: this.width - indent, ...options });
  }

  private lineHeight(style: Style) {
    this.use(style);
    return this.doc.currentLineHeight(true) + style.size * LINE_GAP;
  }

  /**
   * The height that must fit on this page for `nodes[index]` to begin here: the node and
   * each node after it that is kept with the next, then the start of the first that is not.
   */
  private chain(nodes: PrintNode[], index: number, indent: number): number {
    let height = 0;
    for (let i = index; i < nodes.length; i += 1) {
      const node = nodes[i];
      if (!node) break;
      if (node.kind === 'group')
        return height + this.chain(node.children, 0, indent + (node.indent ?? 0));
      if (node.kind === 'list') return height + this.lineHeight(STYLES.body) * LEAD_LINES;
      if (node.kind === 'table') return height + this.lineHeight(STYLES.body) * 3;
      const style = STYLES[node.style];
      const full = this.textHeight(node, indent) + style.before + style.after;
      if (!node.keep)
        return height + Math.min(full, this.lineHeight(style) * LEAD_LINES + style.before);
      height += full;
    }
    return height;
  }

  /** Starts a new page unless `height` fits here (or could not fit on any page). */
  private keep(height: number) {
    const { page } = this.doc;
    if (!this.atTop && height > this.room && height < page.maxY() - page.margins.top) {
      this.doc.addPage();
    }
  }

  private space(points: number) {
    if (!this.atTop) this.doc.y += points;
  }

  /** A structure element of `type` under `parent`, drawn by `draw`. */
  private tag(parent: Struct, type: string, draw: () => void) {
    const element = this.doc.struct(type);
    parent.add(element);
    element.add(draw);
    element.end();
  }

  nodes(parent: Struct, nodes: PrintNode[], indent: number) {
    nodes.forEach((node, index) => {
      if (node.kind === 'text') {
        if (node.keep) this.keep(this.chain(nodes, index, indent));
        this.text(parent, node, indent);
      } else if (node.kind === 'list') this.list(parent, node, indent);
      else if (node.kind === 'table') this.table(parent, node, indent);
      else this.group(parent, node, indent);
    });
  }

  private group(parent: Struct, node: GroupNode, indent: number) {
    const element = this.doc.struct(node.tag);
    parent.add(element);
    this.nodes(element, node.children, indent + (node.indent ?? 0));
    element.end();
    this.space(node.after ?? 0);
  }

  private text(parent: Struct, node: TextNode, indent: number) {
    const runs = node.runs.filter((r) => r.text.length > 0);
    if (runs.length === 0) return;
    const style = STYLES[node.style];
    this.space(style.before);
    if (node.outline) this.doc.outline.addItem(runs.map((r) => r.text).join(''));
    // Less than a line left: begin on the next page rather than draw below the margin.
    if (this.room < this.lineHeight(style)) this.doc.addPage();
    const x = this.left + indent;
    const width = this.width - indent;
    this.tag(parent, node.tag, () => {
      runs.forEach((run, i) => {
        const options = this.use(run.bold ? { ...style, font: 'bold' } : style);
        const continued = i < runs.length - 1;
        if (i === 0) this.doc.text(run.text, x, this.doc.y, { ...options, width, continued });
        else this.doc.text(run.text, { ...options, width, continued });
      });
    });
    this.doc.x = this.left;
    this.doc.y += style.after;
  }

  private list(parent: Struct, node: ListNode, indent: number) {
    const list = this.doc.struct('L');
    parent.add(list);
    const x = this.left + indent;
    const width = this.width - indent - BULLET_INDENT;
    for (const item of node.items) {
      const options = this.use(STYLES.body);
      const first = Math.min(
        this.doc.heightOfString(item, { width, ...options }),
        this.lineHeight(STYLES.body) * LEAD_LINES,
      );
      this.keep(first);
      const y = this.doc.y;
      const entry = this.doc.struct('LI');
      list.add(entry);
      this.tag(entry, 'Lbl', () => {
        this.use(STYLES.body);
        this.doc.text('•', x + 3, y, { width: BULLET_INDENT, lineBreak: false });
      });
      this.tag(entry, 'LBody', () => {
        this.doc.text(item, x + BULLET_INDENT, y, { ...this.use(STYLES.body), width });
      });
      entry.end();
      this.doc.x = this.left;
      this.doc.y += 1;
    }
    list.end();
    this.doc.y += STYLES.body.after;
  }

  /**
   * A table: Table → TR → TH (scope Column or Row) / TD. A row is never split across
   * pages; on a new page the column headers are drawn again, as an artifact (the tagged
   * header row is the first one).
   */
  private table(parent: Struct, node: TableNode, indent: number) {
    const width = this.width - indent;
    const grid: Grid = {
      x: this.left + indent,
      widths: node.widths.map((share) => share * width),
      lines: node.lines,
      rowHeaders: node.rowHeaders,
    };
    const table = this.doc.struct('Table');
    parent.add(table);
    const { head } = node;
    const first = node.rows[0];
    const start =
      (head ? this.rowHeight(grid, head, true) : 0) +
      (first ? this.rowHeight(grid, first, false) : 0);
    this.keep(start);
    if (head) this.row(grid, table, head, 'head');
    for (const cells of node.rows) {
      if (this.rowHeight(grid, cells, false) > this.room && !this.atTop) {
        this.doc.addPage();
        if (head) this.row(grid, null, head, 'head');
      }
      this.row(grid, table, cells, 'body');
    }
    table.end();
    this.doc.y += 10;
  }

  private cellStyle(head: boolean, headRow: boolean): Style {
    return {
      ...STYLES.body,
      font: head ? 'bold' : 'regular',
      size: headRow ? TABLE_HEAD : TABLE_TEXT,
    };
  }

  private rowHeight(grid: Grid, cells: string[], headRow: boolean): number {
    let height = 0;
    cells.forEach((text, col) => {
      const head = headRow || (grid.rowHeaders && col === 0);
      const options = this.use(this.cellStyle(head, headRow));
      const width = (grid.widths[col] ?? 0) - CELL_PAD.right;
      height = Math.max(height, this.doc.heightOfString(text || ' ', { width, ...options }));
    });
    return height + CELL_PAD.top + CELL_PAD.bottom;
  }

  /** One row at the current position; `table` null draws it as an artifact (a repeat). */
  private row(grid: Grid, table: Struct | null, cells: string[], kind: 'head' | 'body') {
    const headRow = kind === 'head';
    const top = this.doc.y;
    const height = this.rowHeight(grid, cells, headRow);
    const tr = table ? this.doc.struct('TR') : null;
    if (tr) table?.add(tr);
    else this.doc.markContent('Artifact', { type: 'Pagination' });
    let x = grid.x;
    cells.forEach((text, col) => {
      const width = grid.widths[col] ?? 0;
      const head = headRow || (grid.rowHeaders && col === 0);
      const left = x;
      const paint = () => {
        const options = this.use(this.cellStyle(head, headRow));
        this.doc.text(text, left, top + CELL_PAD.top, {
          ...options,
          width: width - CELL_PAD.right,
        });
      };
      if (tr) {
        const scope: 'Column' | 'Row' = headRow ? 'Column' : 'Row';
        const cell = this.doc.struct(head ? 'TH' : 'TD', head ? { scope } : {});
        tr.add(cell);
        if (text.length > 0) cell.add(paint);
        cell.end();
      } else paint();
      x += width;
    });
    if (tr) tr.end();
    else this.doc.endMarkedContent();
    const bottom = top + height;
    if (grid.lines) {
      this.doc.markContent('Artifact', { type: 'Layout' });
      this.doc
        .moveTo(grid.x, bottom)
        .lineTo(x, bottom)
        .lineWidth(headRow ? 0.9 : 0.5);
      this.doc.strokeColor(RULE).stroke();
      this.doc.endMarkedContent();
    }
    this.doc.x = this.left;
    this.doc.y = bottom;
  }

  /** Each page's footer, as a pagination artifact: outside the structure tree. */
  footers(text: string, pageLabel: string) {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i += 1) {
      this.doc.switchToPage(i);
      const { page } = this.doc;
      const bottom = page.margins.bottom;
      page.margins.bottom = 0;
      const y = page.height - bottom + 24;
      const label = pageLabel.replace('{page}', String(i + 1)).replace('{pages}', String(count));
      this.doc.markContent('Artifact', { type: 'Pagination' });
      this.use(FOOTER);
      this.doc.text(text, this.left, y, {
        width: this.width - 90,
        lineBreak: false,
        ellipsis: true,
      });
      this.doc.text(label, this.left, y, { width: this.width, align: 'right', lineBreak: false });
      this.doc.endMarkedContent();
      page.margins.bottom = bottom;
    }
  }
}

/** The PDF of one print document. */
export function renderDocument(source: PrintDocument): Promise<Rendered> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    tagged: true,
    lang: source.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: source.title,
      Subject: source.subject,
      Creator: 'Samvirke',
      Producer: 'Samvirke',
      CreationDate: source.createdAt,
    },
  });
  for (const [name, font] of Object.entries(FONTS)) doc.registerFont(name, font);
  const chunks: Buffer[] = [];
  const done = new Promise<Rendered>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => resolve({ bytes: Buffer.concat(chunks), pages }));
  });
  let pages = 0;
  const layout = new Layout(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  layout.nodes(root, source.content, 0);
  root.end();
  layout.footers(source.footer, source.pageLabel);
  pages = doc.bufferedPageRange().count;
  doc.end();
  return done;
}
