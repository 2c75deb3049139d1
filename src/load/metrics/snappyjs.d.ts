// snappyjs ships no types; these are the one function lptf calls.
declare module 'snappyjs' {
  const snappy: {
    /** Compresses with snappy's block format (what Prometheus' remote write expects). */
    compress(input: Uint8Array): Uint8Array;
    uncompress(input: Uint8Array): Uint8Array;
  };
  export default snappy;
}
