// What the import worker and its pool share about streamed chunks (see worker.ts).

/** Index in the shared acks array: how many chunks the main thread has stored so far. */
export const ACK_STORED = 0;
/** Index in the shared acks array: non-zero once the main thread gave up on the read. */
export const ACK_CANCELLED = 1;
/** Chunks the worker may send ahead of the ones stored: bounds the memory a fast reader can fill. */
export const CHUNKS_IN_FLIGHT = 4;
