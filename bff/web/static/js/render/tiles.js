// Tiles and cards: tile.action/1, tile.hero/1, card.contract/1, banner.campaign/1, card.offer/1.
// A tile is one big link or button (its whole surface is the target; large ones on kiosks).

import { actionElement } from '../actions.js';
import { h, headingTag, hidden } from '../dom.js';
import { icon } from '../icons.js';
import { t } from '../i18n.js';

export function actionTile(component) {
  const size = component.size === 'LARGE' ? ' tile-large' : '';
  const emphasized = component.emphasized ? ' tile-emphasized' : '';
  const content = [
    icon(component.icon ?? 'arrow', 'tile-icon'),
    h('span', { class: 'tile-text' },
      h('span', { class: 'tile-title' }, component.title),
      component.subtitle ? h('span', { class: 'tile-subtitle' }, component.subtitle) : null),
    component.badge ? h('span', { class: 'badge' }, String(component.badge), hidden(` ${t('badge.new')}`)) : null,
  ];
  const className = `tile${size}${emphasized}`;
  const element = component.action
    ? actionElement(component.action, { content, className })
    : h('div', { class: className }, content);
  if (component.accessibilityLabel) element.setAttribute('aria-label', component.accessibilityLabel);
  return element;
}
actionTile.group = 'tiles';

export function heroTile(component, context) {
  return h(
    'div',
    { class: 'component hero' },
    component.imageUrl ? h('img', { src: component.imageUrl, alt: component.imageAlt ?? '' }) : null,
    h(headingTag(context), {}, component.title),
    component.text ? h('p', { class: 'hero-text' }, component.text) : null,
    component.action ? actionElement(component.action, { content: t('action.details'), className: 'button primary' }) : null,
  );
}

export function contractCard(component, context) {
  const facts = [
    [t('contract.policyNumber'), component.policyNumber ? h('span', { class: 'identifier' }, component.policyNumber) : null],
    [t('contract.premium'), component.premium],
    [t('contract.expiry'), component.expiry],
  ].filter(([, value]) => value);
  const title = component.action
    ? actionElement(component.action, { content: component.title ?? component.lineLabel, className: 'card-link' })
    : component.title;
  return h(
    'article',
    { class: `card contract${component.highlighted ? ' card-highlighted' : ''}` },
    h('p', { class: 'eyebrow' }, component.lineLabel, component.external ? ` · ${t('contract.external')}` : ''),
    h(headingTag(context), {}, title),
    component.subtitle ? h('p', { class: 'muted' }, component.subtitle) : null,
    h('dl', { class: 'facts' }, facts.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
  );
}
contractCard.group = 'cards';

function promo(kind) {
  return (component, context) => h(
    'article',
    { class: `component ${kind}${component.size === 'LARGE' ? ' card-large' : ''}` },
    h(headingTag(context), {}, component.title),
    component.text ? h('p', {}, component.text) : null,
    component.action ? actionElement(component.action, { className: 'button primary' }) : null,
  );
}

export const campaignBanner = promo('campaign');
export const offerCard = promo('card offer');
offerCard.group = 'cards';
