/**
 * The answer of a REST call as one tree, written out as XML or as its JSON mirror (COMPAT-NOTES B):
 * elements become properties in document order, scalars are strings, an element with attributes becomes
 * an object with the attributes as keys and its text as `content`, a list of records becomes sibling
 * elements in XML and an array in JSON.
 */
export type RestValue = string | Attributed | RecordList | RestElement;

export interface RestElement {
  readonly [name: string]: RestValue | undefined;
}

/** An element with attributes (`<owner_id type="" uri="…" displayValue="Admin">5</owner_id>`). */
export class Attributed {
  constructor(
    readonly attributes: Readonly<Record<string, string>>,
    readonly text: string,
  ) {}
}

/** Records of one kind, side by side (`<tenant>…</tenant><tenant>…</tenant>`). */
export class RecordList {
  constructor(readonly items: readonly RestElement[]) {}
}

export interface JsonOptions {
  /** AgileApps' quirk: a list with exactly one record is written as that record, and an empty list is left out. */
  strict: boolean;
}

export function toJson(root: string, element: RestElement, options: JsonOptions): string {
  return JSON.stringify({ [root]: jsonOf(element, options) });
}

function jsonOf(value: RestValue, options: JsonOptions): unknown {
  if (typeof value === 'string') return value;
  if (value instanceof Attributed) return { ...value.attributes, content: value.text };
  if (value instanceof RecordList) {
    const items = value.items.map((item) => jsonOf(item, options));
    return options.strict && items.length === 1 ? items[0] : items;
  }
  const result: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    if (child === undefined) continue;
    if (options.strict && child instanceof RecordList && child.items.length === 0) continue;
    result[name] = jsonOf(child, options);
  }
  return result;
}

export function toXml(root: string, element: RestElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  writeElement(lines, root, element, '');
  return `${lines.join('\n')}\n`;
}

function writeElement(lines: string[], name: string, value: RestValue, indent: string): void {
  if (value instanceof RecordList) {
    for (const item of value.items) writeElement(lines, name, item, indent);
    return;
  }
  if (typeof value === 'string') {
    lines.push(value === '' ? `${indent}<${name}/>` : `${indent}<${name}>${escapeText(value)}</${name}>`);
    return;
  }
  if (value instanceof Attributed) {
    const attributes = Object.entries(value.attributes)
      .map(([key, text]) => ` ${key}="${escapeAttribute(text)}"`)
      .join('');
    lines.push(value.text === '' ? `${indent}<${name}${attributes}/>` : `${indent}<${name}${attributes}>${escapeText(value.text)}</${name}>`);
    return;
  }
  const children = Object.entries(value).filter((entry): entry is [string, RestValue] => entry[1] !== undefined);
  if (children.length === 0) {
    lines.push(`${indent}<${name}/>`);
    return;
  }
  lines.push(`${indent}<${name}>`);
  for (const [childName, child] of children) writeElement(lines, childName, child, `${indent}  `);
  lines.push(`${indent}</${name}>`);
}

// Characters XML 1.0 cannot carry at all (stored data may hold them if written by another surface).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeText(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
