// Building elements without innerHTML: every text from the server becomes a text node, never markup,
// so a document title or a name can never inject script (and the CSP forbids inline script anyway).

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else element.setAttribute(name, value === true ? '' : String(value));
  }
  return append(element, children);
}

export function append(element, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

let counter = 0;

/** A document-unique id, for label/aria-describedby pairs. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** The heading tag for a component's title: h2 under the screen's h1, h3 inside a titled section. */
export function headingTag(context) {
  return `h${context?.level ?? 2}`;
}

/** Text only screen readers read (e.g. "opens in a new window" after a link). */
export function hidden(text) {
  return h('span', { class: 'visually-hidden' }, text);
}
