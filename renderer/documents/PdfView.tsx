import { useEffect, useRef, useState } from 'react';
import { browserPdfJs } from './local-documents';

interface RenderablePage {
  getViewport(o: { scale: number }): { width: number; height: number };
  render(o: { canvasContext: CanvasRenderingContext2D; viewport: unknown; canvas: HTMLCanvasElement }): { promise: Promise<void> };
}

/** The PDF as its author laid it out, page by page (pdf.js). The text view beside it is for find and evidence. */
export function PdfView({ name, bytes }: { name: string; bytes: Uint8Array }) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ pages: number; error?: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    const box = ref.current;
    if (!box) return;
    box.replaceChildren();
    void (async () => {
      try {
        const pdfjs = await browserPdfJs();
        const doc = (await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise) as unknown as { numPages: number; getPage(n: number): Promise<RenderablePage>; destroy(): Promise<void> };
        for (let n = 1; n <= doc.numPages && !cancelled; n++) {
          const page = await doc.getPage(n);
          const viewport = page.getViewport({ scale: 1.3 });
          const canvas = document.createElement('canvas');
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.setAttribute('aria-label', `${name}, page ${n}`);
          box.append(canvas);
          await page.render({ canvasContext: canvas.getContext('2d')!, viewport, canvas }).promise;
        }
        if (!cancelled) setState({ pages: doc.numPages });
        await doc.destroy();
      } catch (error) {
        if (!cancelled) setState({ pages: 0, error: (error as Error).message });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [name, bytes]);
  return (
    <div className="pdf-view" aria-label={`PDF: ${name}`} data-pages={state?.pages ?? 0}>
      {state?.error ? <p className="notice error">This PDF could not be shown: {state.error}</p> : null}
      <div ref={ref} className="pdf-pages" />
    </div>
  );
}
