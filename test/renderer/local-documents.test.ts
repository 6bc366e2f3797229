import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { revisionToBundle } from '../../core/fhir/revision-bundle';
import type { Encounter } from '../../core/coding/encounter';
import { mergeWorklist } from '../../core/coding/worklist-merge';
import { documentsFromFiles } from '../../renderer/documents/local-documents';
import { extractPdfText, type PdfJs } from '../../renderer/documents/pdf-text';
import { buildPdf } from '../fixtures/pdf-builder';

/** Documents the coder adds from this computer: text and PDF (pdf.js's legacy build here, the browser build in the app). */
const lib = pdfjs as unknown as PdfJs;
const OP_NOTE = buildPdf([
  ['OPERATIVE REPORT', 'Preoperative diagnosis: right inguinal hernia.', 'Procedure: open repair with mesh.'],
  ['FINDINGS', 'Indirect hernia sac, no incarceration.'],
]);

describe('local documents', () => {
  it('reads a PDF text layer page by page', async () => {
    const text = await extractPdfText(lib, 'op-note.pdf', OP_NOTE);
    expect(text).toContain('PAGE 1');
    expect(text).toContain('Preoperative diagnosis: right inguinal hernia.');
    expect(text).toContain('PAGE 2');
    expect(text.indexOf('Indirect hernia sac')).toBeGreaterThan(text.indexOf('PAGE 2'));
  });

  it('adds text and PDF files as local notes, keeping the PDF beside its text', async () => {
    const docs = await documentsFromFiles(
      [
        { name: 'addendum.txt', bytes: new TextEncoder().encode('ADDENDUM:\nLaterality confirmed: right.\n') },
        { name: 'op-note.pdf', bytes: OP_NOTE },
      ],
      'coder.one',
      '2026-11-27',
      async () => lib,
    );
    expect(docs.map((d) => [d.title, d.source, d.version, Boolean(d.pdf)])).toEqual([
      ['addendum.txt', 'local', 1, false],
      ['op-note.pdf', 'local', 1, true],
    ]);
    expect(docs[1].text).toContain('open repair with mesh');
    expect(docs[1].pdf!.bytes).toEqual(OP_NOTE);
  });

  it('refuses a whole batch with the bad file named', async () => {
    const pick = (name: string, bytes: Uint8Array) => documentsFromFiles([{ name: 'fine.txt', bytes: new TextEncoder().encode('ok') }, { name, bytes }], 'c', '2026-11-27', async () => lib);
    await expect(pick('scan.pdf', new TextEncoder().encode('not a pdf'))).rejects.toThrow(/^scan\.pdf: not a readable PDF/);
    await expect(pick('blank.pdf', buildPdf([[]]))).rejects.toThrow(/blank\.pdf: the PDF has no text layer/);
    await expect(pick('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).rejects.toThrow('latin1.txt: not UTF-8 text');
    await expect(pick('photo.jpg', new Uint8Array([1]))).rejects.toThrow('photo.jpg: only text (.txt) and PDF (.pdf)');
  });

  it('evidence in a local document is sent as quoted text, never as a reference the server cannot resolve; a pull keeps the document', async () => {
    const local = { id: 'local-1', title: 'op-note.pdf', author: 'c', date: '2026-11-27', text: 'right inguinal hernia', version: 1, source: 'local' as const };
    const encounter: Encounter = {
      id: 'enc-x',
      visit: 'Outpatient surgery',
      patient: { mrn: 'MRN-1', name: 'Invented', birthDate: '1970-01-01', sex: 'male' },
      dateOfService: '2026-10-08',
      setting: 'outpatient-surgery',
      provider: { name: 'Dr', specialty: 'Surgery' },
      documents: [{ id: 'enc-x-1', title: 'Note', author: 'Dr', date: '2026-10-08', text: 'hernia', version: 1 }, local],
      status: 'finished',
      revision: 1,
      coding: { diagnoses: [{ id: 'dx-1', code: 'K4090', evidence: [{ documentId: 'local-1', start: 0, end: 21, text: 'right inguinal hernia' }] }], procedures: [] },
      acknowledgements: [],
      assignedTo: 'demo.coder',
      receivedAt: '2026-11-20T00:00:00.000Z',
      updatedAt: '2026-11-20T00:00:00.000Z',
    };
    const bundle = JSON.stringify(revisionToBundle({ encounterId: 'enc-x', number: 1, finishedAt: '2026-11-27T10:00:00.000Z', finishedBy: 'demo.coder', encounter }, { coder: 'demo.coder', releases: { icd10cm: 'FY2027' } }));
    expect(bundle).not.toContain('DocumentReference/local-1');
    expect(bundle).toContain('right inguinal hernia');
    const pulled = { ...encounter, status: 'to-do' as const, documents: [encounter.documents[0]], coding: { diagnoses: [], procedures: [] } };
    const merged = mergeWorklist(new Map([['enc-x', { ...pulled, documents: [...pulled.documents, local] }]]), [pulled], '2026-11-27T11:00:00.000Z');
    expect(merged.changed).toEqual([]);
  });
});
