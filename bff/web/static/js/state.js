// The client's two switches: language and platform. Kept across reloads; `?platform=KIOSK` in the
// address wins, so a kiosk terminal boots straight into the kiosk layout.

const STORAGE = { locale: 'bff.locale', platform: 'bff.platform' };
const query = new URLSearchParams(window.location.search);

function initialPlatform() {
  const wanted = query.get('platform') ?? window.localStorage.getItem(STORAGE.platform) ?? 'WEB';
  return wanted.toUpperCase() === 'KIOSK' ? 'KIOSK' : 'WEB';
}

function initialLocale() {
  const wanted = query.get('lang') ?? window.localStorage.getItem(STORAGE.locale) ?? 'de';
  return wanted === 'en' ? 'en' : 'de'; // German first, as the portal's customers expect
}

export const settings = { locale: initialLocale(), platform: initialPlatform() };

const listeners = new Set();

export function onSettingsChange(listener) {
  listeners.add(listener);
}

export async function updateSettings(changes) {
  Object.assign(settings, changes);
  window.localStorage.setItem(STORAGE.locale, settings.locale);
  window.localStorage.setItem(STORAGE.platform, settings.platform);
  const url = new URL(window.location.href);
  if (settings.platform === 'KIOSK') url.searchParams.set('platform', 'KIOSK');
  else url.searchParams.delete('platform');
  url.searchParams.delete('lang');
  window.history.replaceState(null, '', url);
  for (const listener of listeners) await listener(settings);
}
