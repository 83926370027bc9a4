// The client's own texts (header, sign-in, dialogs) in de and en. Everything a layout shows comes
// translated from the server; results carry `message` (German) and `messageEn`.

import { settings } from './state.js';

const dictionaries = new Map();
let texts = {};

export async function loadTexts(locale) {
  if (!dictionaries.has(locale)) {
    const response = await fetch(`/web/i18n/${locale}.json`);
    dictionaries.set(locale, await response.json());
  }
  texts = dictionaries.get(locale);
  document.documentElement.lang = locale;
  applyTexts(document);
}

/** `t('signin.title')`, with `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const text = texts[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

/** Static markup marks its texts with data-i18n (text) and data-i18n-label (aria-label). */
export function applyTexts(root) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
}

/** The server's bilingual text of a result in the chosen language: `message`/`messageEn` etc. */
export function pick(result, field = 'message') {
  if (!result) return null;
  return settings.locale === 'en' ? (result[`${field}En`] ?? result[field]) : result[field];
}
