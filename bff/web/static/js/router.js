// Hash routes over the layout API's screens: `#/dashboard`, `#/contract/<id>` (screens whose one
// param is a contract), otherwise params as a query: `#/profile?focus=security`. Forms are screens
// too (`#/ark_certificate/<id>`), so every navigate and open-form action is a plain link.

export function routeHref(screen, params = {}) {
  const entries = Object.entries(params ?? {}).filter(([, value]) => value !== null && value !== '');
  if (entries.length === 1 && entries[0][0] === 'contractId') {
    return `#/${screen}/${encodeURIComponent(entries[0][1])}`;
  }
  const query = new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString();
  return `#/${screen}${query ? `?${query}` : ''}`;
}

/** The route in the address; the dashboard for an empty hash or one that is no route. */
export function currentRoute() {
  const hash = window.location.hash;
  if (!hash.startsWith('#/') || hash === '#/') return { screen: 'dashboard', params: {} };
  const [path, query = ''] = hash.slice(2).split('?');
  const [screen, id] = path.split('/');
  const params = Object.fromEntries(new URLSearchParams(query));
  if (id) params.contractId = decodeURIComponent(id);
  return { screen: screen || 'dashboard', params };
}

export function navigate(screen, params = {}) {
  window.location.hash = routeHref(screen, params);
}
