/**
 * The web-platform globals core/ may use: present alike in Node 20+, browsers and web
 * workers. Declared here (not taken from the DOM or Node typings) so that core/ cannot start
 * depending on anything else by accident.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
// `var` so that it is also a property of globalThis, as in every runtime.
// eslint-disable-next-line no-var
declare var crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> } };
