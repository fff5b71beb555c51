// The admin UI's typed client for the HTTP API (contract: "HTTP API"). Every call resolves to a
// value: `{ ok: true, data }` or `{ ok: false, status, error }` — it never throws for an HTTP
// answer, so each view decides what an error code means to the organizer.
import type {
  AdminAppearance,
  DisplayStatus,
  DraftEntry,
  DrawLogEntry,
  EntryError,
  Entry,
  DeclineAnswer,
  OfflineSpinPolicy,
  Prize,
  PublicVerification,
  SettingChange,
  Snapshot,
  ValidationReport,
  VoidedDraw,
  WheelSettings,
  WheelSummary,
} from '../../core/index.ts';

export type { WheelSummary };

export interface ApiErrorBody {
  code: string;
  message: string;
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  /** `body` is the whole error answer (e.g. 422's `errors`, 409's `report`). */
  | { ok: false; status: number; error: ApiErrorBody; body: unknown };

export interface AdminUser {
  username: string;
  role: string;
}

export interface Draft {
  wheel: string;
  entries: DraftEntry[];
  settings: WheelSettings;
  updatedAt: string | null;
  basedOnVersion: number | null;
}

export interface ImportResult extends ValidationReport {
  draftReplaced: boolean;
  /** Append mode: the file's entries added to the draft (the others were on it already). */
  appended?: number;
  /** Distinct persons, and the rows per group, when the list has those columns (import helper). */
  persons?: number;
  groups?: Array<{ name: string; entries: number }>;
}

/** POST draft/prizes/import: the prize sheet's report; the draft's prizes are replaced only when ok. */
export interface PrizeImportResult extends ValidationReport {
  draftReplaced?: boolean;
  prizes?: Prize[];
}

/** A prize as PUT draft/prizes takes it: without an id, the server makes one from the name. */
export type DraftPrizeInput = Omit<Prize, 'id'> & { id?: string };

/** 422 invalid_prizes: one error per prize field. */
export interface PrizeFieldError {
  index: number;
  field: string;
  code: string;
  message: string;
}

/** POST prize-images: the stored image, named by its SHA-256. */
export interface UploadedPrizeImage {
  sha256: string;
  contentType: string;
  bytes: number;
  url: string;
}

/** The pre-drawn plan: the ordinary tickets and, per prize, that prize's tickets. */
export interface PlanBody {
  tickets: string[];
  prizes?: Record<string, string[]>;
}

export interface ChangedEntry {
  before: Entry;
  after: Entry;
}

export interface DraftPreview {
  latestVersion: number | null;
  /** Earlier winners (draws not voided) that the draft would put back on the wheel. */
  returningWinners: Array<{ ticket: string; name: string; seq: number }>;
  diff: {
    added: number;
    removed: number;
    changed: number;
    addedEntries: Entry[];
    removedEntries: Entry[];
    changedEntries: ChangedEntry[];
    /** Prizes matched by id (absent from servers without prizes). */
    prizes?: { added: number; removed: number; changed: number };
    /** The settings publishing would change (absent from older servers). */
    settings?: SettingChange[];
  };
  /** Not errors: e.g. a prize whose groups match no entry can never be drawn. */
  warnings?: Array<{ code: string; prizeId: string; message: string }>;
}

export interface PublishResult {
  version: number;
  checksum: string;
  diff: { added: number; removed: number; changed: number };
}

export interface SnapshotSummary {
  version: number;
  publishedAt: string;
  entries: number;
  checksum: string;
  publishedBy: string | null;
  /** publishedBy as people know it: a presenter link by its label. */
  publishedByLabel?: string | null;
}

export interface UploadProgress {
  /** 'uploading' while bytes go out (fraction known), 'parsing' while the server reads the file. */
  phase: 'uploading' | 'parsing';
  /** 0..1 of the bytes sent; 1 while parsing. */
  fraction: number;
}

export interface UploadHandle {
  result: Promise<ApiResult<ImportResult>>;
  abort: () => void;
}

export interface PresenterKeySummary {
  id: string;
  label: string;
  createdAt: string;
  createdBy?: string;
  lastUsedAt?: string | null;
}

/** Only at creation: `key` and `url` are never shown again. */
export interface CreatedPresenterKey {
  id: string;
  label: string;
  key: string;
  /** Relative to the server: `/wheel/:slug?key=…`. */
  url: string;
  createdAt: string;
}

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  /** The actor as people know it: a presenter link by its label (servers before #20 leave it out). */
  actorLabel?: string;
  action: string;
  wheel: string | null;
  details: Record<string, unknown>;
  hash: string;
  prevHash: string;
}

export interface AuditFilters {
  wheel?: string;
  action?: string;
  actor?: string;
  /** ISO time. */
  since?: string;
  limit?: number;
  /** The id cursor of the next page (the last event's id). */
  before?: number;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Pass as `before` for the next page; null (or absent) at the end. */
  nextBefore?: number | null;
}

/** Fields left out stay; `logo` is base64 of the image, or null to remove it. */
export interface AppearanceChange {
  title?: string;
  offlineSpins?: OfflineSpinPolicy;
  logo?: string | null;
}

export type ExportFormat = 'csv' | 'xlsx';

export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

const NETWORK_ERROR: ApiErrorBody = { code: 'network_error', message: 'The server could not be reached.' };

function wheelPath(slug: string, rest = ''): string {
  return `/api/admin/wheels/${encodeURIComponent(slug)}${rest}`;
}

/** Reads `{ error: {code, message} }` from an answer body, or makes one from the status. */
function toErrorBody(status: number, body: unknown): ApiErrorBody {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null && 'code' in error) {
      const { code, message } = error as { code: unknown; message?: unknown };
      return { code: String(code), message: typeof message === 'string' ? message : String(code) };
    }
  }
  return { code: `http_${status}`, message: `The server answered ${status}.` };
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The file name from `Content-Disposition: attachment; filename="…"`, else `fallback`. */
export function readFileName(contentDisposition: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(contentDisposition ?? '');
  return match?.[1] ?? fallback;
}

function toQuery(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export interface ApiClientOptions {
  /** Called when an admin call answers 401: the session ended, the UI shows the login form. */
  onUnauthorized?: () => void;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: ApiClientOptions = {}) {
  async function request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      return { ok: false, status: 0, error: NETWORK_ERROR, body: null };
    }
    const parsed = parseJson(await response.text());
    if (response.ok) return { ok: true, status: response.status, data: parsed as T };
    if (response.status === 401 && path.startsWith('/api/admin/') && path !== '/api/admin/session') {
      options.onUnauthorized?.();
    }
    return { ok: false, status: response.status, error: toErrorBody(response.status, parsed), body: parsed };
  }

  /** A server-made file (export); errors come back as values like any other call. */
  async function download(path: string, fallbackName: string): Promise<ApiResult<DownloadedFile>> {
    let response: Response;
    try {
      response = await fetch(path, { credentials: 'same-origin' });
    } catch {
      return { ok: false, status: 0, error: NETWORK_ERROR, body: null };
    }
    if (!response.ok) {
      const parsed = parseJson(await response.text());
      if (response.status === 401) options.onUnauthorized?.();
      return {
        ok: false,
        status: response.status,
        error: toErrorBody(response.status, parsed),
        body: parsed,
      };
    }
    const fileName = readFileName(response.headers.get('content-disposition'), fallbackName);
    return { ok: true, status: response.status, data: { blob: await response.blob(), fileName } };
  }

  /** XMLHttpRequest rather than fetch: fetch reports no upload progress. */
  function uploadDraftFile(
    slug: string,
    file: File,
    acceptValidRows: boolean,
    onProgress: (progress: UploadProgress) => void,
    /** Keep the draft's entries and add the file's new tickets (late registrations). */
    append = false,
  ): UploadHandle {
    const params = new URLSearchParams();
    if (acceptValidRows) params.set('acceptValidRows', 'true');
    if (append) params.set('mode', 'append');
    const query = params.toString() === '' ? '' : `?${params.toString()}`;
    return uploadFile<ImportResult>(wheelPath(slug, `/draft/import${query}`), file, onProgress);
  }

  /** A multipart `file` upload with progress; the answer body as T. */
  function uploadFile<T>(
    path: string,
    file: File,
    onProgress: (progress: UploadProgress) => void,
  ): { result: Promise<ApiResult<T>>; abort: () => void } {
    const xhr = new XMLHttpRequest();
    const result = new Promise<ApiResult<T>>((resolve) => {
      xhr.open('POST', path);
      xhr.withCredentials = true;
      xhr.setRequestHeader('accept', 'application/json');
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) onProgress({ phase: 'uploading', fraction: event.loaded / event.total });
      });
      xhr.upload.addEventListener('load', () => onProgress({ phase: 'parsing', fraction: 1 }));
      xhr.addEventListener('load', () => {
        const parsed = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve({ ok: true, status: xhr.status, data: parsed as T });
          return;
        }
        if (xhr.status === 401) options.onUnauthorized?.();
        resolve({ ok: false, status: xhr.status, error: toErrorBody(xhr.status, parsed), body: parsed });
      });
      xhr.addEventListener('error', () =>
        resolve({ ok: false, status: 0, error: NETWORK_ERROR, body: null }),
      );
      xhr.addEventListener('abort', () =>
        resolve({
          ok: false,
          status: 0,
          error: { code: 'aborted', message: 'Upload cancelled.' },
          body: null,
        }),
      );
      const form = new FormData();
      form.append('file', file, file.name);
      onProgress({ phase: 'uploading', fraction: 0 });
      xhr.send(form);
    });
    return { result, abort: () => xhr.abort() };
  }

  return {
    getSession: () => request<{ user: AdminUser }>('GET', '/api/admin/session'),
    logIn: (username: string, password: string) =>
      request<{ user: AdminUser }>('POST', '/api/admin/session', { username, password }),
    logOut: () => request<null>('DELETE', '/api/admin/session'),

    listWheels: () => request<{ wheels: WheelSummary[] }>('GET', '/api/admin/wheels'),
    createWheel: (slug: string, title: string) =>
      request<unknown>('POST', '/api/admin/wheels', { slug, title }),

    getDraft: (slug: string) => request<Draft>('GET', wheelPath(slug, '/draft')),
    uploadDraftFile,
    saveDraftEntries: (slug: string, entries: DraftEntry[]) =>
      request<Draft>('PUT', wheelPath(slug, '/draft/entries'), { entries }),
    /** A published version's entries back into the draft (persons restored by the server). */
    restoreSnapshot: (slug: string, version: number) =>
      request<Draft>('POST', wheelPath(slug, `/snapshots/${version}/restore`), {}),
    saveDraftSettings: (slug: string, settings: WheelSettings) =>
      request<unknown>('PUT', wheelPath(slug, '/draft/settings'), settings),
    previewDraft: (slug: string) => request<DraftPreview>('GET', wheelPath(slug, '/draft/preview')),
    publish: (slug: string) => request<PublishResult>('POST', wheelPath(slug, '/publish'), {}),

    listSnapshots: (slug: string) =>
      request<{ snapshots: SnapshotSummary[] }>('GET', wheelPath(slug, '/snapshots')),
    getSnapshot: (slug: string, version: number) =>
      request<Snapshot>('GET', `/api/wheels/${encodeURIComponent(slug)}/snapshots/${version}`),

    /** The latest published snapshot (404 `not_found`-style error when nothing is published). */
    getLatestSnapshot: (slug: string) =>
      request<Snapshot>('GET', `/api/wheels/${encodeURIComponent(slug)}/snapshot`),

    getPlan: (slug: string) => request<PlanBody>('GET', wheelPath(slug, '/plan')),
    savePlan: (slug: string, tickets: string[], prizes?: Record<string, string[]>) =>
      request<PlanBody>('PUT', wheelPath(slug, '/plan'), prizes ? { tickets, prizes } : { tickets }),

    getDraftPrizes: (slug: string) => request<{ prizes: Prize[] }>('GET', wheelPath(slug, '/draft/prizes')),
    saveDraftPrizes: (slug: string, prizes: DraftPrizeInput[]) =>
      request<{ prizes: Prize[] }>('PUT', wheelPath(slug, '/draft/prizes'), { prizes }),
    uploadPrizeSheet: (slug: string, file: File, onProgress: (progress: UploadProgress) => void) =>
      uploadFile<PrizeImportResult>(wheelPath(slug, '/draft/prizes/import'), file, onProgress),
    uploadPrizeImage: (slug: string, base64: string) =>
      request<UploadedPrizeImage>('POST', wheelPath(slug, '/prize-images'), { image: base64 }),

    getRehearsal: (slug: string) => request<{ rehearsal: boolean }>('GET', wheelPath(slug, '/rehearsal')),
    setRehearsal: (slug: string, rehearsal: boolean) =>
      request<{ rehearsal: boolean }>('PUT', wheelPath(slug, '/rehearsal'), { rehearsal }),
    /** Presenter rights: the admin session has them. */
    declineDraw: (slug: string, seq: number, reason: string) =>
      request<DeclineAnswer>('POST', `/api/wheels/${encodeURIComponent(slug)}/draws/${seq}/decline`, {
        reason,
      }),

    listDraws: (slug: string) => request<{ draws: DrawLogEntry[] }>('GET', wheelPath(slug, '/draws')),
    // NOTE: the results' times in the organizer's time zone: the admin's browser is at the event.
    downloadDraws: (slug: string, format: ExportFormat) =>
      download(
        wheelPath(
          slug,
          `/draws?format=${format}&tz=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}`,
        ),
        `${slug}-draws.${format}`,
      ),
    voidDraw: (slug: string, id: string, reason: string) =>
      request<{ draw: VoidedDraw }>('POST', wheelPath(slug, `/draws/${encodeURIComponent(id)}/void`), {
        reason,
      }),
    downloadDraft: (slug: string, format: ExportFormat) =>
      download(wheelPath(slug, `/draft/export?format=${format}`), `${slug}-draft.${format}`),
    downloadSnapshot: (slug: string, version: number, format: ExportFormat) =>
      download(
        wheelPath(slug, `/snapshots/${version}/export?format=${format}`),
        `${slug}-v${version}.${format}`,
      ),

    listPresenterKeys: (slug: string) =>
      request<{ keys: PresenterKeySummary[] }>('GET', wheelPath(slug, '/presenter-keys')),
    createPresenterKey: (slug: string, label: string) =>
      request<CreatedPresenterKey>('POST', wheelPath(slug, '/presenter-keys'), { label }),
    revokePresenterKey: (slug: string, id: string) =>
      request<null>('DELETE', wheelPath(slug, `/presenter-keys/${encodeURIComponent(id)}`)),

    queryAudit: (filters: AuditFilters) =>
      request<AuditPage>('GET', `/api/admin/audit${toQuery({ ...filters })}`),

    getVerification: (slug: string) => request<PublicVerification>('GET', wheelPath(slug, '/verification')),
    setVerifiable: (slug: string, verifiable: boolean) =>
      request<PublicVerification>('PUT', wheelPath(slug, '/verifiable'), { verifiable }),
    setWitness: (slug: string, entropy: string) =>
      request<PublicVerification>('PUT', wheelPath(slug, '/verification/witness'), { entropy }),
    revealSeed: (slug: string) =>
      request<{
        revealed: { epoch: number; seed: string; commitment: string };
        verification: PublicVerification;
      }>('POST', wheelPath(slug, '/verification/reveal'), {}),

    getAppearance: (slug: string) => request<AdminAppearance>('GET', wheelPath(slug, '/appearance')),
    saveAppearance: (slug: string, change: AppearanceChange) =>
      request<AdminAppearance>('PUT', wheelPath(slug, '/appearance'), change),

    listDisplays: () => request<{ displays: DisplayStatus[] }>('GET', '/api/admin/displays'),
    nameDisplay: (wheel: string, id: string, name: string) =>
      request<null>('PUT', displayPath(wheel, id, '/name'), { name }),
    forgetDisplay: (wheel: string, id: string) => request<null>('DELETE', displayPath(wheel, id)),
  };
}

function displayPath(wheel: string, id: string, rest = ''): string {
  return `/api/admin/displays/${encodeURIComponent(wheel)}/${encodeURIComponent(id)}${rest}`;
}

/** 422 from PUT draft/entries carries per-entry errors. */
export function readEntryErrors(body: unknown): EntryError[] {
  if (typeof body !== 'object' || body === null || !('errors' in body)) return [];
  const errors = (body as { errors: unknown }).errors;
  return Array.isArray(errors) ? (errors as EntryError[]) : [];
}

/** 409 draft_invalid from publish carries the draft's validation report. */
export function readReport(body: unknown): ValidationReport | null {
  if (typeof body !== 'object' || body === null || !('report' in body)) return null;
  return (body as { report: ValidationReport }).report;
}

/** 422 invalid_prizes from PUT draft/prizes: `error.details.errors` (or top-level `errors`). */
export function readPrizeErrors(body: unknown): PrizeFieldError[] {
  if (typeof body !== 'object' || body === null) return [];
  const { error, errors } = body as { error?: { details?: { errors?: unknown } }; errors?: unknown };
  const found = error?.details?.errors ?? errors;
  return Array.isArray(found) ? (found as PrizeFieldError[]) : [];
}
