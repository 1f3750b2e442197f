import { XMLValidator } from 'fast-xml-parser';
import { decodeUtf8Strictly } from '../common/utf8';

/**
 * A request body as jsyj's XML 1.0 parser reads it: UTF-8 (a byte sequence that is not UTF-8 is
 * refused, not replaced), only XML 1.0 characters, and only the five predefined entities or
 * character references to XML 1.0 characters. Null when the body is not such a document.
 */

const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const REFERENCE = /&([^;&]*);?/g;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

const isXmlChar = (cp: number): boolean => XML_CHAR.test(String.fromCodePoint(cp));

function referencesAreXml(xml: string): boolean {
  for (const [whole, name] of xml.matchAll(REFERENCE)) {
    if (!whole.endsWith(';')) return false;
    const numeric = /^#x([0-9a-fA-F]+)$/.exec(name) ?? /^#([0-9]+)$/.exec(name);
    if (numeric) {
      const cp = parseInt(numeric[1], name.startsWith('#x') ? 16 : 10);
      if (!(cp <= 0x10ffff && isXmlChar(cp))) return false;
    } else if (!PREDEFINED.has(name)) return false;
  }
  return true;
}

export function readXmlDocument(body: Buffer): string | null {
  let xml: string;
  try {
    xml = decodeUtf8Strictly(body);
  } catch {
    return null;
  }
  if (xml.trim() === '' || !XML_CHAR.test(xml) || !referencesAreXml(xml)) return null;
  return XMLValidator.validate(xml) === true ? xml : null;
}
