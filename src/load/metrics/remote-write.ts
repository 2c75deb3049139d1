import snappy from 'snappyjs';
import type { MetricFamily } from './metric-family.js';

/**
 * The headers of a Prometheus remote-write request (protocol 1.0).
 */
export const REMOTE_WRITE_HEADERS = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
} as const;

/**
 * A Prometheus remote-write body: a `prometheus.WriteRequest` protobuf holding every sample
 * of the families at `timestampMs`, compressed with snappy's block format.
 *
 * The protobuf is written by hand: a WriteRequest is three nested messages of strings, one
 * double and one varint (remote.proto, types.proto), some 40 lines here against a protobuf
 * runtime every user would install; Prometheus' own decoding of it is what test/prometheus.test.ts checks.
 *
 * @example
 * ```ts
 * await fetch(url, { method: 'POST', headers: REMOTE_WRITE_HEADERS, body: remoteWriteBody(families, Date.now()) })
 * ```
 */
export function remoteWriteBody(families: readonly MetricFamily[], timestampMs: number): Uint8Array<ArrayBuffer> {
  const request = new ProtoWriter();
  for (const f of families)
    for (const s of f.samples) {
      const labels = Object.entries({ __name__: `${f.name}${s.suffix ?? ''}`, ...s.labels }).sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      const series = new ProtoWriter();
      for (const [name, value] of labels) series.message(1, new ProtoWriter().string(1, name).string(2, value));
      series.message(2, new ProtoWriter().double(1, s.value).varint(2, timestampMs));
      request.message(1, series);
    }
  return new Uint8Array(snappy.compress(request.bytes()));
}

/** Writes protobuf fields: varints, 64-bit doubles, strings and nested messages. */
class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }

  private rawVarint(n: number): this {
    const out: number[] = [];
    // Whole numbers up to 2^53: the timestamps in ms and lengths this writes.
    let v = n;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    return this.push(Uint8Array.from(out));
  }

  private tag(field: number, wireType: 0 | 1 | 2): this {
    return this.rawVarint(field * 8 + wireType);
  }

  varint(field: number, n: number): this {
    return this.tag(field, 0).rawVarint(n);
  }

  double(field: number, n: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, n, true);
    return this.tag(field, 1).push(b);
  }

  string(field: number, s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.tag(field, 2).rawVarint(b.length).push(b);
  }

  message(field: number, m: ProtoWriter): this {
    return this.tag(field, 2).rawVarint(m.size).push(m.bytes());
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.parts, this.size);
  }
}
