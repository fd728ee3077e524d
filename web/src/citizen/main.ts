import { makeClient } from '../api/client';
import { pagesConfig } from '../shared/config';
import { casesPage } from './cases-page';
import './citizen.css';
import { filePage } from './file-page';
import { homePage } from './home-page';
import { ratePage } from './rate-page';
import { trackPage } from './track-page';

/**
 * The citizen's pages, their own small entry (no framework, no component library: a phone on a
 * slow network loads a few KB). One page per job, chosen by the path; the state a link needs is in
 * the URL.
 */
async function main() {
  const config = await pagesConfig();
  const api = makeClient(config.apiBaseUrl);
  const path = window.location.pathname.replace(/\/+$/, '');
  const page =
    path === '/rate'
      ? ratePage(api)
      : path === '/file'
        ? filePage(api)
        : path === '/track'
          ? trackPage(api)
          : path === '/cases'
            ? casesPage(api)
            : homePage();
  document.getElementById('root')!.replaceChildren(page);
}

main();
