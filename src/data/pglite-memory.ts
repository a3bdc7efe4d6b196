/**
 * PostgreSQL's memory settings for the embedded engine. PGlite keeps PostgreSQL's server defaults, made for a
 * machine of its own: `shared_buffers` = 128 MB. Inside WebAssembly that pool is not shared memory the kernel
 * maps on demand: Emscripten's anonymous mmap allocates it on the module's heap and zeroes it, so all of it is
 * resident from the first start on (with `wal_buffers`, a 32nd of it) — the largest part of the embedded
 * engine's resident memory. The data files are read through Node's file system and so are cached by the
 * operating system anyway; a pool of a few megabytes holds the hot pages (indexes, catalogue) of a data set
 * this engine is meant for.
 */
export function embeddedMemoryParams(sharedBuffersMb: number): string[] {
  return ['-c', `shared_buffers=${sharedBuffersMb}MB`];
}

/** The default `shared_buffers` of the embedded engine, in MB (`EMBEDDED_SHARED_BUFFERS_MB`). */
export const DEFAULT_EMBEDDED_SHARED_BUFFERS_MB = 16;
