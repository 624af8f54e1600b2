import { QueryClientProvider } from '@tanstack/react-query';
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { queryClient } from './api/queryClient.ts';
import { Layout } from './components/Layout.tsx';

// Each page is its own chunk, so the first visit loads only the shell and that page.
const FrontPage = lazy(() => import('./routes/FrontPage.tsx'));
const LoginPage = lazy(() => import('./routes/LoginPage.tsx'));
const PasswordPage = lazy(() => import('./routes/PasswordPage.tsx'));
const InvitationPage = lazy(() => import('./routes/InvitationPage.tsx'));
const ProfilePage = lazy(() => import('./routes/ProfilePage.tsx'));
const RegisterPersonPage = lazy(() => import('./routes/RegisterPersonPage.tsx'));
const PeoplePage = lazy(() => import('./routes/PeoplePage.tsx'));
const PersonPage = lazy(() => import('./routes/PersonPage.tsx'));
const NotFoundPage = lazy(() => import('./routes/NotFoundPage.tsx'));

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<FrontPage />} />
            <Route path="logg-inn" element={<LoginPage />} />
            <Route path="aktiver" element={<PasswordPage key="activate" mode="activate" />} />
            <Route path="glemt-passord" element={<PasswordPage key="forgot" mode="forgot" />} />
            <Route path="invitasjon/:token" element={<InvitationPage />} />
            <Route path="min-profil" element={<ProfilePage />} />
            <Route path="personer" element={<PeoplePage />} />
            <Route path="personer/ny" element={<RegisterPersonPage />} />
            <Route path="personer/:id" element={<PersonPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
