import { readFileSync } from 'node:fs';
import path from 'node:path';
import { README_SECTIONS } from '../../schema/docs/readme-sections';
import { sectionText } from '../../schema/docs/readme-section';

const root = path.resolve(__dirname, '../..');

describe('the README', () => {
  it.each(README_SECTIONS.map((section) => [section.start, section]))("README's generated section %s is what the code declares (npm run readme-tables writes it)", (_start, section) => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(sectionText(readme, section)).toBe(section.render());
  });
});
