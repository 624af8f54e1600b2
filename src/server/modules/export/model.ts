/**
 * The printed plan as a small tree of plain data: headings, paragraphs, lists, tables and
 * groups, each with the PDF structure type it is tagged with. `document.ts` and
 * `sections.ts` build it from what was read for the caller (pure functions); `pdf.ts`
 * lays it out and tags it. Being plain data, it also crosses to the render worker as is.
 *
 * Everything a person wrote goes in as a plain string: nothing interprets markup in it,
 * so `<script>` or `**` is printed as typed (I4).
 */

export type StyleName =
  | 'title'
  | 'subtitle'
  | 'h2'
  | 'h3'
  | 'h4'
  | 'label'
  | 'meta'
  | 'muted'
  | 'body'
  | 'note';

/** A run of text in a paragraph; `bold` for a label before its value. */
export type Run = { text: string; bold?: boolean };

export type TextNode = {
  kind: 'text';
  tag: 'H1' | 'H2' | 'H3' | 'H4' | 'P';
  style: StyleName;
  runs: Run[];
  /** Kept on the same page as the start of what follows it. */
  keep?: boolean;
  /** A bookmark in the reader's outline. */
  outline?: boolean;
};

export type ListNode = { kind: 'list'; items: string[] };

export type TableNode = {
  kind: 'table';
  /** Column headers (TH, scope Column); none for a table of name/value rows. */
  head: string[] | null;
  /** The first cell of each row is a row header (TH, scope Row). */
  rowHeaders: boolean;
  rows: string[][];
  /** Share of the width per column, summing to 1. */
  widths: number[];
  /** Thin lines between rows. */
  lines: boolean;
};

export type GroupNode = {
  kind: 'group';
  tag: 'Sect' | 'Div';
  /** Left indent in points, added to the parent's. */
  indent?: number;
  /** Space after the group, in points. */
  after?: number;
  children: PrintNode[];
};

export type PrintNode = TextNode | ListNode | TableNode | GroupNode;

/** What the renderer needs besides the content: the document's metadata and its footer. */
export type PrintDocument = {
  lang: string;
  title: string;
  subject: string;
  createdAt: Date;
  /** The left part of every page's footer. */
  footer: string;
  /** "Side {page} av {pages}", with those two placeholders. */
  pageLabel: string;
  content: PrintNode[];
};

export const text = (
  tag: TextNode['tag'],
  style: StyleName,
  content: string | Run[],
  options: { keep?: boolean; outline?: boolean } = {},
): TextNode => ({
  kind: 'text',
  tag,
  style,
  runs: typeof content === 'string' ? [{ text: content }] : content,
  ...options,
});

export const group = (
  tag: GroupNode['tag'],
  children: (PrintNode | null)[],
  options: { indent?: number; after?: number } = {},
): GroupNode => ({
  kind: 'group',
  tag,
  children: children.filter((c): c is PrintNode => c !== null),
  ...options,
});

/** The text of a node and everything in it, for tests and measuring. */
export function plainText(node: PrintNode): string {
  switch (node.kind) {
    case 'text':
      return node.runs.map((r) => r.text).join('');
    case 'list':
      return node.items.join('\n');
    case 'table':
      return [...(node.head ? [node.head] : []), ...node.rows].map((r) => r.join('\t')).join('\n');
    case 'group':
      return node.children.map(plainText).join('\n');
  }
}
