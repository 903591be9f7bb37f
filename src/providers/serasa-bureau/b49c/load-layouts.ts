import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileEntrada, FLAG_PREFIX } from './compile-entrada.js';
import { compileLayout } from './compile-layout.js';
import { LayoutError } from './layout-error.js';
import {
  HEADER_TYPE,
  recordKey,
  type LayoutFamily,
  type LayoutSet,
  type RecordLayout,
} from './layout-types.js';
import { readEntradaFile, readLayoutFile } from './read-layout-xml.js';

/**
 * `layouts/serasa-bureau/` at the repository root. This module sits four folders down both in
 * `src/` (run with tsx) and in `dist/` (compiled), so one relative URL serves both.
 */
export const DEFAULT_LAYOUT_DIR = fileURLToPath(
  new URL('../../../../layouts/serasa-bureau/', import.meta.url),
);
export const ENTRADA_FILE = 'entrada.xml';

let defaults: LayoutSet | undefined;

/** The shipped layouts, loaded and validated once per process. */
export function defaultLayouts(): LayoutSet {
  return (defaults ??= loadLayouts(DEFAULT_LAYOUT_DIR));
}

/**
 * Loads every `*.xml` of a folder: `entrada.xml` (the input keys), `saida_*.xml` (response
 * records) and any other file (request records: the B49C header and the options, which
 * responses echo). Serasa's or Intellector's own files can be dropped in as they are.
 */
export function loadLayouts(dir: string): LayoutSet {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.toLowerCase().endsWith('.xml'));
  } catch {
    throw new LayoutError('layouts', 'pasta de layouts ilegivel', dir);
  }
  names.sort();
  const layouts = names
    .filter((name) => name !== ENTRADA_FILE)
    .map((name) => compileLayout(readLayoutFile(join(dir, name))));
  const headers = layouts.filter((layout) => layout.registro === HEADER_TYPE);
  const cabecalho = headers[0];
  if (cabecalho === undefined || headers.length > 1) {
    throw new LayoutError(HEADER_TYPE, 'esperado exatamente um layout do cabecalho B49C', dir);
  }
  const requests = layouts.filter((l) => l.direcao === 'entrada' && l.registro !== HEADER_TYPE);
  for (const layout of requests) {
    if (layout.subtipoTamanho > 0) {
      throw new LayoutError(layout.registro, 'registro de pedido nao tem subtipo', layout.file);
    }
  }
  const entrada = names.includes(ENTRADA_FILE)
    ? compileEntrada(ENTRADA_FILE, readEntradaFile(join(dir, ENTRADA_FILE)), [
        cabecalho,
        ...requests,
      ])
    : [];
  const flagOrder = entrada.map((field) => field.key);
  const position = (layout: RecordLayout) => {
    const at = flagOrder.indexOf(FLAG_PREFIX + layout.registro);
    return at === -1 ? flagOrder.length : at;
  };
  return {
    dir,
    cabecalho,
    opcoes: [...requests].sort((a, b) => position(a) - position(b)),
    familias: buildFamilies(layouts.filter((layout) => layout !== cabecalho)),
    layouts,
    entrada,
  };
}

/** Groups layouts by record type; a family's sub-type sits in one place for all its layouts. */
function buildFamilies(layouts: readonly RecordLayout[]): Map<number, LayoutFamily> {
  const groups = new Map<string, RecordLayout[]>();
  for (const layout of layouts) {
    const group = groups.get(layout.registro) ?? [];
    group.push(layout);
    groups.set(layout.registro, group);
  }
  const families = new Map<number, LayoutFamily>();
  for (const [registro, group] of groups) {
    const withSubtipo = group.find((layout) => layout.subtipoTamanho > 0);
    const porSubtipo = new Map<string, RecordLayout>();
    let geral: RecordLayout | undefined;
    for (const layout of group) {
      if (
        withSubtipo !== undefined &&
        (layout.subtipoInicio !== withSubtipo.subtipoInicio ||
          layout.subtipoTamanho !== withSubtipo.subtipoTamanho)
      ) {
        throw new LayoutError(
          registro,
          `subtipo em posicao diferente de ${withSubtipo.file}`,
          layout.file,
        );
      }
      const taken = layout.subtipo === undefined ? geral : porSubtipo.get(layout.subtipo);
      if (taken !== undefined) {
        throw new LayoutError(registro, `mesmo registro e subtipo que ${taken.file}`, layout.file);
      }
      if (layout.subtipo === undefined) geral = layout;
      else porSubtipo.set(layout.subtipo, layout);
    }
    families.set(recordKey(registro, 0), {
      registro,
      subtipoInicio: withSubtipo?.subtipoInicio ?? 4,
      subtipoTamanho: withSubtipo?.subtipoTamanho ?? 0,
      porSubtipo,
      geral,
    });
  }
  return families;
}
