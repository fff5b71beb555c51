// The organizer's admin page, served at /admin and /admin/*.
//
// Stable data-testid attributes (browser tests rely on them; add, don't rename):
//   login-username, login-password, login-submit  the login form
//   current-version      the selected wheel's latest published version ("none" before the first)
//   upload-input         the <input type=file> of the upload panel
//   report               the validation report of the last upload
//   report-ok            inside `report` when the file had no row errors
//   report-errors        inside `report`: the row errors grouped by kind
//   import-valid-rows    "Import the N valid rows" (re-sends the file with ?acceptValidRows=true)
//   draft-table          the draft's entries table (virtualized: only visible rows are in the DOM)
//   publish-preview      what publishing would change (counts and lists)
//   publish              the Publish button
//   published-version    the version number just published
//   history              the published versions table
//   plan-tickets         the pre-drawn plan's textarea (one ticket per line)
//   plan-save            saves the pre-drawn plan
//   draws-table          the draw log table (rows tr[data-draw-id][data-voided])
//   draw-void            a draw row's Void button (opens the reason form)
//   presenter-key-create creates a presenter link (Presenter links tab)
//   presenter-key-url    the new link, shown once after creation
//   presenter-keys       the presenter links table (rows tr[data-key-id])
//   audit-table          the audit log table (rows tr[data-event-id][data-action][data-chain])
//   verifiable-toggle    the verifiable mode checkbox (Settings tab)
//   verification-commitment  the published seed commitment
//   plan-disabled        on the Pre-drawn tab while the wheel is in verifiable mode
//   displays-table       /admin/displays (rows tr[data-display-id][data-stale][data-outdated])
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('admin: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
