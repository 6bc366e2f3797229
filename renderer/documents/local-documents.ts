import type { ClinicalDocument } from '../../core/coding/encounter';
import type { PickedFile } from '../platform/desktop-api';
import { extractPdfText, type PdfJs } from './pdf-text';

/** pdf.js, loaded on first use (it is large and most encounters never need it), with its worker. */
let pdfjs: Promise<PdfJs> | null = null;
export function browserPdfJs(): Promise<PdfJs> {
  pdfjs ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib as unknown as PdfJs;
  });
  return pdfjs;
}

/**
 * Files the coder picked, as notes of the encounter: a text file as it is (UTF-8), a PDF with
 * its extracted text beside the original. Any bad file stops the whole batch with its name,
 * so nothing is half-added.
 */
export async function documentsFromFiles(files: PickedFile[], author: string, date: string, pdf: () => Promise<PdfJs> = browserPdfJs): Promise<ClinicalDocument[]> {
  const stamp = Date.now().toString(36);
  const out: ClinicalDocument[] = [];
  for (const [i, file] of files.entries()) {
    const id = `local-${stamp}-${i + 1}`;
    const base = { id, title: file.name, author, date, version: 1, source: 'local' as const };
    if (/\.pdf$/i.test(file.name)) {
      out.push({ ...base, text: await extractPdfText(await pdf(), file.name, file.bytes), pdf: { name: file.name, bytes: file.bytes } });
    } else if (/\.txt$/i.test(file.name)) {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
      } catch {
        throw new Error(`${file.name}: not UTF-8 text; save it as UTF-8 or PDF`);
      }
      if (!text.trim()) throw new Error(`${file.name}: the file is empty`);
      out.push({ ...base, text });
    } else {
      throw new Error(`${file.name}: only text (.txt) and PDF (.pdf) documents can be added`);
    }
  }
  return out;
}
