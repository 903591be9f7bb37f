// Issue 6: B49C codec throughput on a 60-record response, side by side in one process with
// fixed-width-parser (npm) on the same layout, a bare String.prototype.slice loop over the same
// field offsets (the practical ceiling for producing JS strings) and a Buffer.latin1Slice loop.
// Contenders alternate inside every round and each reports its median round: this 2-core
// machine drifts by up to 2x within minutes.
import { FixedWidthParser } from 'fixed-width-parser';
import {
  decodeResponse,
  defaultLayouts,
  encodeRecord,
  type RecordLayout,
} from '../src/providers/serasa-bureau/b49c/index.js';
import type { Goal } from './report.js';
import { round } from './stats.js';

export interface Rate {
  /** Data records (the 60, header and trailer not counted) per second, median round. */
  recordsPerSecond: number;
  /** Response bytes per second, median round. */
  mbPerSecond: number;
  roundsRecordsPerSecond: number[];
}

export interface B49cCodecResult {
  layout: string;
  records: number;
  responseBytes: number;
  fieldsPerRecord: number;
  rounds: number;
  roundMs: number;
  decode: {
    ours: Rate;
    oursFromBuffer: Rate;
    fixedWidthParser: Rate;
    /** Context: the 60 records alone, without the 53-field header that costs it most. */
    fixedWidthParserRecordsOnly: Rate;
    sliceLoop: Rate;
    latin1SliceLoop: Rate;
  };
  encode: { ours: Rate; fixedWidthParser: Rate; padLoop: Rate };
  ratios: {
    decodeVsFixedWidthParser: number;
    decodeVsSliceLoop: number;
    encodeVsFixedWidthParser: number;
    encodeVsPadLoop: number;
  };
}

export interface B49cCodecOptions {
  rounds?: number;
  roundMs?: number;
}

const RECORDS = 60;
const DECODE_MIN_VS_FWP = 2;
const DECODE_MIN_VS_SLICE = 0.5;

type Values = Record<string, string>;

/** The latest result of every contender, out of the optimiser's reach. */
export let kept: unknown;

/** Values that fill every field of a B354 (consulta) record, varied per record. */
function recordValues(layout: RecordLayout, n: number): Values {
  const values: Values = {};
  for (const [i, id] of layout.ids.entries()) {
    if (i === 0) continue;
    const size = layout.ends[i] - layout.starts[i];
    values[id] =
      layout.types[i] === 'N'
        ? String((n * 7919 + i * 104729) % 10 ** Math.min(size, 9))
        : `EMPRESA ${n} CAMPO ${i}`.slice(0, size);
  }
  values.B354_DTOCORR = `202${n % 10}0${1 + (n % 9)}1${n % 10}`;
  return values;
}

/** A fixed-width-parser config for a layout: strings, S padded at the end, N zero-padded. */
function fwpConfig(layout: RecordLayout) {
  return layout.ids.map((name, i) => ({
    type: 'string' as const,
    name,
    start: layout.starts[i],
    width: layout.ends[i] - layout.starts[i],
    padPosition: layout.types[i] === 'N' ? ('start' as const) : ('end' as const),
    padChar: layout.types[i] === 'N' ? '0' : ' ',
  }));
}

interface Plan {
  starts: Int32Array;
  ends: Int32Array;
}

/** Runs `work` for about `ms`, in batches, and returns responses per second. */
function measure(work: () => number, ms: number, sink: { value: number }): number {
  let done = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 50; i++) sink.value += work();
    done += 50;
    elapsed = performance.now() - started;
  }
  return (done * 1000) / elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function benchB49cCodec(options: B49cCodecOptions = {}): B49cCodecResult {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 400;
  const layouts = defaultLayouts();
  const header = layouts.cabecalho;
  const b354 = layouts.layouts.find((layout) => layout.registro === 'B354')!;
  const t999 = layouts.layouts.find((layout) => layout.registro === 'T999')!;

  const headerValues: Values = { B49C_NUM_DOC: '191', B49C_FUNCAO: 'FIM', B49C_TOTAL_REG: '0061' };
  const values = Array.from({ length: RECORDS }, (_, n) => recordValues(b354, n));
  const trailerValues: Values = {
    T999_CODIGO: '000',
    T999_MENSAGEM: 'PROCESSO ENCERRADO NORMALMENTE',
  };
  const encodeOurs = () =>
    encodeRecord(header, headerValues) +
    values.map((v) => encodeRecord(b354, v)).join('') +
    encodeRecord(t999, trailerValues);
  const text = encodeOurs();
  const buffer = Buffer.from(text, 'latin1');
  const latin1 = buffer as Buffer & { latin1Slice(start: number, end: number): string };
  if (decodeResponse(text).registros.length !== RECORDS)
    throw new Error('bench response is malformed');

  // fixed-width-parser reads lines: the same records, one per line, and the header and trailer alone.
  const fwpHeader = new FixedWidthParser(fwpConfig(header));
  const fwpRecord = new FixedWidthParser(fwpConfig(b354));
  const fwpTrailer = new FixedWidthParser(fwpConfig(t999));
  const lines = Array.from({ length: RECORDS }, (_, n) => text.slice(400 + n * 115, 515 + n * 115));
  const fwpInput = {
    header: text.slice(0, 400),
    records: lines.join('\n'),
    trailer: text.slice(-115),
  };

  const plans: Plan[] = [header, b354, t999];
  const out: string[] = new Array<string>(
    header.ids.length + RECORDS * b354.ids.length + t999.ids.length,
  );
  // Two copies of one loop, each with its slice written inline: a shared loop taking the slice as
  // a callback would be a polymorphic call and slow the ceiling down.
  const sliceLoop = () => {
    let k = 0;
    let offset = 0;
    for (let r = 0; r < RECORDS + 2; r++) {
      const { starts, ends } = r === 0 ? plans[0] : r === RECORDS + 1 ? plans[2] : plans[1];
      for (let i = 0; i < starts.length; i++)
        out[k++] = text.slice(offset + starts[i], offset + ends[i]);
      offset += r === 0 ? 400 : 115;
    }
    return k;
  };
  const latin1SliceLoop = () => {
    let k = 0;
    let offset = 0;
    for (let r = 0; r < RECORDS + 2; r++) {
      const { starts, ends } = r === 0 ? plans[0] : r === RECORDS + 1 ? plans[2] : plans[1];
      for (let i = 0; i < starts.length; i++) {
        out[k++] = latin1.latin1Slice(offset + starts[i], offset + ends[i]);
      }
      offset += r === 0 ? 400 : 115;
    }
    return k;
  };
  const padLoop = (layout: RecordLayout, v: Values) => {
    let line = layout.registro;
    for (let i = 1; i < layout.ids.length; i++) {
      const size = layout.ends[i] - layout.starts[i];
      const value = v[layout.ids[i]] ?? layout.defaults[i];
      line += layout.types[i] === 'N' ? value.padStart(size, '0') : value.padEnd(size, ' ');
    }
    return line;
  };

  // Each result is kept where the optimiser cannot prove it unused, so no slice is skipped.
  const keep = <T>(value: T): T => (kept = value);
  const contenders: Record<string, () => number> = {
    decodeOurs: () => keep(decodeResponse(text, layouts)).registros.length,
    decodeOursFromBuffer: () => keep(decodeResponse(buffer, layouts)).registros.length,
    decodeFwp: () =>
      keep(fwpHeader.parse(fwpInput.header)).length +
      keep(fwpRecord.parse(fwpInput.records)).length +
      keep(fwpTrailer.parse(fwpInput.trailer)).length,
    decodeFwpRecordsOnly: () => keep(fwpRecord.parse(fwpInput.records)).length,
    decodeSlice: sliceLoop,
    decodeLatin1Slice: latin1SliceLoop,
    encodeOurs: () => keep(encodeOurs()).length,
    encodeFwp: () =>
      keep(fwpHeader.unparse([headerValues])).length +
      keep(fwpRecord.unparse(values)).length +
      keep(fwpTrailer.unparse([trailerValues])).length,
    encodePad: () =>
      keep(
        padLoop(header, headerValues) +
          values.map((v) => padLoop(b354, v)).join('') +
          padLoop(t999, trailerValues),
      ).length,
  };
  const sink = { value: 0 };
  const perSecond: Record<string, number[]> = {};
  for (const work of Object.values(contenders)) measure(work, 100, sink);
  for (let r = 0; r < rounds; r++) {
    // A different starting contender each round, so none always runs first after a pause.
    const names = Object.keys(contenders);
    const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
    for (const name of order)
      (perSecond[name] ??= []).push(measure(contenders[name], roundMs, sink));
  }
  if (sink.value === 0) throw new Error('bench sink is empty');

  const rate = (name: string): Rate => ({
    recordsPerSecond: Math.round(median(perSecond[name]) * RECORDS),
    mbPerSecond: round((median(perSecond[name]) * text.length) / 1e6, 1),
    roundsRecordsPerSecond: perSecond[name].map((value) => Math.round(value * RECORDS)),
  });
  const decode = {
    ours: rate('decodeOurs'),
    oursFromBuffer: rate('decodeOursFromBuffer'),
    fixedWidthParser: rate('decodeFwp'),
    fixedWidthParserRecordsOnly: rate('decodeFwpRecordsOnly'),
    sliceLoop: rate('decodeSlice'),
    latin1SliceLoop: rate('decodeLatin1Slice'),
  };
  const encode = {
    ours: rate('encodeOurs'),
    fixedWidthParser: rate('encodeFwp'),
    padLoop: rate('encodePad'),
  };
  const ratio = (a: Rate, b: Rate) => round(a.recordsPerSecond / b.recordsPerSecond, 2);
  return {
    layout: `B49C header + ${RECORDS} × B354 + T999`,
    records: RECORDS,
    responseBytes: text.length,
    fieldsPerRecord: b354.ids.length,
    rounds,
    roundMs,
    decode,
    encode,
    ratios: {
      decodeVsFixedWidthParser: ratio(decode.ours, decode.fixedWidthParser),
      decodeVsSliceLoop: ratio(decode.ours, decode.sliceLoop),
      encodeVsFixedWidthParser: ratio(encode.ours, encode.fixedWidthParser),
      encodeVsPadLoop: ratio(encode.ours, encode.padLoop),
    },
  };
}

/** Issue 6's goal: decode at least 2x fixed-width-parser and 50% of the bare slice loop. */
export function b49cGoals(
  result: B49cCodecResult | { error: string } | undefined,
): Record<string, Goal> {
  if (result === undefined) return {};
  const criterion = `B49C decode >= ${DECODE_MIN_VS_FWP}x fixed-width-parser and >= ${DECODE_MIN_VS_SLICE * 100}% of a bare slice loop (60-record response)`;
  if ('error' in result)
    return { b49c_codec: { criterion, actual: { error: result.error }, met: false } };
  const { decodeVsFixedWidthParser, decodeVsSliceLoop } = result.ratios;
  return {
    b49c_codec: {
      criterion,
      actual: { decodeVsFixedWidthParser, decodeVsSliceLoop },
      met:
        decodeVsFixedWidthParser >= DECODE_MIN_VS_FWP && decodeVsSliceLoop >= DECODE_MIN_VS_SLICE,
    },
  };
}

export function b49cMarkdown(result: B49cCodecResult | { error: string }): string {
  if ('error' in result) return `### B49C codec\n\nerror: ${result.error}`;
  const row = (name: string, rate: Rate, vs: string) =>
    `| ${name} | ${rate.recordsPerSecond.toLocaleString('en-US')} | ${rate.mbPerSecond} | ${vs} | ${rate.roundsRecordsPerSecond.join(', ')} |`;
  const { decode, encode } = result;
  const of = (a: Rate, b: Rate) => `${round(a.recordsPerSecond / b.recordsPerSecond, 2)}x`;
  return [
    `### B49C codec (${result.layout}, ${result.responseBytes} bytes, ${result.rounds} rounds of ${result.roundMs} ms)`,
    '',
    '| contender | records/s (median) | MB/s | ours / this | rounds records/s |',
    '| --- | --- | --- | --- | --- |',
    row('decode: ours (string)', decode.ours, '1x'),
    row('decode: ours (Buffer)', decode.oursFromBuffer, of(decode.ours, decode.oursFromBuffer)),
    row(
      'decode: fixed-width-parser',
      decode.fixedWidthParser,
      of(decode.ours, decode.fixedWidthParser),
    ),
    row(
      'decode: fixed-width-parser, the 60 records alone',
      decode.fixedWidthParserRecordsOnly,
      of(decode.ours, decode.fixedWidthParserRecordsOnly),
    ),
    row('decode: bare slice loop', decode.sliceLoop, of(decode.ours, decode.sliceLoop)),
    row(
      'decode: Buffer.latin1Slice loop',
      decode.latin1SliceLoop,
      of(decode.ours, decode.latin1SliceLoop),
    ),
    row('encode: ours', encode.ours, '1x'),
    row(
      'encode: fixed-width-parser unparse',
      encode.fixedWidthParser,
      of(encode.ours, encode.fixedWidthParser),
    ),
    row('encode: bare padStart/padEnd loop', encode.padLoop, of(encode.ours, encode.padLoop)),
  ].join('\n');
}
