/**
 * Text out of a PDF with pdf.js, page by page, so a scanned-to-text or printed PDF can be
 * searched, looked up and cited as evidence like any note. The pdf.js module is passed in: the
 * app uses the browser build, Node tests the legacy build, with the same code.
 */
export interface PdfJs {
  getDocument(src: { data: Uint8Array; isEvalSupported?: boolean; useSystemFonts?: boolean }): { promise: Promise<PdfDocument> };
}
export interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
  destroy(): Promise<void>;
}
export interface PdfPage {
  getTextContent(): Promise<{ items: ({ str: string; hasEOL?: boolean } | object)[] }>;
}

export class PdfTextError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'PdfTextError';
  }
}

/**
 * The document's text, each page under a `PAGE n` line (the note view shows it as a heading).
 * Eval stays off: the app's Content-Security-Policy forbids it, and pdf.js does without.
 */
export async function extractPdfText(pdfjs: PdfJs, name: string, bytes: Uint8Array): Promise<string> {
  let doc: PdfDocument;
  try {
    // pdf.js takes ownership of the buffer it is given: a copy keeps the caller's bytes intact.
    doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
  } catch (error) {
    throw new PdfTextError(name, `not a readable PDF (${(error as Error).message})`);
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(`PAGE ${n}\n${text.replace(/[ \t]+\n/g, '\n').trim()}`);
    }
    const all = pages.join('\n\n');
    if (!all.replace(/PAGE \d+/g, '').trim()) throw new PdfTextError(name, 'the PDF has no text layer (a scan without OCR); ask for a text version or run OCR first');
    return `${all}\n`;
  } finally {
    await doc.destroy();
  }
}
