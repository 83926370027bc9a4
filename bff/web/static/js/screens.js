// One screen = one `layout(screen, client)` query. Layouts are cached per screen, params, language
// and platform and revalidated with their etag (`notModified` answers carry no sections).

import { graphql } from './api.js';
import { passkeyPanel } from './auth.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { COMPONENT_TYPES, renderSections } from './render/index.js';
import { CLIENT_VERSION, settings } from './state.js';
import { totpSection } from './totp.js';

export { CLIENT_VERSION };
const cache = new Map();

/** Forget every layout held in memory (the session ended: nothing of it may stay). */
export function forgetScreens() {
  cache.clear();
}

export function clientProfile() {
  return { platform: settings.platform, appVersion: CLIENT_VERSION, locale: settings.locale, components: COMPONENT_TYPES };
}

async function extras(screen) {
  // The layout API has no component to set up a second factor: the reference client adds its own
  // panels to the profile (web only; a kiosk is a public terminal, nobody enrols a factor there).
  return screen === 'profile' && settings.platform === 'WEB' ? [await totpSection(), await passkeyPanel()] : [];
}

function failed(title) {
  return [h('h1', { tabindex: '-1' }, title), h('p', { class: 'notice notice-warning', role: 'alert' }, t('error.screen'))];
}

/** Show the route's screen; false when it needs a session (the caller shows the sign-in). */
export async function showScreen(main, route, { fresh = false, focus = true } = {}) {
  main.setAttribute('aria-busy', 'true');
  const key = JSON.stringify([route.screen, route.params, settings.locale, settings.platform]);
  const cached = fresh ? undefined : cache.get(key);
  let layout;
  try {
    const { data } = await graphql('layout', {
      screen: route.screen, params: route.params, etag: cached?.etag ?? null, client: clientProfile(),
    });
    layout = data.layout.notModified && cached ? cached : data.layout;
    cache.set(key, layout);
  } catch (error) {
    if (error.code !== 'UNAUTHENTICATED') {
      main.replaceChildren(...failed(t('error.title')));
      main.removeAttribute('aria-busy');
      return true;
    }
    main.removeAttribute('aria-busy');
    return false; // the screen needs a session
  }
  const title = h('h1', { tabindex: '-1' }, layout.title ?? '');
  const context = { screen: route.screen, params: route.params };
  main.replaceChildren(title, ...renderSections(layout, context), ...(await extras(route.screen)));
  main.dataset.screen = layout.screen;
  main.removeAttribute('aria-busy');
  document.title = `${layout.title ?? ''} – ${t('brand')}`;
  // Focus follows navigation, so screen readers start at the new screen's heading; the first-login
  // assistant's steps point at a section of the profile (`focus`).
  const target = route.params.focus ? document.getElementById(`section-${route.params.focus}`) : null;
  if (target) target.focus();
  else if (focus) title.focus();
  return true;
}
