export interface WheelTheme {
  readonly name: string;
  readonly background: string;
  readonly rim: string;
  readonly hub: string;
  readonly label: string;
  readonly separator: string;
  readonly pointer: string;
  readonly highlight: string;
  readonly fontFamily: string;
}

export const DARK_THEME: WheelTheme = Object.freeze({
  name: 'dark',
  background: '#0d1021',
  rim: '#f4f1e8',
  hub: '#f4f1e8',
  label: '#ffffff',
  separator: 'rgba(13, 16, 33, 0.55)',
  pointer: '#ffffff',
  highlight: 'rgba(255, 255, 255, 0.9)',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});
