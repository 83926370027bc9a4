// The end of a session on screen. The server ends a session after its idle time without a request
// (`viewer.sessionIdleSeconds`: 30 minutes, a kiosk's 2). Whoever walks up to a kiosk after that must
// find nothing of the last customer, so the client wipes the screen as soon as that time has passed
// without anybody using it. Someone reading or typing keeps the session alive with a light request.

import { graphql, lastRequestAt } from './api.js';

const USE = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'];
let idleMs = null;
let lastUse = 0;
let timer = null;
let expired = null;
let refreshing = false;

function idleSince() {
  return Math.max(lastUse, lastRequestAt());
}

/** Someone used the screen since the last request: the server has not seen it yet. */
function unseenUse() {
  return lastUse > lastRequestAt();
}

function keepAlive() {
  if (refreshing) return;
  refreshing = true; // any request extends the session; a failure signs out (bff:signed-out)
  graphql('session').catch(() => {}).finally(() => {
    refreshing = false;
    schedule();
  });
}

// Use without requests (reading, typing a message) would let the server's session lapse: it is
// refreshed once half of its idle time has passed since the last request, or just before it runs out.
function refreshAt() {
  return lastRequestAt() + idleMs - Math.min(idleMs / 4, 15_000);
}

function schedule() {
  window.clearTimeout(timer);
  if (idleMs === null) return;
  const due = Math.min(idleSince() + idleMs, unseenUse() && !refreshing ? refreshAt() : Infinity);
  timer = window.setTimeout(check, Math.max(250, due - Date.now()));
}

function check() {
  if (idleMs === null) return;
  if (Date.now() - idleSince() >= idleMs) {
    const onExpired = expired;
    stopWatching();
    onExpired?.();
    return;
  }
  if (unseenUse() && Date.now() >= refreshAt()) keepAlive();
  schedule();
}

function used() {
  if (idleMs === null) return;
  lastUse = Date.now();
  if (Date.now() - lastRequestAt() > idleMs / 2) keepAlive();
  schedule();
}

for (const kind of USE) window.addEventListener(kind, used, { capture: true, passive: true });

/** Watch the signed-in session: `onExpired` runs once `seconds` passed without use or request. */
export function watchSession(seconds, onExpired) {
  if (!seconds) {
    stopWatching();
    return;
  }
  idleMs = seconds * 1000;
  expired = onExpired;
  lastUse = Date.now();
  schedule();
}

export function stopWatching() {
  idleMs = null;
  expired = null;
  window.clearTimeout(timer);
}
