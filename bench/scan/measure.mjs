// Wall time and peak memory of one command, for bench/scan-bench.mjs.
//
// Peak RSS is the kernel's high-water mark, VmHWM in /proc/<pid>/status, read every 10 ms while
// the command runs. It covers all threads of a process (scan's worker threads included); child
// processes are found through /proc/<pid>/task/<tid>/children and their own high-water marks
// added, which bounds the peak from above when several processes run at once. Polling cannot
// see growth in the last 10 ms before exit. Chosen over `/usr/bin/time -f %M` (the Debian
// package `time` is often missing) and over process.resourceUsage() (it reports the calling
// process only; Node has no RUSAGE_CHILDREN). Linux only: elsewhere the peak is reported as null.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

const POLL_MS = 10;

function highWaterKb(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid) {
  const out = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // The process ended between two reads.
  }
  return out;
}

/**
 * Runs `command args` (no shell) with stdout to `stdout` (a path; /dev/null by default).
 * Resolves to { code, seconds, peakRssMB, stderr } (stderr: its last 64 KB).
 */
export function measure(command, args, { stdout = '/dev/null', cwd } = {}) {
  const procfs = existsSync('/proc/self/status');
  const outFd = openSync(stdout, 'w');
  const started = performance.now();
  const child = spawn(command, args, { cwd, stdio: ['ignore', outFd, 'pipe'] });
  closeSync(outFd);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s) => {
    stderr = (stderr + s).slice(-65536);
  });
  const peaks = new Map();
  const poll = () => {
    const seen = [child.pid];
    for (let i = 0; i < seen.length; i++) {
      const pid = seen[i];
      const hwm = highWaterKb(pid);
      if (hwm > (peaks.get(pid) ?? 0)) peaks.set(pid, hwm);
      seen.push(...childrenOf(pid));
    }
  };
  const timer = procfs ? setInterval(poll, POLL_MS) : null;
  if (procfs) poll();
  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      if (timer) clearInterval(timer);
      reject(e);
    });
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      let kb = 0;
      for (const v of peaks.values()) kb += v;
      resolve({ code, seconds, peakRssMB: procfs ? kb / 1024 : null, stderr });
    });
  });
}

/** True when `command` can be run (found on PATH, or an existing path). */
export async function available(command, args = ['--version']) {
  try {
    const { code } = await measure(command, args);
    return code === 0;
  } catch {
    return false;
  }
}
