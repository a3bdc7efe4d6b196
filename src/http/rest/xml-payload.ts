import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../domain/errors.js';

/** Deepest element nesting a REST payload may have (a tenant document needs 3). */
export const MAX_XML_DEPTH = 32;

const WRAPPER = 'payload';
const TEXT = '#text';
const CDATA = '#cdata';

// Entities off: no DTD is ever read, so nothing can expand; the five predefined entities and character
// references are decoded below, by hand, after the structure is known.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  textNodeName: TEXT,
  cdataPropName: CDATA,
  maxNestedTags: MAX_XML_DEPTH + 1,
});

const malformed = (message: string) => new AppError('malformed_payload', message);

/**
 * Parses an XML request body into plain objects (elements → properties, repeated elements → arrays, text →
 * strings). Refuses DTDs and entity declarations, undeclared entities, deep nesting and anything not well
 * formed. Sibling elements after the root are kept, because the spec's own create sample puts `<appList>`
 * after `</platform>`.
 */
export function parseXmlPayload(text: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw malformed('DOCTYPE and ENTITY declarations are not accepted.');
  const body = text.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^>]*\?>/, '');
  if (!body.trim()) throw malformed('The request body is empty; an XML document was expected.');
  const wrapped = `<${WRAPPER}>${body}</${WRAPPER}>`;
  const verdict = XMLValidator.validate(wrapped);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    // Positions and names refer to the wrapper element added above; speak of the client's own document.
    const message = msg.replace(`instead of closing tag '${WRAPPER}'`, 'before the end of the document').replace(/ \(opened in line \d+, col \d+\)/, '');
    throw malformed(`The XML is not well formed: ${message} (line ${line}, column ${line === 1 ? Math.max(1, col - WRAPPER.length - 2) : col}).`);
  }
  let parsed: unknown;
  try {
    parsed = (parser.parse(wrapped) as Record<string, unknown>)[WRAPPER];
  } catch (error) {
    throw malformed(/nested/i.test(String(error)) ? `The XML nests elements deeper than ${MAX_XML_DEPTH} levels.` : 'The XML could not be read.');
  }
  const document = decode(parsed);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw malformed('The request body holds no XML element.');
  return document as Record<string, unknown>;
}

/** Decodes entities in every text and folds text and CDATA parts of an element into one string. */
function decode(node: unknown): unknown {
  if (typeof node === 'string') return decodeEntities(node);
  if (Array.isArray(node)) return node.map(decode);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node as Record<string, unknown>);
  const children = entries.filter(([key]) => key !== TEXT && key !== CDATA);
  const text = decodeEntities(textOf((node as Record<string, unknown>)[TEXT]));
  const cdata = textOf((node as Record<string, unknown>)[CDATA]);
  if (children.length === 0) return text + cdata;
  // Whitespace between elements is layout; other text beside elements (mixed content) is not a value we read.
  if (text.trim() || cdata.trim()) throw malformed('An element holds both text and elements.');
  return Object.fromEntries(children.map(([key, value]) => [key, decode(value)]));
}

function textOf(value: unknown): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.map(String).join('') : String(value);
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g;

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  if (/&(?!(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot|apos);)/.test(text)) {
    throw malformed('The XML uses an entity that is not declared (only &lt; &gt; &amp; &quot; &apos; and character references are known).');
  }
  return text.replace(REFERENCE, (_match, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return PREDEFINED[name]!;
    const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
    const allowed =
      codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd || (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
      (codePoint >= 0xe000 && codePoint <= 0xfffd) || (codePoint >= 0x10000 && codePoint <= 0x10ffff);
    if (!allowed) throw malformed(`The XML refers to a character that XML does not allow (${codePoint}).`);
    return String.fromCodePoint(codePoint);
  });
}
