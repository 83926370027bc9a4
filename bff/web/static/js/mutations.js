// The mutations a layout may name: form/1's `mutation` and RunMutationAction's `mutation`. Each has
// its document in operations/<name>.graphql (tests/browser/test_operations.py checks them against
// the schema and the manifests). `input`: the values go into the `input` argument (else they are the
// arguments themselves). `key`: a fresh idempotency key per submission, so a double click or a retry
// over a flaky network never makes a second request.

import { ApiError, graphql } from './api.js';
import { stepUp } from './dialogs.js';
import { pick, t } from './i18n.js';

export const MUTATIONS = {
  requestArkCertificate: { input: true, key: true },
  changeBankAccount: { input: true, key: true },
  changeAddress: { input: true, key: true },
  changePersonalData: { input: true, key: true },
  addExternalContract: { input: true, key: false },
  submitInvoices: { input: true, key: true },
  sendMessage: { input: true, key: true },
  changeConsents: { input: true, key: true },
  changeDeliveryChannel: { input: true, key: true },
  joinCampaign: { input: true, key: false },
  markDocumentRead: { input: false, key: false },
  deleteManuallyAddedData: { input: false, key: false },
  // The account journeys (issue 19): registration, links from mails, password, factors, sessions, …
  register: { input: true, key: false },
  activateAccount: { input: false, key: false },
  requestPasswordReset: { input: false, key: false },
  resetPassword: { input: false, key: false },
  requestCustomerNumber: { input: false, key: false },
  requestIdentCode: { input: false, key: false },
  confirmIdentCode: { input: false, key: false },
  changePassword: { input: false, key: false },
  removeTotp: { input: false, key: false },
  removePasskey: { input: false, key: false },
  endSession: { input: false, key: false },
  endOtherSessions: { input: false, key: false },
  deleteAccount: { input: false, key: false },
  changeCommunicationData: { input: true, key: true },
  confirmNotificationEmail: { input: false, key: false },
  grantPartnerAccess: { input: false, key: false },
  revokePartnerAccess: { input: false, key: false },
  resendInvoiceSubmission: { input: false, key: false },
  updateExternalContract: { input: true, key: false, outside: ['id'] },
  deleteExternalContract: { input: false, key: false },
  changeNotificationSettings: { input: false, key: false },
  requestMobileConfirmation: { input: false, key: false },
  confirmMobileNumber: { input: false, key: false },
  verifyArkCertificate: { input: false, key: false },
};

// Results that mean "done" without a service request to show.
const DONE = new Set([
  'ExternalContractSaved', 'ExternalContractDeleted', 'DocumentMarkedRead', 'CampaignJoined', 'ManuallyAddedDataDeleted',
  'RegistrationReceived', 'AccountActivated', 'RequestReceived', 'PasswordReset', 'IdentCodeRequested', 'IdentConfirmed',
  'PasswordChanged', 'TotpRemoved', 'PasskeyRemoved', 'SessionEnded', 'OtherSessionsEnded', 'AccountDeleted',
  'NotificationEmailConfirmed', 'PartnerAccessGranted', 'PartnerAccessRevoked', 'NotificationSettings',
  'MobileConfirmationSent', 'MobileNumberConfirmed', 'ArkCertificateConfirmed',
]);

/** What a step-up is bound to when the server did not say: the input without grant and key. */
function stepUpPayload(input) {
  const { stepUpGrant, idempotencyKey, confirmSuggestion, ...payload } = input;
  return payload;
}

function outcome(result) {
  switch (result.__typename) {
    case 'ValidationFailed':
      return { kind: 'invalid', message: pick(result), fields: result.fields };
    case 'InvalidIban': // the IBAN check's refusal belongs next to the IBAN field
      return { kind: 'invalid', message: pick(result), fields: [{ path: 'iban', message: result.message, messageEn: result.messageEn }] };
    case 'AddressSuggestion':
      return { kind: 'suggestion', message: pick(result), suggestion: result.suggestion };
    default:
      if (result.request || DONE.has(result.__typename)) {
        return { kind: 'done', message: pick(result) ?? t('form.saved'), result };
      }
      return { kind: 'refused', message: pick(result) ?? t('error.generic') };
  }
}

/** The operation's variables: the values as `input`, or as the arguments themselves; `outside` names
 * arguments beside the input (`updateExternalContract(id, input)`). */
function variables(spec, values) {
  if (!spec.input) return values;
  const input = { ...values };
  const beside = {};
  for (const name of spec.outside ?? []) {
    beside[name] = input[name];
    delete input[name];
  }
  return { ...beside, input };
}

/**
 * Run mutation `name` with `values`; a StepUpRequired answer opens the TAN dialog and sends the same
 * input again with the grant. Answers {kind: done|invalid|suggestion|refused|cancelled, message, …}.
 */
export async function runMutation(name, values, { files = [] } = {}) {
  const spec = MUTATIONS[name];
  if (!spec) throw new ApiError(t('error.unsupported'));
  let input = { ...values };
  if (spec.key) input.idempotencyKey = window.crypto.randomUUID();
  for (;;) {
    const { data } = await graphql(name, variables(spec, input), { files });
    const result = data[name];
    if (result.__typename !== 'StepUpRequired') return outcome(result);
    const grant = await stepUp(result.operation, result.payload ?? stepUpPayload(input));
    if (!grant) return { kind: 'cancelled', message: t('stepup.cancelled') };
    input = { ...input, stepUpGrant: grant };
  }
}
