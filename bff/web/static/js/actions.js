// Actions as elements: links for whatever goes somewhere (navigate, open form, call, route, URL,
// download) so the browser's link semantics work; buttons for whatever does something (run a
// mutation, write a message, print).

import { h, hidden } from './dom.js';
import { composeMessage } from './compose.js';
import { confirmDialog } from './dialogs.js';
import { t } from './i18n.js';
import { runMutation } from './mutations.js';
import { notify } from './notify.js';
import { routeHref } from './router.js';

/** Kiosks hand out no files: the PDF prints from a hidden frame on the terminal's printer. */
function printDocument(url) {
  const frame = h('iframe', { class: 'print-frame', src: url, title: t('action.print'), 'aria-hidden': 'true', tabindex: '-1' });
  frame.addEventListener('load', () => {
    frame.contentWindow.focus();
    frame.contentWindow.print();
    window.setTimeout(() => frame.remove(), 60_000);
  });
  document.body.append(frame);
}

async function runAction(action) {
  if (action.confirm && !(await confirmDialog(action.confirm))) return;
  try {
    const outcome = await runMutation(action.mutation, action.input ?? {});
    if (outcome.kind === 'cancelled') return;
    const target = outcome.kind === 'done' && action.afterwards ? routeHref(action.afterwards.screen, action.afterwards.params) : null;
    if (target && target !== window.location.hash) {
      // Away from what is gone (a deleted external contract: back to the overview); the router clears
      // the notice on a new route, so the outcome is shown after it.
      window.addEventListener('hashchange', () => notify(outcome.message, 'success'), { once: true });
      window.location.hash = target;
      return;
    }
    notify(outcome.message, outcome.kind === 'done' ? 'success' : 'error');
    if (outcome.kind === 'done') window.dispatchEvent(new CustomEvent('bff:refresh'));
  } catch {
    notify(t('error.generic'), 'error');
  }
}

function link(href, content, className, extra = {}) {
  return h('a', { href, class: className, ...extra }, content);
}

function button(onclick, content, className) {
  return h('button', { type: 'button', class: className, onclick }, content);
}

/**
 * The element for `action`. `content`: what the element shows (a tile's title, icon, badge); without
 * it the action's label, or a default label for its kind.
 */
export function actionElement(action, { content = null, className = 'button', extra = {} } = {}) {
  const own = !action.label;
  const label = own ? t(`action.${action.__typename}`) : action.label;
  const body = content ?? label;
  switch (action.__typename) {
    case 'NavigateAction':
      return link(routeHref(action.screen, action.params), body, className, extra);
    case 'OpenFormAction':
      return link(routeHref(action.form, action.params), body, className);
    case 'CallAction':
      return link(action.uri, content ?? [label, ': ', action.phone], className);
    case 'RouteAction':
    case 'OpenUrlAction':
      return link(action.url, [body, hidden(` (${t('action.newWindow')})`)], className, { target: '_blank', rel: 'noopener noreferrer' });
    case 'DownloadAction':
      return link(action.url, [body, hidden(' (PDF)')], className, { download: '' });
    case 'PrintAction':
      return button(() => printDocument(action.url), body, className);
    case 'RunMutationAction':
      return button(() => runAction(action), body, className);
    case 'ComposeMessageAction':
      return button(() => composeMessage(action), body, className);
    default:
      return null; // an action this client does not know: the server only sends known ones
  }
}
