// The staff enrolment link (`bff staff create`): set the password and the authenticator app in one go.
// Runs `beginStaffEnrolment` (the secret and its QR code) and `completeStaffEnrolment` (password and a
// first code). The token is read once and removed from the address bar; no cookie, no storage.

const english = (navigator.language || 'de').toLowerCase().startsWith('en');
const TEXT = {
  title: ['Zugang für Mitarbeitende einrichten', 'Set up your staff access'],
  noToken: ['Der Link ist unvollständig. Bitte öffnen Sie den Link aus Ihrer Einladung.', 'The link is incomplete. Please open the link from your invitation.'],
  failed: ['Das hat nicht geklappt. Bitte versuchen Sie es erneut.', 'That did not work. Please try again.'],
  intro: ['Ihr Zugang ist angelegt. Richten Sie jetzt Passwort und Authenticator-App ein; der Link gilt einmal und 24 Stunden.', 'Your access has been created. Now set your password and authenticator app; the link works once and for 24 hours.'],
  scan: ['1. Scannen Sie den QR-Code mit Ihrer Authenticator-App (oder geben Sie den Schlüssel ein).', '1. Scan the QR code with your authenticator app (or enter the key).'],
  qr: ['QR-Code für die Authenticator-App', 'QR code for the authenticator app'],
  key: ['Schlüssel', 'Key'],
  fill: ['2. Wählen Sie Ihr Passwort und geben Sie den Code aus der App ein.', '2. Choose your password and enter the code from the app.'],
  password: ['Neues Passwort (mindestens 10 Zeichen)', 'New password (at least 10 characters)'],
  code: ['Code aus der Authenticator-App', 'Code from the authenticator app'],
  submit: ['Zugang einrichten', 'Set up access'],
  done: ['Ihr Zugang ist eingerichtet. Melden Sie sich ab jetzt mit Ihrem Namen, dem Passwort und einem Code aus der App an.', 'Your access is set up. From now on sign in with your name, the password and a code from the app.'],
  name: ['Ihr Anmeldename', 'Your sign-in name'],
  recovery: ['Bewahren Sie diese Wiederherstellungscodes sicher auf; jeder gilt einmal, falls Sie die App verlieren. Sie werden nur jetzt angezeigt.', 'Keep these recovery codes safe; each works once if you lose the app. They are shown only now.'],
};

const text = (key) => TEXT[key][english ? 1 : 0];
const pick = (result) => (english ? result.messageEn : result.message) || text('failed');

function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

const BEGIN = `mutation BeginStaffEnrolment($token: String!) { beginStaffEnrolment(token: $token) { __typename
  ... on TotpEnrollment { secret qrSvg } ... on InvalidToken { message messageEn } } }`;
const COMPLETE = `mutation CompleteStaffEnrolment($token: String!, $password: String!, $code: String!) {
  completeStaffEnrolment(token: $token, password: $password, code: $code) { __typename
  ... on StaffEnrolled { name recoveryCodes } ... on InvalidToken { message messageEn }
  ... on InvalidCode { message messageEn } ... on WeakPassword { message messageEn } } }`;

async function graphql(query, variables) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': english ? 'en' : 'de' },
    body: JSON.stringify({ query, variables }),
    credentials: 'omit',
  });
  const body = await response.json();
  if (!body.data) throw new Error('GraphQL error');
  return body.data;
}

function show(main, ...children) {
  const title = h('h1', { id: 'title', tabindex: '-1' }, text('title'));
  main.replaceChildren(title, ...children);
  title.focus();
}

function finished(main, enrolled) {
  show(
    main,
    h('p', { class: 'success', role: 'status' }, text('done')),
    h('p', {}, `${text('name')}: `, h('strong', { id: 'staff-name' }, enrolled.name)),
    h('p', {}, text('recovery')),
    h('ul', { class: 'codes', id: 'recovery-codes' }, enrolled.recoveryCodes.map((code) => h('li', {}, h('code', {}, code)))),
  );
}

function enrolmentForm(main, token, enrollment) {
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: '10', 'aria-describedby': 'form-error' });
  const code = h('input', { id: 'code', name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, 'aria-describedby': 'form-error' });
  const error = h('p', { id: 'form-error', class: 'error', role: 'alert' });
  const form = h(
    'form', { novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'password' }, text('password')), password),
    h('div', { class: 'field' }, h('label', { for: 'code' }, text('code')), code),
    error,
    h('button', { type: 'submit' }, text('submit')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const data = await graphql(COMPLETE, { token, password: password.value, code: code.value.trim() });
      const result = data.completeStaffEnrolment;
      if (result.__typename === 'StaffEnrolled') {
        finished(main, result);
        return;
      }
      error.textContent = pick(result);
      const field = result.__typename === 'WeakPassword' ? password : code;
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    } catch {
      error.textContent = text('failed');
    }
  });
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrollment.qrSvg)}`;
  show(
    main,
    h('p', {}, text('intro')),
    h('h2', {}, text('scan')),
    h('img', { class: 'qr', src: qr, alt: text('qr') }),
    h('p', {}, `${text('key')}: `, h('span', { class: 'secret', id: 'secret' }, enrollment.secret)),
    h('h2', {}, text('fill')),
    form,
  );
}

async function start() {
  const main = document.getElementById('main');
  document.documentElement.lang = english ? 'en' : 'de';
  document.title = text('title');
  const token = new URLSearchParams(window.location.search).get('token');
  window.history.replaceState(null, '', window.location.pathname); // the secret leaves the address bar
  if (!token) {
    show(main, h('p', { class: 'error', role: 'alert' }, text('noToken')));
    return;
  }
  try {
    const data = await graphql(BEGIN, { token });
    const result = data.beginStaffEnrolment;
    if (result.__typename === 'TotpEnrollment') enrolmentForm(main, token, result);
    else show(main, h('p', { class: 'error', role: 'alert' }, pick(result)));
  } catch {
    show(main, h('p', { class: 'error', role: 'alert' }, text('failed')));
  }
}

start();
