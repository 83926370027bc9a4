// Passkeys. The server speaks WebAuthn JSON (binary fields base64url); navigator.credentials wants
// ArrayBuffers in and gives ArrayBuffers back. Converted here by hand, so browsers without
// PublicKeyCredential.parseCreationOptionsFromJSON / toJSON work too.

export function passkeysSupported() {
  return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}

export function toBuffer(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(window.atob(padded), (c) => c.charCodeAt(0)).buffer;
}

export function toBase64url(buffer) {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return window.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const withIds = (list) => (list ?? []).map((credential) => ({ ...credential, id: toBuffer(credential.id) }));

function creationOptions(json) {
  return {
    ...json,
    challenge: toBuffer(json.challenge),
    user: { ...json.user, id: toBuffer(json.user.id) },
    excludeCredentials: withIds(json.excludeCredentials),
  };
}

function requestOptions(json) {
  return { ...json, challenge: toBuffer(json.challenge), allowCredentials: withIds(json.allowCredentials) };
}

/** PublicKeyCredential → the JSON the server reads (what `toJSON()` gives in newer browsers). */
function credentialJSON(credential) {
  const answer = credential.response;
  const response = { clientDataJSON: toBase64url(answer.clientDataJSON) };
  if (answer.attestationObject) {
    response.attestationObject = toBase64url(answer.attestationObject);
    response.transports = answer.getTransports ? answer.getTransports() : [];
  } else {
    response.authenticatorData = toBase64url(answer.authenticatorData);
    response.signature = toBase64url(answer.signature);
    response.userHandle = answer.userHandle ? toBase64url(answer.userHandle) : null;
  }
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response,
    authenticatorAttachment: credential.authenticatorAttachment ?? null,
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

export async function createPasskey(optionsJSON) {
  const credential = await navigator.credentials.create({ publicKey: creationOptions(optionsJSON) });
  return credentialJSON(credential);
}

export async function usePasskey(optionsJSON) {
  const credential = await navigator.credentials.get({ publicKey: requestOptions(optionsJSON) });
  return credentialJSON(credential);
}
