// Lists: list.keyvalue/1, list.items/1, list.documents/1, list.faq/1, list.checklist/1, and the
// agent card (card.agent/1). Real lists (<ul>, <dl>, <ol>) so screen readers announce their length.

import { actionElement } from '../actions.js';
import { h, headingTag, hidden, uid } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';

function titled(component, context, className, ...body) {
  const title = component.title ? h(headingTag(context), {}, component.title) : null;
  return h('div', { class: `component ${className}` }, title, body);
}

function facts(entries) {
  return h('dl', { class: 'facts' }, entries.map((entry) => [h('dt', {}, entry.label), h('dd', {}, entry.value)]));
}

/** A folded list (a claim): its heading is a button that unfolds the facts (WAI disclosure pattern). */
function foldedList(component, context) {
  const bodyId = uid('facts');
  const body = h('div', { id: bodyId, class: 'fold-body', hidden: true }, facts(component.entries));
  const toggle = h(
    'button',
    { type: 'button', class: 'fold-toggle', 'aria-expanded': 'false', 'aria-controls': bodyId },
    h('span', { class: 'fold-title' }, component.title ?? ''),
    component.subtitle ? h('span', { class: 'fold-subtitle' }, component.subtitle) : null,
  );
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    body.hidden = !open;
  });
  return h('div', { class: 'component keyvalue folded' }, h(headingTag(context), { class: 'fold-heading' }, toggle), body);
}

export function keyValueList(component, context) {
  if (component.collapsed) return foldedList(component, context);
  const subtitle = component.subtitle ? h('p', { class: 'muted' }, component.subtitle) : null;
  return titled(component, context, 'keyvalue', subtitle, facts(component.entries));
}

function itemRow(item) {
  // Every row has the same "Herunterladen": the row's title describes which document it is.
  const titleId = uid('item');
  const title = h('span', { class: 'item-title', id: titleId }, item.title);
  const described = (element) => {
    element?.setAttribute('aria-describedby', titleId);
    return element;
  };
  return h(
    'li',
    { class: `item${item.unread ? ' item-unread' : ''}` },
    h('div', { class: 'item-main' },
      title,
      item.badge ? h('span', { class: 'badge' }, item.badge) : null,
      item.subtitle ? h('span', { class: 'item-subtitle' }, item.subtitle) : null),
    item.trailing ? h('span', { class: 'item-trailing' }, item.trailing) : null,
    h('div', { class: 'item-actions' },
      item.action ? described(actionElement(item.action, { className: 'button small' })) : null,
      item.moreActions.map((action) => described(actionElement(action, { className: 'button small quiet' })))),
  );
}

function items(list) {
  if (list.items.length === 0) return h('p', { class: 'muted' }, list.emptyText ?? t('list.empty'));
  return h('ul', { class: 'items' }, list.items.map(itemRow));
}

export function itemList(component, context) {
  return titled(component, context, 'items-list', items(component));
}

/** Postbox filters: a search form whose values become the screen's params. */
function filterForm(component, context) {
  if (!component.filters.length) return null;
  const controls = component.filters.map((filter) => {
    const id = `filter-${filter.name}`;
    if (filter.kind === 'CHECKBOX') {
      return h('div', { class: 'choice' },
        h('input', { id, name: filter.name, type: 'checkbox', value: 'true', checked: filter.value === true || filter.value === 'true' }),
        h('label', { for: id }, filter.label));
    }
    const control = filter.options.length
      ? h('select', { id, name: filter.name },
        h('option', { value: '' }, t('list.all')),
        filter.options.map((option) => h('option', { value: option.value, selected: option.value === filter.value }, option.label)))
      : h('input', { id, name: filter.name, type: filter.kind === 'DATE' ? 'date' : 'text', value: filter.value ?? null });
    return h('div', { class: 'field' }, h('label', { for: id }, filter.label), control);
  });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('list.filters') }, controls,
    h('button', { type: 'submit', class: 'button' }, t('list.filter')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = Object.fromEntries([...new FormData(form)].filter(([, value]) => value !== ''));
    navigate(context.screen, params);
  });
  return form;
}

/** "51–100 von 374" with the links to the pages before and after (the server's navigate actions). */
function pager(paging) {
  if (!paging) return null;
  return h('nav', { class: 'pager', 'aria-label': t('list.pages') },
    h('p', { class: 'pager-summary', 'aria-live': 'polite' }, paging.summary),
    h('div', { class: 'button-row' },
      paging.previous ? actionElement(paging.previous, { className: 'button', extra: { rel: 'prev' } }) : null,
      paging.next ? actionElement(paging.next, { className: 'button', extra: { rel: 'next' } }) : null));
}

export function documentList(component, context) {
  const unread = component.unreadCount
    ? h('p', { class: 'muted' }, t('postbox.unread', { count: component.unreadCount }))
    : null;
  return titled(component, context, 'documents', unread, filterForm(component, context), items(component), pager(component.paging));
}

export function faqList(component, context) {
  return titled(
    component,
    context,
    'faq',
    component.questions.map((entry) => h('details', {}, h('summary', {}, entry.question), h('p', {}, entry.answer))),
  );
}

export function checklist(component, context) {
  return titled(
    component,
    context,
    'checklist',
    h('ol', { class: 'steps' }, component.steps.map((step) => h(
      'li',
      { class: step.done ? 'step step-done' : 'step' },
      h('span', { class: 'step-state', 'aria-hidden': 'true' }, step.done ? '✓' : ''),
      step.action && !step.done ? actionElement(step.action, { content: step.title, className: 'step-link' }) : h('span', {}, step.title),
      hidden(step.done ? ` (${t('checklist.done')})` : ` (${t('checklist.open')})`),
    ))),
  );
}

export function agentCard(component, context) {
  return h(
    'article',
    { class: 'component card agent' },
    h(headingTag(context), {}, component.name),
    h('p', { class: 'muted' }, component.agencyName),
    h('address', {}, component.addressLines.map((line, i) => [i ? h('br') : null, line]),
      h('br'), h('a', { href: `mailto:${component.email}` }, component.email)),
    h('div', { class: 'button-row' }, component.actions.map((action) => actionElement(action, { className: 'button' }))),
  );
}
