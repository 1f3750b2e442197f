import type { Browser } from 'playwright-core';
import type { Federation } from '../../support/federation';
import { alertOf, feedMark, startPushFederation, touch } from './harness';
import { launchChromium } from '../../support/chromium';

let fed: Federation;
let browser: Browser;

beforeAll(async () => {
  fed = await startPushFederation();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await fed?.close();
});

describe('GraphiQL runs subscriptions', () => {
  it('shows a warning change arriving live in the response pane', async () => {
    const target = alertOf(fed, 'JS', 6);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(fed.url);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 20_000 });
    await page.evaluate((query) => {
      const { document } = globalThis as unknown as { document: { querySelector(s: string): { CodeMirror: { setValue(v: string): void } } } };
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(query);
    }, 'subscription Live { warningChanges(filter: { provinces: [JS] }) { id kind warning { id headline } } }');
    // GraphiQL parses the editor's text after a pause; a click before that runs the tab's previous document, over HTTP.
    // The click runs the editor's parsed document under the operation name the same parse sets (and names the tab by).
    await page.waitForFunction(() => {
      type Editor = { documentAST: { definitions: { operation?: string }[] } | null; operationName: string | null };
      const { document } = globalThis as unknown as { document: { querySelector(s: string): ({ textContent: string | null } & { CodeMirror?: Editor }) | null } };
      const editor = document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror;
      const parsed = editor?.operationName === 'Live' && editor.documentAST?.definitions[0]?.operation === 'subscription';
      return parsed && (document.querySelector('.graphiql-tab-active')?.textContent ?? '').startsWith('Live');
    }, undefined, { timeout: 10_000 });
    const mark = await feedMark(fed);
    await page.click('.graphiql-execute-button');
    await mark.positionsTaken(1);
    await touch(fed, 'JS', target.sourceId, { headline: '浏览器里看到的预警' });
    await page.waitForSelector('.graphiql-response >> text=浏览器里看到的预警', { timeout: 20_000 });
    expect(await page.textContent('.graphiql-response')).toContain('"kind": "UPDATED"');
    expect(problems).toEqual([]);
    await page.close();
  });
});
