// Links from the portal's mails (activation, password reset, email confirmation) open a path of the
// portal's public address with a one-time token: `/activate?token=…`. The client turns the path into its
// screen and keeps the token in memory only: it leaves the address bar and the history at once (never a
// referrer, never a bookmark), and the screen's LINK_TOKEN form field sends it.

const MAIL_LINKS = {
  '/activate': 'activate',
  '/reset-password': 'reset_password',
  '/confirm-email': 'communication_data',
  '/verify-certificate': 'verify_certificate', // the link printed on ARK certificates (D7)
};

let token = null;

/** On boot: a mail link's path becomes its screen's route, its token moves into memory. */
export function takeMailLink() {
  const screen = MAIL_LINKS[window.location.pathname];
  if (!screen) return;
  const url = new URL(window.location.href);
  token = url.searchParams.get('token');
  url.searchParams.delete('token');
  window.history.replaceState(null, '', `/${url.search}#/${screen}`);
}

export function linkToken() {
  return token;
}

/** After the form used it: a token works once. */
export function forgetLinkToken() {
  token = null;
}
