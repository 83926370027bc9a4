// form/1: the server's form spec, submitted with its mutation. The client checks that required fields
// are filled and that values keep the limits the server announced with each field (length, pattern,
// range, step, files); the server validates everything again and its messages appear next to the fields.

import { h, headingTag, uid } from '../dom.js';
import { MUTATIONS, runMutation } from '../mutations.js';
import { routeHref } from '../router.js';
import { pick, t } from '../i18n.js';
import { fieldWidget, requiredFilled, rulesKept, showProblems } from './fields.js';

function confirmation(outcome, titleId) {
  const request = outcome.result?.request;
  return h(
    'div',
    { class: 'confirmation', role: 'status', tabindex: '-1' },
    h('h2', { id: titleId }, t('form.thanks')),
    h('p', {}, outcome.message),
    request ? h('p', { class: 'muted' }, pick(request, 'deliveryHint') ?? pick(request, 'title')) : null,
    h('p', {}, h('a', { class: 'button', href: routeHref('dashboard') }, t('nav.dashboard'))),
  );
}

function suggestionBox(outcome, accept) {
  const address = outcome.suggestion;
  return h(
    'div',
    { class: 'notice notice-info' },
    h('p', {}, outcome.message),
    h('p', { class: 'address' }, `${address.street} ${address.houseNumber}, ${address.postalCode} ${address.city}`),
    h('button', { type: 'button', class: 'button', onclick: accept }, t('form.acceptSuggestion')),
  );
}

/** `add.0.kind` fills {add: [{kind}]}: a field of an item of a list in the mutation's input. */
function setPath(values, name, value) {
  const parts = name.split('.');
  let target = values;
  parts.slice(0, -1).forEach((part, index) => {
    const next = /^\d+$/.test(parts[index + 1]) ? [] : {};
    target[part] ??= next;
    target = target[part];
  });
  target[parts.at(-1)] = value;
}

/** Arguments beside the input come from the screen's parameters (`updateExternalContract(id, input)`). */
function besideInput(mutation, context) {
  return Object.fromEntries((MUTATIONS[mutation]?.outside ?? []).map((name) => [name, context.params?.[name]]));
}

export function renderForm(component, context) {
  const formId = uid(`form-${component.id}`);
  const titleId = `${formId}-title`;
  const widgets = component.fields.map((field) => fieldWidget(field, formId));
  const summary = h('div', { class: 'form-summary', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, component.submitLabel);
  const form = h(
    'form',
    { class: 'bff-form', id: formId, novalidate: true, 'aria-labelledby': component.title ? titleId : null },
    component.title ? h(headingTag(context), { id: titleId }, component.title) : null,
    component.text ? h('p', {}, component.text) : null,
    h('p', { class: 'muted' }, t('form.requiredHint')),
    widgets.map((widget) => widget.element),
    summary,
    h('div', { class: 'button-row' }, submit),
  );
  const container = h('div', { class: 'component form' }, form);

  async function send(extra = {}) {
    const values = {};
    const files = [];
    for (const widget of widgets) {
      const value = widget.read();
      if (value !== null && !(Array.isArray(value) && value.length === 0 && widget.kind === 'FILES')) setPath(values, widget.name, value);
      widget.files().forEach((file, index) => files.push({ path: `variables.input.${widget.name}.${index}`, file }));
    }
    summary.replaceChildren();
    if (!requiredFilled(widgets, values)) {
      summary.append(h('p', {}, t('form.missing')));
      return;
    }
    if (!rulesKept(widgets, values)) {
      summary.append(h('p', {}, t('form.check')));
      return;
    }
    submit.disabled = true;
    try {
      const outcome = await runMutation(component.mutation, { ...besideInput(component.mutation, context), ...values, ...extra }, { files });
      if (outcome.kind === 'done') {
        widgets.forEach((widget) => widget.used?.());
        const done = confirmation(outcome, titleId);
        container.replaceChildren(done);
        done.focus();
      } else if (outcome.kind === 'invalid') {
        const unplaced = showProblems(widgets, outcome.fields);
        summary.append(h('p', {}, outcome.message), unplaced.map((text) => h('p', {}, text)));
      } else if (outcome.kind === 'suggestion') {
        summary.append(suggestionBox(outcome, () => send({ confirmSuggestion: true })));
      } else {
        summary.append(h('p', {}, outcome.message));
      }
    } catch (error) {
      summary.append(h('p', {}, t('error.generic')));
    } finally {
      submit.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  return container;
}
