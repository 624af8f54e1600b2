import type { DocumentScannerName } from './config.ts';

/**
 * The scanning hook (F8): every upload passes a scanner after its type is known and
 * before it is stored. No scanner runs by default (none is installed here); `marker`
 * refuses files holding the EICAR anti-virus test string, so that the hook can be checked
 * end to end the way a real scanner (ClamAV through clamd, a cloud scanner …) would be
 * plugged in: implement DocumentScanner and return it from scannerFor().
 */

export type ScanVerdict = { clean: true } | { clean: false };

export interface DocumentScanner {
  readonly name: string;
  /** Throwing means "could not scan": the upload is refused (503), never stored unscanned. */
  scan(file: { bytes: Buffer; contentType: string }): Promise<ScanVerdict>;
}

export const noScanner: DocumentScanner = {
  name: 'none',
  async scan() {
    return { clean: true };
  },
};

/**
 * The EICAR test string, put together at run time so that this source file is not
 * itself taken for the test file by a scanner on a developer's machine.
 */
export function eicarTestString(): string {
  return ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');
}

export function markerScanner(marker = eicarTestString()): DocumentScanner {
  const needle = Buffer.from(marker, 'latin1');
  return {
    name: 'marker',
    async scan({ bytes }) {
      return bytes.includes(needle) ? { clean: false } : { clean: true };
    },
  };
}

export function scannerFor(name: DocumentScannerName): DocumentScanner {
  return name === 'marker' ? markerScanner() : noScanner;
}
