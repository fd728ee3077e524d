import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { makeClient } from '../api/client';
import { pagesConfig } from '../shared/config';
import { CasesPage } from './CasesPage';
import './citizen.css';
import { FilePage } from './FilePage';
import { HomePage } from './HomePage';
import { RatePage } from './RatePage';
import { TrackPage } from './TrackPage';

/**
 * The citizen's pages, their own small entry (no component library: a phone on a slow network
 * loads a few dozen KB). One page per job, chosen by the path; the state a link needs is in the URL.
 */
async function main() {
  const config = await pagesConfig();
  const api = makeClient(config.apiBaseUrl);
  const path = window.location.pathname.replace(/\/+$/, '');
  const page =
    path === '/rate' ? (
      <RatePage api={api} />
    ) : path === '/file' ? (
      <FilePage api={api} />
    ) : path === '/track' ? (
      <TrackPage api={api} />
    ) : path === '/cases' ? (
      <CasesPage api={api} />
    ) : (
      <HomePage />
    );
  createRoot(document.getElementById('root')!).render(<StrictMode>{page}</StrictMode>);
}

main();
