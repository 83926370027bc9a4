// heading/1, text/1, notice/1.

import { h, headingTag } from '../dom.js';

export function heading(component, context) {
  return h(headingTag(context), { class: 'component heading' }, component.text);
}

export function text(component) {
  return h('p', { class: 'component text' }, component.text);
}

export function notice(component) {
  const severity = (component.severity ?? 'INFO').toLowerCase();
  // Warnings are announced; information is just there.
  return h(
    'div',
    { class: `component notice notice-${severity}`, role: severity === 'warning' ? 'alert' : null },
    component.title ? h('p', { class: 'notice-title' }, component.title) : null,
    h('p', {}, component.text),
  );
}
