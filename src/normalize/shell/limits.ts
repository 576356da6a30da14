/**
 * Bounds on the work done for one container command. Everything analysed here is attacker
 * controlled, so every recursion and every step that can amplify its input (variable expansion,
 * decoding, printf format reuse) has a fixed budget. A spent budget never throws: analysis falls
 * back to keeping text as written.
 *
 * The API server refuses objects over ~1.5 MiB (etcd's request limit), so the per-string cap is
 * set above that: padding a spec cannot push a payload past the point where analysis stops.
 */

/** Characters of one command line, script or Kubernetes-expanded argument list. */
export const MAX_INPUT_CHARS = 2 * 1024 * 1024;

/** Elements of `command` + `args` looked at. */
export const MAX_ARGV_ITEMS = 10_000;

/** Shells started by a script: `sh -c`, `eval`, `… | sh`, `su -c`, `socat exec:`. */
export const MAX_SCRIPT_DEPTH = 4;

/** Layers of decoding (base64 inside base64 …) followed. */
export const MAX_PAYLOAD_DEPTH = 3;

/** `$(…)`, backticks and `${…:-…}` nested inside one script; deeper ones are kept as text. */
export const MAX_SUBSTITUTION_NESTING = 8;

/** Bytes produced by all decoding (base64, hex, gunzip, escapes) for one analysis. */
export const MAX_DECODED_BYTES = 1024 * 1024;

/** Characters produced by `$VAR`/`${…}` expansion, so `X=$X$X` doubling stays bounded. */
export const MAX_EXPANSION_CHARS = 8 * 1024 * 1024;

/** Characters of script text lexed across all nested analyses (each script counts once). */
export const MAX_WORK_CHARS = 16 * 1024 * 1024;

/** Entries kept in each result list (commands, programs, pipelines, payloads, texts). */
export const MAX_RESULTS = 10_000;

/** Characters kept in each result list, so downstream rule matching stays bounded too. */
export const MAX_RESULT_CHARS = 16 * 1024 * 1024;

/** Wrapper programs (`env`, `sudo`, `nohup` …) unwrapped around one command. */
export const MAX_WRAPPERS = 8;
