// Runs the real `cronwarden` entry point from source under vite-node for process-level tests.
// vite-node's own SIGTERM/SIGINT listeners exit the process at once (status 143); they are
// removed so the signals reach cronwarden's graceful shutdown, as they do in the built CLI.
process.removeAllListeners('SIGTERM');
process.removeAllListeners('SIGINT');
await import('../../src/cli/main.js');
