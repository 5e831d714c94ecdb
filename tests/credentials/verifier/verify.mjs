// Verifies an Open Badges 3.0 credential with the Digital Credentials Consortium's libraries:
// an implementation that is not ours. Offline: the JSON-LD contexts come bundled with
// @digitalcredentials/security-document-loader, and the issuer's DID document and status list
// credentials are handed in (addStatic), as a resolver would have fetched them.
//
//   node verify.mjs < {"credential": {...}, "didDocument": {...}, "documents": {"url": {...}}}
//   → {"verified": bool, "signature": bool, "status": bool|null, "errors": [...]}
import {verifyCredential} from '@digitalcredentials/vc';
import {DataIntegrityProof} from '@digitalcredentials/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import {securityLoader} from '@digitalcredentials/security-document-loader';
import {checkStatus} from '@digitalcredentials/vc-bitstring-status-list';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const {credential, didDocument, documents = {}} = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const loader = securityLoader();
loader.addStatic(didDocument.id, didDocument);
for (const method of didDocument.verificationMethod || []) {
  loader.addStatic(method.id, {'@context': didDocument['@context'], ...method});
}
for (const [url, document] of Object.entries(documents)) loader.addStatic(url, document);
const documentLoader = loader.build();

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const options = {credential, suite, documentLoader};
if (credential.credentialStatus) options.checkStatus = checkStatus;

const messages = (error) => {
  if (!error) return [];
  if (Array.isArray(error)) return error.flatMap(messages);
  if (error.errors) return error.errors.flatMap(messages);
  return [String(error.message || error)];
};

let result;
try {
  result = await verifyCredential(options);
} catch (error) {
  result = {verified: false, error};
}
const signature = (result.results || []).some((r) => r.verified === true);
const status = result.statusResult ? result.statusResult.verified === true : null;
const errors = [
  ...messages(result.error),
  ...(result.results || []).flatMap((r) => messages(r.error)),
  ...(result.statusResult ? messages(result.statusResult.error) : []),
];
process.stdout.write(JSON.stringify({verified: result.verified === true, signature, status, errors}) + '\n');
