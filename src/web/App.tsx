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
const AuditFlagsPage = lazy(() => import('./routes/AuditFlagsPage.tsx'));
const NotFoundPage = lazy(() => import('./routes/NotFoundPage.tsx'));
const PlansPage = lazy(() => import('./routes/plan/PlansPage.tsx'));
const NewPlanPage = lazy(() => import('./routes/plan/NewPlanPage.tsx'));
const PlanPage = lazy(() => import('./routes/plan/PlanPage.tsx'));
const PlanSettingsPage = lazy(() => import('./routes/plan/PlanSettingsPage.tsx'));
const SectionPage = lazy(() => import('./routes/plan/SectionPage.tsx'));
const AboutMePage = lazy(() => import('./routes/plan/AboutMePage.tsx'));
const TeamPage = lazy(() => import('./routes/plan/TeamPage.tsx'));
const ParticipantPage = lazy(() => import('./routes/plan/ParticipantPage.tsx'));
const ConsentsPage = lazy(() => import('./routes/plan/ConsentsPage.tsx'));
const AccessLogPage = lazy(() => import('./routes/plan/AccessLogPage.tsx'));
const MessagesPage = lazy(() => import('./routes/plan/MessagesPage.tsx'));
const InboxPage = lazy(() => import('./routes/messages/InboxPage.tsx'));
const MeetingsPage = lazy(() => import('./routes/plan/MeetingsPage.tsx'));
const TasksPage = lazy(() => import('./routes/plan/TasksPage.tsx'));
const MyTasksPage = lazy(() => import('./routes/MyTasksPage.tsx'));
const DocumentsPage = lazy(() => import('./routes/plan/DocumentsPage.tsx'));

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
            <Route path="uvanlig-lesing" element={<AuditFlagsPage />} />
            <Route path="planer" element={<PlansPage />} />
            <Route path="planer/ny" element={<NewPlanPage />} />
            <Route path="planer/:planId" element={<PlanPage />} />
            <Route path="planer/:planId/endre" element={<PlanSettingsPage />} />
            <Route path="planer/:planId/om-meg" element={<AboutMePage />} />
            <Route
              path="planer/:planId/mal"
              element={<SectionPage key="goals" section="goals" />}
            />
            <Route
              path="planer/:planId/tiltak"
              element={<SectionPage key="measures" section="measures" />}
            />
            <Route
              path="planer/:planId/evalueringer"
              element={<SectionPage key="evaluations" section="evaluations" />}
            />
            <Route path="planer/:planId/logg" element={<SectionPage key="log" section="log" />} />
            <Route
              path="planer/:planId/bidrag"
              element={<SectionPage key="contributions" section="contributions" />}
            />
            <Route
              path="planer/:planId/samarbeid"
              element={<SectionPage key="cooperation" section="cooperation" />}
            />
            <Route path="planer/:planId/team" element={<TeamPage />} />
            <Route path="planer/:planId/team/ny" element={<ParticipantPage key="new" />} />
            <Route path="planer/:planId/team/:participantId" element={<ParticipantPage />} />
            <Route path="planer/:planId/samtykker" element={<ConsentsPage />} />
            <Route path="planer/:planId/innsyn" element={<AccessLogPage />} />
            <Route path="planer/:planId/meldinger" element={<MessagesPage />} />
            <Route path="planer/:planId/meldinger/:threadId" element={<MessagesPage />} />
            <Route path="meldinger" element={<InboxPage />} />
            <Route path="planer/:planId/moter" element={<MeetingsPage />} />
            <Route path="planer/:planId/moter/:meetingId" element={<MeetingsPage />} />
            <Route path="planer/:planId/oppgaver" element={<TasksPage />} />
            <Route path="planer/:planId/dokumenter" element={<DocumentsPage />} />
            <Route path="oppgaver" element={<MyTasksPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
