import { lazy, StrictMode, Suspense, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { makeClient } from '../api/client';
import { type PagesConfig, pagesConfig } from '../shared/config';
import { Courts, DeskContext } from './context';
import { DeskLayout } from './DeskLayout';
import './desk.css';
import { lazyWithAntd } from './lazy-antd';
import { currentPerson, type Person, signOut } from './session';
import { Loading, Toasts } from './ui';

// One page per job, each loaded when first opened: the first load carries only the shell (no Ant
// Design). The pages a person lands on from outside (sign-in, an emailed order, a queue, intake) are
// light; the others bring Ant Design with them.
const HomePage = lazy(() => import('./pages/HomePage'));
const IntakePage = lazy(() => import('./pages/IntakePage'));
const InboxPage = lazyWithAntd(() => import('./pages/InboxPage'));
const RequestPage = lazyWithAntd(() => import('./pages/RequestPage'));
const QueuePage = lazy(() => import('./pages/QueuePage'));
const OrderPage = lazy(() => import('./pages/OrderPage'));
const TokensPage = lazyWithAntd(() => import('./pages/TokensPage'));
const FiguresPage = lazyWithAntd(() => import('./pages/FiguresPage'));
const KnowledgePage = lazyWithAntd(() => import('./pages/KnowledgePage'));
const TypicalCasesPage = lazyWithAntd(() => import('./pages/TypicalCasesPage'));
const DirectoryPage = lazyWithAntd(() => import('./pages/DirectoryPage'));
const CalendarPage = lazyWithAntd(() => import('./pages/CalendarPage'));
const RankingPage = lazyWithAntd(() => import('./pages/RankingPage'));
const BulletinPage = lazyWithAntd(() => import('./pages/BulletinPage'));
const CallbackPage = lazy(() => import('./pages/OidcCallbackPage'));
const SignInPage = lazy(() => import('./pages/SignInPage'));

function Desk({ config, courts }: { config: PagesConfig; courts: Courts }) {
  const [person, setPerson] = useState<Person | null>(currentPerson);
  const location = useLocation();
  const desk = useMemo(
    () =>
      person && {
        api: makeClient(config.apiBaseUrl, async () => currentPerson()?.token ?? null),
        config,
        courts,
        person,
        signOut: () => {
          const leave = signOut(config);
          setPerson(null);
          if (leave) window.location.assign(leave);
        },
      },
    [person, config, courts],
  );

  if (location.pathname === '/sign-in')
    return <SignInPage config={config} courts={courts} onSignedIn={setPerson} />;
  if (location.pathname === '/callback') return <CallbackPage config={config} onSignedIn={setPerson} />;
  if (!desk) {
    const next = `/desk${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <DeskContext.Provider value={desk}>
      <DeskLayout>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route index element={<HomePage />} />
            <Route path="intake" element={<IntakePage />} />
            <Route path="inbox" element={<InboxPage />} />
            <Route path="requests/:trackingNo" element={<RequestPage />} />
            <Route path="orders" element={<QueuePage queue="orders" />} />
            <Route path="callbacks" element={<QueuePage queue="callbacks" />} />
            <Route path="returns" element={<QueuePage queue="returns" />} />
            <Route path="extensions" element={<QueuePage queue="extensions" />} />
            <Route path="late" element={<QueuePage queue="late" />} />
            <Route path="supervision" element={<QueuePage queue="supervision" />} />
            <Route path="orders/:orderId" element={<OrderPage />} />
            <Route path="tokens" element={<TokensPage />} />
            <Route path="figures" element={<FiguresPage />} />
            <Route path="knowledge" element={<KnowledgePage />} />
            <Route path="typical-cases" element={<TypicalCasesPage />} />
            <Route path="directory" element={<DirectoryPage />} />
            <Route path="calendar" element={<CalendarPage />} />
            <Route path="ranking" element={<RankingPage />} />
            <Route path="bulletins/:month" element={<BulletinPage />} />
            <Route path="*" element={<p>页面不存在</p>} />
          </Routes>
        </Suspense>
      </DeskLayout>
    </DeskContext.Provider>
  );
}

async function main() {
  const config = await pagesConfig();
  const { data } = await makeClient(config.apiBaseUrl).GET('/v1/courts');
  const courts = new Courts(data?.items ?? []);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Toasts>
        <BrowserRouter basename="/desk">
          <Desk config={config} courts={courts} />
        </BrowserRouter>
      </Toasts>
    </StrictMode>,
  );
}

main();
