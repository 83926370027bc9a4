// The reference client's shell: header switches (language, platform), navigation, sign-in state and
// the hash router that shows one server-driven screen at a time.

import { graphql } from './js/api.js';
import { renderSignIn, signOut } from './js/auth.js';
import { loadTexts, t } from './js/i18n.js';
import { stopWatching, watchSession } from './js/idle.js';
import { takeMailLink } from './js/links.js';
import { clearNotice, notify } from './js/notify.js';
import { currentRoute } from './js/router.js';
import { forgetScreens, showScreen } from './js/screens.js';
import { onSettingsChange, settings, updateSettings } from './js/state.js';

const main = document.getElementById('main');
let viewer = null;

function updateHeader() {
  // On <html>, so that rem units (and with them every size) scale up for the kiosk.
  document.documentElement.classList.toggle('platform-kiosk', settings.platform === 'KIOSK');
  document.body.classList.toggle('signed-in', viewer !== null);
  for (const button of document.querySelectorAll('[data-locale]')) {
    button.setAttribute('aria-pressed', String(button.dataset.locale === settings.locale));
  }
  for (const button of document.querySelectorAll('[data-platform]')) {
    button.setAttribute('aria-pressed', String(button.dataset.platform === settings.platform));
  }
  const route = currentRoute();
  for (const link of document.querySelectorAll('#main-nav a')) {
    if (link.getAttribute('href') === `#/${route.screen}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.getElementById('nav-wrapper').hidden = viewer === null;
  document.getElementById('logout').hidden = viewer === null;
}

async function loadViewer() {
  const { data } = await graphql('session');
  viewer = data.viewer;
  if (viewer) watchSession(viewer.sessionIdleSeconds, onSessionEnded);
  else stopWatching();
}

/** Nothing of the session stays: screen, open dialogs, print jobs, notices, cached layouts, address. */
function wipe() {
  stopWatching();
  viewer = null;
  main.replaceChildren();
  for (const leftover of document.querySelectorAll('dialog, .print-frame')) leftover.remove();
  clearNotice();
  forgetScreens();
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/dashboard`);
}

async function onSessionEnded() {
  wipe();
  await render();
  notify(t('session.ended'), 'info');
  signOut().catch(() => {}); // the server may have ended it already
}

async function render(options = {}) {
  const route = currentRoute();
  updateHeader();
  if (viewer === null) {
    // Registration, activation, a forgotten password or customer number: screens without a session.
    if (route.screen !== 'dashboard' && (await showScreen(main, route, options))) return;
    renderSignIn(main, { onSignedIn });
    return;
  }
  await showScreen(main, route, options);
}

async function onSignedIn() {
  await loadViewer();
  clearNotice();
  await render();
}

async function onSignOut() {
  await signOut();
  wipe(); // replaceState, no hashchange: it would clear the notice
  await render();
  notify(t('signout.done'), 'info');
}

function wireHeader() {
  for (const button of document.querySelectorAll('[data-locale]')) {
    button.addEventListener('click', () => updateSettings({ locale: button.dataset.locale }));
  }
  for (const button of document.querySelectorAll('[data-platform]')) {
    button.addEventListener('click', () => updateSettings({ platform: button.dataset.platform }));
  }
  document.getElementById('logout').addEventListener('click', onSignOut);
  // The skip link must not change the hash: that is the router's.
  document.querySelector('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
}

onSettingsChange(async (changed) => {
  await loadTexts(changed.locale);
  await render({ focus: false });
});
window.addEventListener('hashchange', () => {
  clearNotice();
  render();
});
window.addEventListener('bff:refresh', () => render({ fresh: true, focus: false }));
window.addEventListener('bff:signed-out', async () => {
  if (viewer === null) return;
  wipe(); // the server ended the session (idle, elsewhere): its data goes with it
  await render();
  notify(t('session.ended'), 'info');
});

async function boot() {
  takeMailLink();
  wireHeader();
  await loadTexts(settings.locale);
  await loadViewer();
  await render();
  document.body.dataset.ready = 'true'; // for the browser tests: the first screen is there
}

boot();
