// The renderer registry: one function per component type this client renders. Its keys are what the
// client tells the server it can render (ClientInput.components): all 15 types of the layout API.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { renderForm } from './form.js';
import { agentCard, checklist, documentList, faqList, itemList, keyValueList } from './lists.js';
import { heading, notice, text } from './text.js';
import { actionTile, campaignBanner, contractCard, heroTile, offerCard } from './tiles.js';

export const RENDERERS = {
  'heading/1': heading,
  'text/1': text,
  'notice/1': notice,
  'tile.action/1': actionTile,
  'tile.hero/1': heroTile,
  'card.contract/1': contractCard,
  'list.keyvalue/1': keyValueList,
  'list.items/1': itemList,
  'list.documents/1': documentList,
  'card.agent/1': agentCard,
  'banner.campaign/1': campaignBanner,
  'card.offer/1': offerCard,
  'list.faq/1': faqList,
  'list.checklist/1': checklist,
  'form/1': renderForm,
};

export const COMPONENT_TYPES = Object.keys(RENDERERS);

function unavailable() {
  return h('p', { class: 'component notice notice-warning' }, t('component.unavailable'));
}

/** Consecutive tiles (or cards) become one list, so "list, 6 items" is announced for a tile grid. */
function renderComponents(components, context) {
  const out = [];
  let group = null;
  for (const component of components) {
    if (component === null) { // its upstream failed; the rest of the screen still renders
      group = null;
      out.push(unavailable());
      continue;
    }
    const render = RENDERERS[component.type];
    if (!render) continue;
    const element = render(component, context);
    element.dataset.component = component.id;
    element.dataset.type = component.type;
    if (!render.group) {
      group = null;
      out.push(element);
      continue;
    }
    if (group?.dataset.group !== render.group) {
      group = h('ul', { class: `grid grid-${render.group}`, 'data-group': render.group });
      out.push(group);
    }
    group.append(h('li', {}, element));
  }
  return out;
}

export function renderSections(layout, context) {
  return layout.sections.map((section) => {
    const titleId = `section-${section.id}`;
    return h(
      'section',
      { class: `section section-${section.id}`, id: section.id, 'aria-labelledby': section.title ? titleId : null },
      section.title ? h('h2', { id: titleId, tabindex: '-1' }, section.title) : null,
      renderComponents(section.components, { ...context, level: section.title ? 3 : 2 }),
    );
  });
}
