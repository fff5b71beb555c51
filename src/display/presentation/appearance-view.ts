// The wheel's title and logo on the page: one header band across the top (title left on one line,
// logo right), above the callout band, on every screen (appearance.css); the renderer's layout
// leaves the band its height whenever the wheel has a title or a logo (hasHeader). The elements sit
// right after the canvas, so the callout, the reveal and the badges paint above them. A logo that
// fails to decode is hidden: the page goes on without it.
import type { WheelAppearance } from '../../core/index.ts';
import type { AppearanceView } from './appearance-sync.ts';
import './appearance.css';

const PAGE_TITLE = 'Prize wheel';

export interface HeaderAppearanceView extends AppearanceView {
  /** The wheel has a title or a logo to show: the layout keeps the header band. */
  hasHeader(): boolean;
}

export function createAppearanceView(root: HTMLElement, after: Element): HeaderAppearanceView {
  const band = document.createElement('div');
  band.className = 'presentation';
  band.dataset.testid = 'presentation';
  const title = document.createElement('h1');
  title.className = 'wheel-title';
  title.dataset.testid = 'wheel-title';
  title.hidden = true;
  const logo = document.createElement('img');
  logo.className = 'wheel-logo';
  logo.dataset.testid = 'wheel-logo';
  logo.alt = '';
  logo.decoding = 'async';
  logo.hidden = true;
  band.append(title, logo);
  after.after(band);

  let header = false;
  let objectUrl: string | null = null;
  let shownLogoUrl: string | null = null;
  const setLogoState = (value: 'none' | 'loading' | 'shown' | 'failed'): void =>
    root.setAttribute('data-logo', value);
  logo.addEventListener('load', () => {
    logo.hidden = false;
    setLogoState('shown');
  });
  logo.addEventListener('error', () => {
    if (!logo.getAttribute('src')) return;
    logo.hidden = true;
    header = !title.hidden; // no band kept for a logo that cannot be shown
    root.setAttribute('data-header', header ? 'shown' : 'none');
    setLogoState('failed');
    console.warn('prizewheel: the logo could not be shown');
  });
  setLogoState('none');

  return {
    hasHeader: () => header,
    show(appearance: WheelAppearance, image: Blob | null) {
      root.setAttribute('data-offline-spins', appearance.offlineSpins);
      root.setAttribute('data-logo-url', image === null ? '' : (appearance.logoUrl ?? ''));
      if (title.textContent !== appearance.title) title.textContent = appearance.title;
      title.hidden = appearance.title === '';
      band.classList.toggle('has-title', appearance.title !== '');
      document.title = appearance.title === '' ? PAGE_TITLE : appearance.title;
      logo.alt = appearance.title === '' ? 'Logo' : `${appearance.title} logo`;

      const url = image === null ? null : appearance.logoUrl;
      band.classList.toggle('has-logo', url !== null);
      header = appearance.title !== '' || url !== null;
      root.setAttribute('data-header', header ? 'shown' : 'none');
      if (url === shownLogoUrl) return; // the same image (or none) is already there
      shownLogoUrl = url;
      const previous = objectUrl;
      objectUrl = image === null ? null : URL.createObjectURL(image);
      if (objectUrl === null) {
        logo.hidden = true;
        logo.removeAttribute('src');
        setLogoState('none');
      } else {
        setLogoState('loading');
        logo.src = objectUrl;
      }
      if (previous !== null) URL.revokeObjectURL(previous);
    },
  };
}
