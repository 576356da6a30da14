import type { ScanIo } from '../../src/cli/commands/scan.js';

/** An IO that records what a command writes, for commands that take one. */
export function recordingIo(): ScanIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (s) => (out += s),
    err: (s) => (err += s),
    errIsTty: false,
    outIsTty: false,
    stdout: () => out,
    stderr: () => err,
  };
}
