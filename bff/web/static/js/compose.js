// ComposeMessageAction: a message to the insurer (C5) in a dialog; the category decides the recipient
// (often the agent), the subject comes preset from the layout.

import { h, uid } from './dom.js';
import { openModal } from './dialogs.js';
import { t } from './i18n.js';
import { runMutation } from './mutations.js';
import { notify } from './notify.js';
import { fieldWidget, requiredFilled, showProblems } from './render/fields.js';

export function composeMessage(action) {
  const formId = uid('compose');
  const widgets = [
    fieldWidget({ name: 'subject', kind: 'TEXT', label: t('compose.subject'), required: true, value: action.subject, options: [], accept: [] }, formId),
    fieldWidget({ name: 'text', kind: 'TEXTAREA', label: t('compose.text'), required: true, options: [], accept: [] }, formId),
  ];
  const summary = h('div', { class: 'form-summary', role: 'alert' });
  const form = h(
    'form',
    { novalidate: true },
    widgets.map((widget) => widget.element),
    summary,
    h(
      'div',
      { class: 'button-row' },
      h('button', { type: 'submit', class: 'button primary' }, t('compose.send')),
      h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('dialog.cancel')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.replaceChildren();
    const values = { category: action.category, subject: widgets[0].read(), text: widgets[1].read() };
    if (!requiredFilled(widgets, values)) return;
    try {
      const outcome = await runMutation('sendMessage', values);
      if (outcome.kind === 'done') {
        dialog.close();
        notify(outcome.message);
      } else if (outcome.kind === 'invalid') {
        summary.append(showProblems(widgets, outcome.fields).map((text) => h('p', {}, text)));
      } else summary.append(h('p', {}, outcome.message));
    } catch {
      summary.append(h('p', {}, t('error.generic')));
    }
  });
  const dialog = openModal(action.label ?? t('compose.title'), form);
  widgets[action.subject ? 1 : 0].focus();
}
