// Form fields from the server's form spec (FormField: name, kind, label, help, required, options,
// value, liveCheck, maxItems, accept, minLength, maxLength, pattern, min, max, step: the server's own
// rules). Each widget is labelled, names its help and error text with aria-describedby and marks itself
// aria-invalid when the server refuses it.

import { graphql } from '../api.js';
import { h, uid } from '../dom.js';
import { pick, t } from '../i18n.js';
import { linkToken, forgetLinkToken } from '../links.js';

// Autofill hints (WCAG 1.3.5) for the fields the forms ask for.
const AUTOCOMPLETE = {
  street: 'address-line1', houseNumber: 'address-line2', postalCode: 'postal-code', city: 'address-level2',
  lastName: 'family-name', firstName: 'given-name', iban: 'off', email: 'email', mobile: 'tel',
  customerNumber: 'username', birthDate: 'bday', currentPassword: 'current-password',
};

function markInvalid(element, invalid) {
  if (invalid) element.setAttribute('aria-invalid', 'true');
  else element.removeAttribute('aria-invalid');
}

function describedBy(...ids) {
  return ids.filter(Boolean).join(' ') || null;
}

function label(field, id) {
  return h('label', { for: id }, field.label, field.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null);
}

function selectWidget(field, id, extra) {
  const current = field.value ?? '';
  const select = h('select', { id, name: field.name, ...extra });
  if (!field.required || current === '') select.append(h('option', { value: '' }, t('form.choose')));
  for (const option of field.options) {
    select.append(h('option', { value: option.value, selected: option.value === current }, option.label));
  }
  return { control: select, read: () => select.value || null, focus: () => select.focus() };
}

function choicesWidget(field, id, errorId, helpId) {
  const chosen = new Set(Array.isArray(field.value) ? field.value : []);
  const boxes = field.options.map((option) => {
    const boxId = uid(id);
    const box = h('input', { type: 'checkbox', id: boxId, name: field.name, value: option.value, checked: chosen.has(option.value) });
    return { box, row: h('div', { class: 'choice' }, box, h('label', { for: boxId }, option.label)) };
  });
  const fieldset = h(
    'fieldset',
    { class: 'field choices', id, 'aria-describedby': describedBy(helpId, errorId) },
    h('legend', {}, field.label, field.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    boxes.map(({ row }) => row),
  );
  return {
    element: fieldset,
    read: () => boxes.filter(({ box }) => box.checked).map(({ box }) => box.value),
    focus: () => boxes[0]?.box.focus(),
    mark: (invalid) => boxes.forEach(({ box }) => markInvalid(box, invalid)),
  };
}

/** PASSPORT_NUMBERS: a text per option (a traveller), sent as [{personId, passportNumber}] for those filled. */
function passportsWidget(field, id, errorId, helpId) {
  const current = new Map((Array.isArray(field.value) ? field.value : []).map((item) => [item.personId, item.passportNumber]));
  const inputs = field.options.map((option) => {
    const inputId = uid(id);
    const input = h('input', {
      id: inputId, name: `${field.name}.${option.value}`, type: 'text', value: current.get(option.value) ?? null,
      autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', maxlength: 12,
    });
    return { option, input, row: h('div', { class: 'field' }, h('label', { for: inputId }, option.label), input) };
  });
  const fieldset = h(
    'fieldset',
    { class: 'field passports', id, 'aria-describedby': describedBy(helpId, errorId) },
    h('legend', {}, field.label, field.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    inputs.map(({ row }) => row),
  );
  return {
    element: fieldset,
    read: () => inputs
      .filter(({ input }) => input.value.trim())
      .map(({ option, input }) => ({ personId: option.value, passportNumber: input.value.trim() })),
    focus: () => inputs[0]?.input.focus(),
    mark: (invalid) => inputs.forEach(({ input }) => markInvalid(input, invalid)),
  };
}

/** The IBAN field's live check: bank and BIC (or what is wrong) while the customer types. */
function liveIbanCheck(input, output) {
  let timer = null;
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const iban = input.value.trim();
      if (iban.replace(/\s/g, '').length < 15) {
        output.textContent = '';
        return;
      }
      const { data } = await graphql('checkIban', { iban });
      const check = data.checkIban;
      output.textContent = check.valid ? [check.bankName, check.bic].filter(Boolean).join(' · ') : pick(check);
    }, 400);
  });
}

/** One field: {name, kind, element, read(), focus(), showError(text)}; FILES also has files(). */
export function fieldWidget(field, formId) {
  const id = `${formId}-${field.name}`;
  const errorId = `${id}-error`;
  const helpId = field.help ? `${id}-help` : null;
  const error = h('p', { id: errorId, class: 'field-error' });
  const help = field.help ? h('p', { id: helpId, class: 'help' }, field.help) : null;
  const aria = { 'aria-describedby': describedBy(helpId, errorId), 'aria-required': field.required ? 'true' : null };
  let widget;
  const token = field.kind === 'LINK_TOKEN' ? linkToken() : null;
  if (token) {
    // The secret of the mail link that opened the screen: sent, never shown (nor kept in the address).
    widget = { element: h('div', { hidden: true }), read: () => token, focus: () => {}, mark: () => {}, used: forgetLinkToken };
  } else if (field.kind === 'MULTI_SELECT') {
    widget = choicesWidget(field, id, errorId, helpId);
    widget.element.append(help ?? '', error);
  } else if (field.kind === 'PASSPORT_NUMBERS') {
    widget = passportsWidget(field, id, errorId, helpId);
    widget.element.append(help ?? '', error);
  } else {
    let control;
    let read;
    let files = () => [];
    if (field.kind === 'SELECT' || field.kind === 'COUNTRY') {
      ({ control, read } = selectWidget(field, id, aria));
    } else if (field.kind === 'TEXTAREA') {
      control = h('textarea', { id, name: field.name, rows: 5, maxlength: field.maxLength ?? null, ...aria }, field.value ?? '');
      read = () => control.value.trim() || null;
    } else if (field.kind === 'CHECKBOX') {
      control = h('input', { id, name: field.name, type: 'checkbox', checked: field.value === true, ...aria });
      read = () => control.checked;
    } else if (field.kind === 'FILES') {
      control = h('input', { id, name: field.name, type: 'file', multiple: true, accept: field.accept.join(',') || null, ...aria });
      read = () => Array.from(control.files, () => null); // placeholders: the files go as multipart parts
      files = () => Array.from(control.files);
    } else {
      const password = field.kind === 'PASSWORD';
      control = h('input', {
        id, name: field.name, type: field.kind === 'DATE' ? 'date' : password ? 'password' : 'text', value: password ? null : field.value ?? null,
        inputmode: field.kind === 'POSTAL_CODE' ? 'numeric' : null,
        autocomplete: AUTOCOMPLETE[field.name] ?? (field.kind === 'POSTAL_CODE' ? 'postal-code' : password ? 'new-password' : field.kind === 'LINK_TOKEN' ? 'off' : null),
        spellcheck: field.kind === 'IBAN' || field.kind === 'LINK_TOKEN' ? 'false' : null,
        maxlength: field.maxLength ?? null, minlength: field.minLength ?? null, ...aria,
      });
      read = () => control.value.trim() || null;
    }
    const parts = [label(field, id), control, help];
    if (field.liveCheck === 'checkIban') {
      const output = h('p', { class: 'live-check', 'aria-live': 'polite' });
      liveIbanCheck(control, output);
      parts.push(output);
    }
    widget = {
      element: h('div', { class: `field field-${field.kind.toLowerCase()}` }, parts, error),
      read,
      files,
      focus: () => control.focus(),
      mark: (invalid) => markInvalid(control, invalid),
    };
  }
  return {
    name: field.name,
    kind: field.kind,
    required: field.required,
    rules: field,
    files: () => [],
    ...widget,
    showError(text) {
      error.textContent = text ?? '';
      widget.mark(Boolean(text));
    },
  };
}

function isEmpty(value) {
  return value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0);
}

/**
 * The one check the client makes: required fields are filled (the mutations' input types need them).
 * Marks the empty ones and answers false when there are any.
 */
export function requiredFilled(widgets, values) {
  const missing = widgets.filter((widget) => widget.required && isEmpty(values[widget.name]) && !widget.files().length);
  showProblems(widgets, missing.map((widget) => ({ path: widget.name, message: t('form.required'), messageEn: t('form.required') })));
  return missing.length === 0;
}

// Python's \w and \W match letters of every language; JavaScript's only ASCII ones, so such a pattern
// is left to the server rather than refusing "Müller" here.
function portablePattern(pattern) {
  return pattern && !/\\[wW]/.test(pattern) ? new RegExp(`^(?:${pattern})$`, 'u') : null;
}

/** "45,90", "1.234,56 €", "45.90" or "1,234.56" as a number, as the server reads amounts; NaN otherwise. */
function typedNumber(text) {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '').replace(/^EUR|EUR$/gi, '');
  if (/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/.test(compact)) return Number(compact.replace(/\./g, '').replace(',', '.'));
  if (/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(compact)) return Number(compact.replace(/,/g, ''));
  return NaN;
}

/** The server's limits as the form announced them; a problem per widget that breaks one. */
function ruleProblem(widget, value) {
  const rules = widget.rules;
  if (isEmpty(value)) return null;
  if (widget.kind === 'FILES') {
    const files = widget.files();
    if (rules.maxItems && files.length > rules.maxItems) return t('form.tooManyFiles', { count: rules.maxItems });
    if (rules.accept.length && files.some((file) => !rules.accept.includes(file.type))) return t('form.fileType');
    return null;
  }
  if (Array.isArray(value)) return rules.maxItems && value.length > rules.maxItems ? t('form.tooMany', { count: rules.maxItems }) : null;
  const text = String(value);
  if (rules.maxLength && text.length > rules.maxLength) return t('form.tooLong', { count: rules.maxLength });
  if (rules.minLength && text.length < rules.minLength) return t('form.tooShort', { count: rules.minLength });
  const pattern = portablePattern(rules.pattern);
  if (pattern && !pattern.test(text)) return t('form.pattern');
  if (rules.min !== null || rules.max !== null || rules.step !== null) {
    const number = typedNumber(text);
    if (Number.isNaN(number)) return t('form.number');
    if (rules.min !== null && number < Number(rules.min)) return t('form.min', { count: rules.min });
    if (rules.max !== null && number > Number(rules.max)) return t('form.max', { count: rules.max });
    if (rules.step !== null && Math.abs(Math.round(number / Number(rules.step)) * Number(rules.step) - number) > 1e-9) {
      return t('form.step', { count: rules.step });
    }
  }
  return null;
}

/** The limits the server announced, checked before sending (the server checks them again). */
export function rulesKept(widgets, values) {
  const problems = widgets
    .map((widget) => ({ widget, text: ruleProblem(widget, values[widget.name]) }))
    .filter(({ text }) => text)
    .map(({ widget, text }) => ({ path: widget.name, message: text, messageEn: text }));
  showProblems(widgets, problems);
  return problems.length === 0;
}

/** Put the server's field problems (`path` like `debitContractIds.1`) next to their fields. */
export function showProblems(widgets, problems) {
  const unplaced = [];
  const byName = new Map(widgets.map((widget) => [widget.name, widget]));
  const texts = new Map();
  for (const problem of problems) {
    const widget = byName.get(problem.path.split('.')[0]);
    if (!widget) unplaced.push(pick(problem));
    else texts.set(widget, [...(texts.get(widget) ?? []), pick(problem)]);
  }
  for (const widget of widgets) widget.showError(texts.has(widget) ? [...new Set(texts.get(widget))].join(' ') : null);
  const first = widgets.find((widget) => texts.has(widget));
  first?.focus();
  return unplaced;
}
