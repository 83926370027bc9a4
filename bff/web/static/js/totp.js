// Profile → security: turn on the authenticator app (TOTP). The QR code is the server's SVG shown as an
// image (data: URL), so nothing in it can run; the key is also shown as text for manual entry.

import { graphql } from './api.js';
import { withFactorProof } from './dialogs.js';
import { h, uid } from './dom.js';
import { pick, t } from './i18n.js';
import { notify } from './notify.js';

function recoveryCodes(codes) {
  return [
    h('p', {}, t('totp.recoveryIntro')),
    h('ul', { class: 'recovery-codes' }, codes.map((code) => h('li', {}, h('code', {}, code)))),
  ];
}

async function enrol(panel) {
  const enrolment = await withFactorProof('enrollTotp');
  if (!enrolment) return;
  if (enrolment.__typename !== 'TotpEnrollment') {
    panel.replaceChildren(h('p', {}, pick(enrolment)));
    return;
  }
  const codeId = uid('totp-code');
  const errorId = `${codeId}-error`;
  const code = h('input', { id: codeId, type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', 'aria-describedby': errorId });
  const error = h('p', { id: errorId, class: 'field-error', role: 'alert' });
  const form = h('form', { class: 'inline-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: codeId }, t('totp.code')), code),
    h('button', { type: 'submit', class: 'button primary' }, t('totp.confirm')), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { data: answer } = await graphql('confirmTotp', { code: code.value.trim() });
    const result = answer.confirmTotp;
    if (result.__typename === 'TotpConfirmed') {
      panel.replaceChildren(...recoveryCodes(result.recoveryCodes));
      notify(t('totp.enabled'));
    } else {
      error.textContent = pick(result);
      code.setAttribute('aria-invalid', 'true');
    }
  });
  const qr = `data:image/svg+xml;base64,${window.btoa(unescape(encodeURIComponent(enrolment.qrSvg)))}`;
  panel.replaceChildren(
    h('p', {}, t('totp.scan')),
    h('img', { class: 'qr', src: qr, alt: t('totp.qrAlt'), width: 180, height: 180 }),
    h('p', {}, t('totp.key'), ' ', h('code', { class: 'totp-secret' }, enrolment.secret)),
    form,
  );
  code.focus();
}

/** Profile → "Authenticator-App": on, or a button to set it up. */
export async function totpSection() {
  const { data } = await graphql('passkeys');
  const enabled = data.viewer?.secondFactorEnabled ?? false;
  const titleId = uid('totp');
  const panel = h('div', { class: 'totp' });
  if (enabled) panel.append(h('p', {}, t('totp.on')));
  else {
    panel.append(
      h('p', {}, t('totp.off')),
      h('button', { type: 'button', class: 'button', onclick: () => enrol(panel) }, t('totp.setUp')),
    );
  }
  return h('section', { class: 'section section-panel', id: 'authenticator', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, t('totp.title')), panel);
}
