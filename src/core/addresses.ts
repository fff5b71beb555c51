// Host names: which ones only this machine reaches. The server builds presenter links for other
// machines on anything else; the admin says when a link opens on this computer only.

/** A host name (no port; IPv6 with or without brackets) that only this machine reaches. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '::ffff:127.0.0.1'
  );
}
