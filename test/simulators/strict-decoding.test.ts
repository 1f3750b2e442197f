import iconv from 'iconv-lite';
import { FormNotGbk, parseForm } from '../../simulators/anhui/form';
import { decodeUtf8Strictly } from '../../simulators/common/utf8';
import { readXmlDocument } from '../../simulators/jiangsu/strict-xml';

/** The simulators read what they are sent as the documents say, so that a garbled or invalid body shows up in tests. */

const gbkEscaped = (text: string): string => [...iconv.encode(text, 'gbk')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

describe('Anhui forms', () => {
  it('are GBK behind the percent-escapes, 堃 and 喆 included, spaces and newlines kept', () => {
    const form = parseForm(Buffer.from(`sjbt=${gbkEscaped(' 王堃、张喆\t泄漏\n')}&bz=crid%3Aa+b`, 'latin1'));
    expect(Object.fromEntries(form)).toEqual({ sjbt: ' 王堃、张喆\t泄漏\n', bz: 'crid:a b' });
  });

  it('are refused when their bytes are no GBK text, rather than stored garbled', () => {
    expect(() => parseForm(Buffer.from('lxr=%81', 'latin1'))).toThrow(FormNotGbk);
    expect(() => parseForm(Buffer.from('lxr=%CD%F5%FF', 'latin1'))).toThrow(FormNotGbk);
  });
});

describe('Jiangsu XML', () => {
  const doc = (title: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Request><TITLE>${title}</TITLE></Request>`, 'utf8');

  it('reads XML 1.0 in UTF-8, characters outside the BMP, the five entities and character references', () => {
    expect(readXmlDocument(doc(' 𠮷野家🔥 &amp; &lt;&#x41;&#66;&gt;\t\n'))).not.toBeNull();
  });

  it.each([
    ['a control character', doc('a\u0000b')],
    ['U+FFFE', doc('a\uFFFEb')],
    ['a reference to a control character', doc('a&#7;b')],
    ['a reference to U+FFFF', doc('a&#xFFFF;b')],
    ['an entity XML does not declare', doc('a&nbsp;b')],
    ['a bare ampersand', doc('a & b')],
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from('<Request><TITLE>'), Buffer.from([0xcd, 0xf5]), Buffer.from('</TITLE></Request>')])],
    ['a body that is not well formed', Buffer.from('<Request><TITLE>x</Request>')],
    ['an empty body', Buffer.from('  ')],
  ])('refuses %s', (_what, body) => {
    expect(readXmlDocument(body)).toBeNull();
  });
});

describe('UTF-8 JSON bodies (Shanghai, Zhejiang)', () => {
  it('are decoded strictly: bytes that are not UTF-8 throw instead of turning into U+FFFD', () => {
    expect(decodeUtf8Strictly(Buffer.from('{"bt":"𠮷"}', 'utf8'))).toBe('{"bt":"𠮷"}');
    expect(() => decodeUtf8Strictly(iconv.encode('{"bt":"王堃"}', 'gbk'))).toThrow();
  });
});
