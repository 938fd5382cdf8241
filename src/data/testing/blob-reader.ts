/**
 * What dexie-export-import needs of a browser to read a backup Blob, for Node tests: `self`, and a
 * `FileReader` that reads a Blob as an ArrayBuffer (Node has Blob but no FileReader).
 */
class NodeFileReader {
  result: ArrayBuffer | null = null;
  error: unknown = null;
  onload: ((ev: { target: NodeFileReader }) => void) | null = null;
  onerror: ((ev: { target: NodeFileReader }) => void) | null = null;
  onabort: ((ev: { target: NodeFileReader }) => void) | null = null;

  readAsArrayBuffer(blob: Blob): void {
    blob.arrayBuffer().then(
      (buf) => {
        this.result = buf;
        this.onload?.({ target: this });
      },
      (e: unknown) => {
        this.error = e;
        this.onerror?.({ target: this });
      },
    );
  }
}

/** Installs `self` and `FileReader` on the global object when they are missing. */
export function installBlobReader(): void {
  const g = globalThis as Record<string, unknown>;
  g.self ??= globalThis;
  g.FileReader ??= NodeFileReader;
}
