// Sign-in (customer number + password, then the authenticator code when the account has one; or a
// passkey alone), sign-out, and the profile's passkey panel. The session is the HttpOnly cookie the
// server sets: the client never sees a token.

import { graphql } from './api.js';
import { h, uid } from './dom.js';
import { pick, t } from './i18n.js';
import { withFactorProof } from './dialogs.js';
import { notify } from './notify.js';
import { routeHref } from './router.js';
import { createPasskey, passkeysSupported, usePasskey } from './webauthn.js';

function input(id, attributes) {
  return h('input', { id, name: id, required: true, 'aria-required': 'true', ...attributes });
}

function field(labelText, control) {
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control);
}

function failure(summary, result) {
  const text = pick(result) ?? t('signin.failed');
  const wait = result?.retryAfterSeconds ? ` ${t('signin.retryAfter', { minutes: Math.ceil(result.retryAfterSeconds / 60) })}` : '';
  summary.replaceChildren(h('p', {}, `${text}${wait}`.trim()));
}

async function passkeySignIn(summary, onSignedIn) {
  summary.replaceChildren();
  try {
    const { data } = await graphql('beginPasskeyLogin');
    const credential = await usePasskey(data.beginPasskeyLogin.options);
    const { data: answer } = await graphql('finishPasskeyLogin', { credential });
    const result = answer.finishPasskeyLogin;
    if (result.__typename === 'LoginSuccess') onSignedIn();
    else failure(summary, result);
  } catch {
    summary.replaceChildren(h('p', {}, t('passkey.failed')));
  }
}

/** Lost second factor (issue 18): a letter with a code to the postal address on file, asked for with
 * this password challenge; its code, entered on a later sign-in, removes the lost factors. The server
 * tells the owner by mail at once. After it, the server-driven screen `second_factor_recovered`. */
function recoveryPanel(panel, challenge, onSignedIn) {
  const code = input('recovery-code', { type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' });
  const status = h('div', { class: 'form-summary', role: 'status' });
  const summary = h('div', { class: 'form-summary', role: 'alert' });
  const request = async () => {
    status.replaceChildren();
    summary.replaceChildren();
    try {
      const { data } = await graphql('requestFactorRecoveryLetter', { challengeId: challenge.challengeId });
      const result = data.requestFactorRecoveryLetter;
      if (result.__typename === 'FactorRecoveryLetterRequested') status.replaceChildren(h('p', {}, pick(result)));
      else failure(summary, result);
    } catch {
      failure(summary, null);
    }
  };
  const form = h(
    'form',
    { class: 'bff-form', novalidate: true, 'aria-labelledby': 'recovery-title' },
    h('h2', { id: 'recovery-title' }, t('recovery.title')),
    h('p', {}, t('recovery.intro')),
    h('div', { class: 'button-row' }, h('button', { type: 'button', class: 'button', onclick: request }, t('recovery.request'))),
    status,
    field(t('recovery.code'), code),
    summary,
    h('div', { class: 'button-row' },
      h('button', { type: 'submit', class: 'button primary' }, t('recovery.submit')),
      h('button', { type: 'button', class: 'button', onclick: () => secondFactorForm(panel, challenge, onSignedIn) }, t('recovery.back'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.replaceChildren();
    try {
      const { data } = await graphql('recoverSecondFactor', { challengeId: challenge.challengeId, code: code.value.trim() });
      const result = data.recoverSecondFactor;
      if (result.__typename === 'SecondFactorRecovered') {
        window.history.replaceState(null, '', '#/second_factor_recovered'); // no hashchange: signed out still
        onSignedIn();
      } else {
        failure(summary, result);
        code.setAttribute('aria-invalid', 'true');
      }
    } catch {
      failure(summary, null);
    }
  });
  panel.replaceChildren(form);
  form.querySelector('h2').setAttribute('tabindex', '-1');
  form.querySelector('h2').focus();
}

/** The second step: a code from the authenticator app (or a recovery code), or the passkey. */
function secondFactorForm(panel, challenge, onSignedIn) {
  const code = input('signin-code', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code' });
  const summary = h('div', { class: 'form-summary', role: 'alert' });
  const verify = async (variables) => {
    try {
      const { data } = await graphql('verifySecondFactor', { challengeId: challenge.challengeId, ...variables });
      const result = data.verifySecondFactor;
      if (result.__typename === 'LoginSuccess') onSignedIn();
      else failure(summary, result);
    } catch {
      failure(summary, null);
    }
  };
  const form = h(
    'form',
    { class: 'bff-form', novalidate: true, 'aria-labelledby': 'signin-title' },
    h('p', {}, t('signin.codeIntro')),
    field(t('signin.code'), code),
    summary,
    h('div', { class: 'button-row' },
      h('button', { type: 'submit', class: 'button primary' }, t('signin.confirm')),
      challenge.passkeyOptions && passkeysSupported()
        ? h('button', { type: 'button', class: 'button', onclick: async () => {
          try { await verify({ credential: await usePasskey(challenge.passkeyOptions) }); } catch { summary.replaceChildren(h('p', {}, t('passkey.failed'))); }
        } }, t('signin.passkey'))
        : null),
    h('p', {}, h('button', { type: 'button', class: 'link-button', onclick: () => recoveryPanel(panel, challenge, onSignedIn) }, t('recovery.lost'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    verify({ code: code.value.trim() });
  });
  panel.replaceChildren(form);
  code.focus();
}

export function renderSignIn(main, { onSignedIn }) {
  const number = input('signin-number', { type: 'text', autocomplete: 'username', inputmode: 'numeric' });
  const password = input('signin-password', { type: 'password', autocomplete: 'current-password' });
  const summary = h('div', { class: 'form-summary', role: 'alert' });
  const panel = h('div', {});
  const form = h(
    'form',
    { class: 'bff-form', novalidate: true, 'aria-labelledby': 'signin-title' },
    field(t('signin.customerNumber'), number),
    field(t('signin.password'), password),
    summary,
    h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'button primary' }, t('signin.submit'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.replaceChildren();
    try {
      const { data } = await graphql('login', { customerNumber: number.value.trim(), password: password.value });
      const result = data.login;
      if (result.__typename === 'LoginSuccess') onSignedIn();
      else if (result.__typename === 'SecondFactorRequired') secondFactorForm(panel, result, onSignedIn);
      else failure(summary, result);
    } catch {
      failure(summary, null);
    }
  });
  const passkeySummary = h('div', { class: 'form-summary', role: 'alert' });
  panel.append(
    form,
    passkeysSupported()
      ? h('div', { class: 'alternative' },
        h('p', { class: 'muted' }, t('signin.or')),
        h('button', { type: 'button', class: 'button', onclick: () => passkeySignIn(passkeySummary, onSignedIn) }, t('signin.passkey')),
        passkeySummary)
      : null,
  );
  const title = h('h1', { id: 'signin-title', tabindex: '-1' }, t('signin.title'));
  // The account journeys that need no session are server-driven screens too (issue 19).
  const help = h('nav', { class: 'signin-help', 'aria-label': t('signin.help') },
    h('ul', {},
      h('li', {}, h('a', { href: routeHref('reset_password') }, t('signin.forgotPassword'))),
      h('li', {}, h('a', { href: routeHref('forgot_customer_number') }, t('signin.forgotCustomerNumber')))),
    h('p', {}, t('signin.new'), ' ', h('a', { href: routeHref('register'), class: 'button' }, t('signin.register'))));
  main.replaceChildren(h('div', { class: 'signin card' }, title, panel, help, h('p', { class: 'muted demo-hint' }, t('signin.demo'))));
  document.title = `${t('signin.title')} – ${t('brand')}`;
  number.focus();
}

export async function signOut() {
  await graphql('logout');
}

function formatDate(value) {
  return value ? new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium' }).format(new Date(value)) : '–';
}

/** Profile → security: the viewer's passkeys and "add passkey" (navigator.credentials.create). */
export async function passkeyPanel() {
  const titleId = uid('passkeys');
  const section = h('section', { class: 'section section-panel', id: 'passkeys', 'aria-labelledby': titleId });
  const { data } = await graphql('passkeys');
  const passkeys = data.viewer?.passkeys ?? [];
  const nameInput = h('input', { id: uid('passkey-name'), type: 'text', value: t('passkey.defaultName'), autocomplete: 'off' });
  const summary = h('div', { class: 'form-summary', role: 'alert' });
  const add = async (event) => {
    event.preventDefault();
    summary.replaceChildren();
    try {
      const begun = await withFactorProof('beginPasskeyRegistration');
      if (!begun) return;
      if (begun.__typename !== 'PasskeyOptions') {
        summary.replaceChildren(h('p', {}, pick(begun)));
        return;
      }
      const credential = await createPasskey(begun.options);
      const { data: finished } = await graphql('finishPasskeyRegistration', { credential, name: nameInput.value.trim() || null });
      const result = finished.finishPasskeyRegistration;
      if (result.__typename !== 'PasskeyRegistered') {
        summary.replaceChildren(h('p', {}, pick(result)));
        return;
      }
      notify(t('passkey.added', { name: result.passkey.name }));
      section.replaceWith(await passkeyPanel());
    } catch {
      summary.replaceChildren(h('p', {}, t('passkey.failed')));
    }
  };
  section.append(
    h('h2', { id: titleId }, t('passkey.title')),
    h('p', { class: 'muted' }, t('passkey.intro')),
    passkeys.length
      ? h('ul', { class: 'items' }, passkeys.map((passkey) => h('li', { class: 'item' },
        h('div', { class: 'item-main' }, h('span', { class: 'item-title' }, passkey.name),
          h('span', { class: 'item-subtitle' }, t('passkey.created', { date: formatDate(passkey.createdAt) }))))))
      : h('p', {}, t('passkey.none')),
    passkeysSupported()
      ? h('form', { class: 'inline-form', onsubmit: add },
        h('div', { class: 'field' }, h('label', { for: nameInput.id }, t('passkey.name')), nameInput),
        h('button', { type: 'submit', class: 'button primary' }, t('passkey.add')),
        summary)
      : null,
  );
  return section;
}
