import { QueryClientProvider } from '@tanstack/react-query';
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { queryClient } from './api/queryClient.ts';
import { Layout } from './components/Layout.tsx';

// Each page is its own chunk, so the first visit loads only the shell and that page.
const FrontPage = lazy(() => import('./routes/FrontPage.tsx'));
const LoginPage = lazy(() => import('./routes/LoginPage.tsx'));
const NotFoundPage = lazy(() => import('./routes/NotFoundPage.tsx'));

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<FrontPage />} />
            <Route path="logg-inn" element={<LoginPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
