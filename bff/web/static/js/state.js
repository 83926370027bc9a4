// The client's two switches: language and platform (WEB, KIOSK, or IOS/ANDROID to preview the apps'
// layouts). Kept across reloads; `?platform=KIOSK` in the
// address wins, so a kiosk terminal boots straight into the kiosk layout.

const STORAGE = { locale: 'bff.locale', platform: 'bff.platform' };
// IOS and ANDROID preview the apps' layouts (their overrides, fallbacks and actions) in the browser.
const PLATFORMS = ['WEB', 'KIOSK', 'IOS', 'ANDROID'];
const query = new URLSearchParams(window.location.search);

function initialPlatform() {
  const wanted = query.get('platform') ?? window.localStorage.getItem(STORAGE.platform) ?? 'WEB';
  const platform = wanted.toUpperCase();
  return PLATFORMS.includes(platform) ? platform : 'WEB';
}

function initialLocale() {
  const wanted = query.get('lang') ?? window.localStorage.getItem(STORAGE.locale) ?? 'de';
  return wanted === 'en' ? 'en' : 'de'; // German first, as the portal's customers expect
}

export const settings = { locale: initialLocale(), platform: initialPlatform() };

/** This client build's version: `layout`'s appVersion and the X-App-Version header (telemetry per client). */
export const CLIENT_VERSION = '1.0.0';

const listeners = new Set();

export function onSettingsChange(listener) {
  listeners.add(listener);
}

export async function updateSettings(changes) {
  Object.assign(settings, changes);
  window.localStorage.setItem(STORAGE.locale, settings.locale);
  window.localStorage.setItem(STORAGE.platform, settings.platform);
  const url = new URL(window.location.href);
  if (settings.platform !== 'WEB') url.searchParams.set('platform', settings.platform);
  else url.searchParams.delete('platform');
  url.searchParams.delete('lang');
  window.history.replaceState(null, '', url);
  for (const listener of listeners) await listener(settings);
}
