/** Where a command writes, so tests can capture it; the process's streams by default. */
export interface ScanIo {
  out: (s: string) => void;
  err: (s: string) => void;
  errIsTty: boolean;
  outIsTty: boolean;
}

export const processIo: ScanIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  errIsTty: process.stderr.isTTY === true,
  outIsTty: process.stdout.isTTY === true,
};
