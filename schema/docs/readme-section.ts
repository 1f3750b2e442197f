/** A README section between two markers, generated from code and checked by a test. */
export interface GeneratedSection {
  readonly start: string;
  readonly end: string;
  render(): string;
}

export function sectionText(readme: string, section: GeneratedSection): string {
  const start = readme.indexOf(section.start);
  const end = readme.indexOf(section.end);
  if (start < 0 || end < start) throw new Error(`the README has no ${section.start} … ${section.end} section`);
  return readme.slice(start + section.start.length, end).trim();
}

/** `readme` with the text between the section's markers replaced by what it renders now. */
export function withSection(readme: string, section: GeneratedSection): string {
  sectionText(readme, section);
  const start = readme.indexOf(section.start) + section.start.length;
  return `${readme.slice(0, start)}\n${section.render()}\n${readme.slice(readme.indexOf(section.end))}`;
}
