// The admin app: session gate, wheel header, one tab per feature.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { createApiClient, type AdminUser, type ApiErrorBody, type WheelSummary } from './api/client.ts';
import { AuditLogPanel } from './audit/audit-log-panel.tsx';
import { FirstDrawChecklist } from './checklist/first-draw-checklist.tsx';
import { DisplaysPanel } from './displays/displays-panel.tsx';
import { DraftEditor } from './draft/draft-editor.tsx';
import { DrawsPanel } from './draws/draws-panel.tsx';
import { HistoryPanel } from './history/history-panel.tsx';
import { PlanEditor } from './plan/plan-editor.tsx';
import { PrizesPanel } from './prizes/prizes-panel.tsx';
import { RehearsalBanner, RehearsalSwitch, useRehearsal } from './rehearsal/rehearsal.tsx';
import { PresenterKeysPanel } from './presenter/presenter-keys-panel.tsx';
import { PublishPanel } from './publish/publish-panel.tsx';
import { LoginForm } from './session/login-form.tsx';
import { AppearanceForm } from './appearance/appearance-form.tsx';
import { SettingsForm } from './settings/settings-form.tsx';
import { VerifiableModePanel } from './settings/verifiable-mode.tsx';
import { TABS, useRoute, type Tab } from './shared/route.ts';
import { ErrorNotice, Loading } from './shared/ui.tsx';
import { UploadPanel } from './upload/upload-panel.tsx';
import { WheelBar } from './wheels/wheel-bar.tsx';

const DEFAULT_WHEEL = 'default';

const TAB_LABELS: Record<Tab, string> = {
  upload: 'Upload',
  draft: 'Draft',
  prizes: 'Prizes',
  settings: 'Settings',
  publish: 'Publish',
  history: 'History',
  plan: 'Pre-drawn',
  draws: 'Draws',
  presenter: 'Presenter links',
  audit: 'Audit log',
};

type Session = { status: 'checking' } | { status: 'anonymous' } | { status: 'signed-in'; user: AdminUser };

export function App() {
  const [session, setSession] = useState<Session>({ status: 'checking' });
  const api = useMemo(
    () => createApiClient({ onUnauthorized: () => setSession({ status: 'anonymous' }) }),
    [],
  );

  useEffect(() => {
    let current = true;
    void api.getSession().then((result) => {
      if (current)
        setSession(result.ok ? { status: 'signed-in', user: result.data.user } : { status: 'anonymous' });
    });
    return () => {
      current = false;
    };
  }, [api]);

  if (session.status === 'checking') return <Loading what="session" />;
  if (session.status === 'anonymous')
    return <LoginForm api={api} onLoggedIn={(user) => setSession({ status: 'signed-in', user })} />;
  return (
    <SignedInApp api={api} user={session.user} onLoggedOut={() => setSession({ status: 'anonymous' })} />
  );
}

function SignedInApp({
  api,
  user,
  onLoggedOut,
}: {
  api: ReturnType<typeof createApiClient>;
  user: AdminUser;
  onLoggedOut: () => void;
}) {
  const [route, navigate] = useRoute();
  const [wheels, setWheels] = useState<WheelSummary[] | null>(null);
  const [wheelsError, setWheelsError] = useState<ApiErrorBody | null>(null);
  const slug = route.slug ?? DEFAULT_WHEEL;

  const reloadWheels = useCallback(async () => {
    const result = await api.listWheels();
    if (result.ok) {
      setWheels(result.data.wheels);
      setWheelsError(null);
    } else setWheelsError(result.error);
  }, [api]);

  useEffect(() => {
    void reloadWheels();
  }, [reloadWheels]);

  useEffect(() => {
    if (route.page === 'wheel' && route.slug === null)
      navigate({ slug: DEFAULT_WHEEL, tab: route.tab }, true);
  }, [route, navigate]);

  const showTab = (tab: Tab) => navigate({ slug, tab });

  return (
    <div className="app">
      <WheelBar
        api={api}
        user={user}
        wheels={wheels ?? []}
        slug={slug}
        onSelect={(nextSlug) => navigate({ slug: nextSlug, tab: route.tab })}
        onCreated={(newSlug) => {
          void reloadWheels();
          navigate({ slug: newSlug, tab: 'upload' });
        }}
        onLoggedOut={onLoggedOut}
      />
      <ErrorNotice error={wheelsError} />
      <nav className="tabs" aria-label="Sections">
        {TABS.map((tab) => (
          <a
            key={tab}
            href={`/admin/wheels/${encodeURIComponent(slug)}/${tab}`}
            className="tab"
            aria-current={route.page === 'wheel' && route.tab === tab ? 'page' : undefined}
            onClick={(event) => {
              if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
              event.preventDefault();
              showTab(tab);
            }}
          >
            {TAB_LABELS[tab]}
          </a>
        ))}
        <a
          href="/admin/displays"
          className="tab tab-global"
          aria-current={route.page === 'displays' ? 'page' : undefined}
          title="Every wheel's screens"
          onClick={(event) => {
            if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
            event.preventDefault();
            navigate({ page: 'displays' });
          }}
        >
          Displays
        </a>
      </nav>
      {route.page === 'displays' ? (
        <main className="panel" key="displays">
          <DisplaysPanel api={api} />
        </main>
      ) : (
        <WheelPanel
          api={api}
          slug={slug}
          wheel={wheels?.find((candidate) => candidate.slug === slug)}
          tab={route.tab}
          showTab={showTab}
          reloadWheels={reloadWheels}
        />
      )}
    </div>
  );
}

function WheelPanel({
  api,
  slug,
  wheel,
  tab,
  showTab,
  reloadWheels,
}: {
  api: ReturnType<typeof createApiClient>;
  slug: string;
  /** The wheel's summary, once the list of wheels has loaded. */
  wheel: WheelSummary | undefined;
  tab: Tab;
  showTab: (tab: Tab) => void;
  reloadWheels: () => Promise<void>;
}) {
  const rehearsal = useRehearsal(api, slug);
  // Keyed by wheel and tab: switching wheels starts every panel afresh.
  return (
    <main className="panel" key={`${slug}/${tab}`}>
      <RehearsalBanner state={rehearsal} />
      {/* The admin opens on Upload: an empty or demo wheel shows the first-draw checklist there. */}
      {tab === 'upload' && wheel ? <FirstDrawChecklist api={api} wheel={wheel} showTab={showTab} /> : null}
      {tab === 'upload' ? (
        <UploadPanel
          api={api}
          slug={slug}
          onDraftReplaced={() => void reloadWheels()}
          onShowDraft={() => showTab('draft')}
        />
      ) : null}
      {tab === 'draft' ? <DraftEditor api={api} slug={slug} /> : null}
      {tab === 'prizes' ? <PrizesPanel api={api} slug={slug} /> : null}
      {tab === 'settings' ? (
        <>
          <SettingsForm api={api} slug={slug} />
          <AppearanceForm api={api} slug={slug} />
          <VerifiableModePanel api={api} slug={slug} />
          <RehearsalSwitch state={rehearsal} />
        </>
      ) : null}
      {tab === 'publish' ? (
        <PublishPanel api={api} slug={slug} onPublished={() => void reloadWheels()} />
      ) : null}
      {tab === 'history' ? <HistoryPanel api={api} slug={slug} onShowDraft={() => showTab('draft')} /> : null}
      {tab === 'plan' ? <PlanEditor api={api} slug={slug} /> : null}
      {tab === 'draws' ? <DrawsPanel api={api} slug={slug} /> : null}
      {tab === 'presenter' ? <PresenterKeysPanel api={api} slug={slug} /> : null}
      {tab === 'audit' ? <AuditLogPanel api={api} slug={slug} /> : null}
    </main>
  );
}
