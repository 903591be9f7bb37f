import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LayoutError } from './layout-error.js';

/** A `<field>` of a layout file, as written (not yet validated). */
export interface RawField {
  id: string;
  value: string;
  size: string;
  type: string;
  format: string | undefined;
}

/** A layout file: the root element's attributes and its fields. */
export interface RawLayout {
  file: string;
  attributes: Record<string, string>;
  fields: RawField[];
}

/** An `<entrada>` `<field description type format ...>KEY</field>`, as written. */
export interface RawEntradaField {
  key: string;
  attributes: Record<string, string>;
}

// Values are kept untrimmed and unparsed: `<value> </value>` is a blank, `0000` is not the number 0.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  isArray: (_name, jpath) => String(jpath).endsWith('.field'),
});

export function readLayoutFile(path: string): RawLayout {
  const file = basename(path);
  const root = readRoot(path);
  const fields = asArray(root.field).map((field, i) => {
    if (!isRecord(field)) throw new LayoutError(`field ${i + 1}`, 'campo sem <id>', file);
    const id = text(field.id).trim();
    if (id === '') throw new LayoutError(`field ${i + 1}`, 'campo sem <id>', file);
    return {
      id,
      value: text(field.value),
      size: text(field.size).trim(),
      type: text(field.type).trim(),
      format: field.format === undefined ? undefined : text(field.format).trim(),
    };
  });
  return { file, attributes: attributesOf(root), fields };
}

export function readEntradaFile(path: string): RawEntradaField[] {
  const file = basename(path);
  return asArray(readRoot(path).field).map((field, i) => {
    const key = isRecord(field) ? text(field['#text']).trim() : text(field).trim();
    if (key === '') throw new LayoutError(`field ${i + 1}`, 'chave de entrada vazia', file);
    return { key, attributes: isRecord(field) ? attributesOf(field) : {} };
  });
}

/** The document's root element: any name (`serasa-bureau`, `serasa-relato`, `entrada`). */
function readRoot(path: string): Record<string, unknown> {
  const file = basename(path);
  const xml = decodeXml(readFileSync(path));
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new LayoutError('XML', `linha ${valid.err.line}: ${valid.err.msg}`, file);
  }
  const document = parser.parse(xml) as Record<string, unknown>;
  const roots = Object.entries(document).filter(([name]) => !name.startsWith('?'));
  const root = roots[0]?.[1];
  if (roots.length !== 1 || !isRecord(root)) {
    throw new LayoutError('XML', 'esperado um elemento raiz com <field>', file);
  }
  return root;
}

/** Serasa's files declare ISO-8859-1; ours with accents declare UTF-8. Honour the declaration. */
function decodeXml(bytes: Buffer): string {
  const declaration = /^<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(
    bytes.subarray(0, 200).toString('latin1'),
  );
  return bytes.toString(/^utf-?8$/i.test(declaration?.[1] ?? '') ? 'utf8' : 'latin1');
}

function attributesOf(node: Record<string, unknown>): Record<string, string> {
  const group = node['@'];
  const attributes: Record<string, string> = {};
  if (!isRecord(group)) return attributes;
  for (const [name, value] of Object.entries(group)) {
    if (typeof value === 'string') attributes[name] = value;
  }
  return attributes;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Element text: a string, or the `#text` of an element that also holds comments or children. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value['#text'] === 'string') return value['#text'];
  return '';
}
