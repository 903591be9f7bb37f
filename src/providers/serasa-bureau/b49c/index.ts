// The B49C layout engine: Serasa's legacy host-to-host fixed-width protocol as the Intellector
// plugin drives it (seed 002), layouts read from XML. Transport, continuation and audit build
// on this API.
export { LayoutError } from './layout-error.js';
export {
  HEADER_SIZE,
  RECORD_SIZE,
  REQUEST_TRAILER,
  recordKey,
  type EntradaField,
  type EntradaType,
  type FieldType,
  type LayoutFamily,
  type LayoutSet,
  type RecordLayout,
} from './layout-types.js';
export { DEFAULT_LAYOUT_DIR, defaultLayouts, loadLayouts } from './load-layouts.js';
export { encodeRecord, fitField, toAscii } from './encode-record.js';
export { encodeRequest, encodeRequestText, type Entrada } from './encode-request.js';
export {
  DecodedRecord,
  decodeResponse,
  type DecodedResponse,
  type ErroConsistencia,
  type MensagemInformativa,
  type Situacao,
  type Trailer,
} from './decode-response.js';
export { convertField, type TypedValue } from './convert-field.js';
export { toFlatMap, type FlatMapOptions } from './to-flat-map.js';
export {
  toStructured,
  type RegistroEstruturado,
  type RespostaEstruturada,
} from './to-structured.js';
