// The layout names icons (`icon: mail`); the client draws them. Simple stroked 24px outlines, built
// as SVG elements (no markup strings), always decorative: the text next to them carries the meaning.

const PATHS = {
  mail: 'M3 6h18v12H3z M3 6l9 7 9-7',
  folder: 'M3 6h6l2 2h10v10H3z',
  shield: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z',
  receipt: 'M6 3h12v18l-3-2-3 2-3-2-3 2z M9 8h6 M9 12h6',
  person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M4 21c0-4 4-6 8-6s8 2 8 6',
  grid: 'M4 4h7v7H4z M13 4h7v7h-7z M4 13h7v7H4z M13 13h7v7h-7z',
  certificate: 'M5 3h14v13H5z M8 7h8 M8 11h5 M10 16l-1 5 2-1.5 2 1.5-1-5',
  home: 'M3 11l9-8 9 8 M5 10v10h14V10',
  bank: 'M3 9l9-5 9 5 M5 10v8 M10 10v8 M14 10v8 M19 10v8 M3 20h18',
  phone: 'M5 4h4l2 5-3 2a11 11 0 0 0 5 5l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 6a2 2 0 0 1 2-2z',
  calendar: 'M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5',
  edit: 'M4 20h4L20 8l-4-4L4 16z',
  chat: 'M4 5h16v11H9l-5 4z',
  star: 'M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.4 6.5 20.3l1-6.2L3 9.7l6.2-.9z',
  add: 'M12 5v14 M5 12h14',
  trash: 'M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13',
  arrow: 'M5 12h14 M13 6l6 6-6 6',
};

const SVG = 'http://www.w3.org/2000/svg';

export function icon(name, className = 'icon') {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name] ?? PATHS.arrow);
  svg.append(path);
  return svg;
}
