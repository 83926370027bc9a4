// Modal dialogs on the native <dialog> element: it traps focus, closes on Escape and gives focus back
// to the button that opened it, which is most of what an accessible modal needs.

import { graphql } from './api.js';
import { h, uid } from './dom.js';
import { pick, t } from './i18n.js';
import { passkeysSupported, usePasskey } from './webauthn.js';

/** Open a modal with a heading; `onClose` gets the dialog's returnValue. */
export function openModal(title, content, { onClose } = {}) {
  const titleId = uid('dialog-title');
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), content);
  document.body.append(dialog);
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.(dialog.returnValue);
  });
  dialog.showModal();
  return dialog;
}

function buttonRow(...buttons) {
  return h('div', { class: 'button-row' }, buttons);
}

export function confirmDialog(text) {
  return new Promise((resolve) => {
    const form = h(
      'form',
      { method: 'dialog' },
      h('p', {}, text),
      buttonRow(
        h('button', { class: 'button primary', value: 'ok' }, t('dialog.ok')),
        h('button', { class: 'button', value: 'cancel' }, t('dialog.cancel')),
      ),
    );
    openModal(t('dialog.confirm'), form, { onClose: (value) => resolve(value === 'ok') });
  });
}

export function messageDialog(title, text) {
  return new Promise((resolve) => {
    const form = h('form', { method: 'dialog' }, h('p', {}, text), buttonRow(h('button', { class: 'button primary' }, t('dialog.ok'))));
    openModal(title, form, { onClose: () => resolve() });
  });
}

/**
 * Step-up (TAN) for one change: open a challenge bound to `operation` and `payload`, ask for an
 * authenticator code, a passkey or a TAN sent by SMS (the SMS names the change), answer the grant — or
 * null when the customer cancels.
 */
export async function stepUp(operation, payload) {
  const { data } = await graphql('requestStepUp', { operation, payload });
  const challenge = data.requestStepUp;
  if (challenge.__typename !== 'StepUpChallenge') {
    await messageDialog(t('stepup.title'), pick(challenge));
    return null;
  }
  return new Promise((resolve) => {
    let grant = null;
    const codeId = uid('stepup-code');
    const errorId = uid('stepup-error');
    const error = h('p', { id: errorId, class: 'field-error', role: 'alert' });
    const methods = challenge.methods ?? [];
    const smsOnly = methods.length === 1 && methods[0] === 'SMS';
    const label = h('label', { for: codeId }, t(smsOnly ? 'stepup.smsCode' : 'stepup.code'));
    const input = h('input', {
      id: codeId, name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
      required: true, 'aria-required': 'true', 'aria-describedby': errorId,
    });
    const smsStatus = h('p', { role: 'status', class: 'help' });
    const confirm = async (variables) => {
      error.textContent = '';
      let result;
      try {
        result = (await graphql('confirmStepUp', { challengeId: challenge.challengeId, ...variables })).data.confirmStepUp;
      } catch {
        error.textContent = t('error.generic');
        return;
      }
      if (result.__typename === 'StepUpGranted') {
        grant = result.grant;
        dialog.close();
      } else {
        error.textContent = pick(result);
        input.setAttribute('aria-invalid', 'true');
        input.select();
      }
    };
    const withPasskey = challenge.passkeyOptions && passkeysSupported()
      ? h('button', {
        type: 'button', class: 'button',
        onclick: async () => {
          try {
            await confirm({ credential: await usePasskey(challenge.passkeyOptions) });
          } catch {
            error.textContent = t('passkey.failed');
          }
        },
      }, t('stepup.passkey'))
      : null;
    const bySms = methods.includes('SMS')
      ? h('button', {
        type: 'button', class: 'button',
        onclick: async () => {
          error.textContent = '';
          let sent;
          try {
            sent = (await graphql('sendStepUpTan', { challengeId: challenge.challengeId })).data.sendStepUpTan;
          } catch {
            error.textContent = t('error.generic');
            return;
          }
          if (sent.__typename === 'StepUpTanSent') {
            label.textContent = t('stepup.smsCode');
            smsStatus.textContent = t('stepup.smsSent', { number: sent.sentTo });
            input.focus();
          } else {
            error.textContent = pick(sent);
          }
        },
      }, t('stepup.sms', { number: challenge.smsTo ?? '' }))
      : null;
    const form = h(
      'form',
      { novalidate: true, onsubmit: (event) => { event.preventDefault(); confirm({ code: input.value.trim() }); } },
      h('p', {}, t(smsOnly ? 'stepup.introSms' : 'stepup.intro')),
      h('div', { class: 'field' }, label, input, smsStatus, error),
      buttonRow(
        h('button', { type: 'submit', class: 'button primary' }, t('stepup.confirm')),
        bySms,
        withPasskey,
        h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('dialog.cancel')),
      ),
    );
    const dialog = openModal(t('stepup.title'), form, { onClose: () => resolve(grant) });
    input.focus();
  });
}

/**
 * Ask for the current password (the first second factor needs it again, issue 18); resolves the
 * password, or null when the customer cancels. `message` is the server's text (e.g. a wrong password).
 */
export function passwordDialog(message) {
  return new Promise((resolve) => {
    let password = null;
    const fieldId = uid('confirm-password');
    const input = h('input', {
      id: fieldId, name: 'password', type: 'password', autocomplete: 'current-password',
      required: true, 'aria-required': 'true',
    });
    const form = h(
      'form',
      { novalidate: true, onsubmit: (event) => { event.preventDefault(); password = input.value; dialog.close(); } },
      h('p', {}, message),
      h('div', { class: 'field' }, h('label', { for: fieldId }, t('password.current')), input),
      buttonRow(
        h('button', { type: 'submit', class: 'button primary' }, t('stepup.confirm')),
        h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('dialog.cancel')),
      ),
    );
    const dialog = openModal(t('password.confirmTitle'), form, { onClose: () => resolve(password) });
    input.focus();
  });
}

/**
 * Call a mutation that adds a second factor, supplying its proof when the server asks for one: the
 * password for the first factor, a step-up with an existing factor for a further one. Resolves the
 * mutation's answer, or null when the customer cancels.
 */
export async function withFactorProof(operationName) {
  let variables = {};
  for (let round = 0; round < 4; round += 1) {
    const { data } = await graphql(operationName, variables);
    const result = data[Object.keys(data)[0]];
    if (result.__typename === 'PasswordConfirmationRequired') {
      const password = await passwordDialog(pick(result));
      if (password === null) return null;
      variables = { password };
    } else if (result.__typename === 'StepUpRequired') {
      const grant = await stepUp(result.operation, result.payload);
      if (!grant) return null;
      variables = { stepUpGrant: grant };
    } else {
      return result;
    }
  }
  return null;
}
