// Outcomes that are not part of a screen (a mutation ran, a message was sent, something failed) go
// to one live region above the content: screen readers announce it, everyone sees it.

import { h } from './dom.js';

export function notify(text, kind = 'success') {
  const region = document.getElementById('status');
  region.replaceChildren();
  if (!text) return;
  // role=alert interrupts (errors); the region itself is a polite live region (success, info).
  const message = h('p', { class: `status status-${kind}`, role: kind === 'error' ? 'alert' : null }, text);
  region.append(message);
}

export function clearNotice() {
  notify(null);
}
