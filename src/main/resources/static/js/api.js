// The page's only door to the server: POST /graphql with the user's API key.
// Errors come back as GraphQlError carrying the server's messages only, so the page can show
// them as they are (never a stack trace) and carry on.

const KEY_STORAGE = 'exposuregraph.apiKey';

export class GraphQlError extends Error {
  constructor(messages, status = 200) {
    super(messages.join('; '));
    this.messages = messages;
    // 401: no key or a wrong one; the page then points at the API-key field.
    this.unauthenticated = status === 401;
  }
}

export function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || '';
}

export function setApiKey(key) {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
}

/** Runs one GraphQL document; resolves to `data`, rejects with GraphQlError on any error. */
export async function gql(query, variables = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const key = apiKey();
  if (key) headers['X-API-Key'] = key;
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch (e) {
    throw new GraphQlError(['The server cannot be reached.']);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // A proxy or an auth filter may answer with HTML; show the status only.
  }
  if (body && Array.isArray(body.errors) && body.errors.length) {
    // Several fields failing for one reason give the same message; say it once. The security
    // layer answers refusals (401, 403, 429) in the same shape.
    throw new GraphQlError([...new Set(body.errors.map((e) => e.message || 'Unknown error'))], response.status);
  }
  if (!response.ok || !body) {
    const hint = response.status === 401 || response.status === 403 ? ' (check the API key)' : '';
    throw new GraphQlError([`The server answered ${response.status}${hint}.`], response.status);
  }
  return body.data;
}

// Fragments shared by the views, so every view asks for the same shape of organisation and fact.
export const ORG = 'id name kind unnamedGroup commissionerCode odsCode';
export const CATEGORY = 'id name specialCategory sensitivePopulation sensitivity';
export const PROVENANCE = `confidence disputed
  sources { publisher title url published }
  claims { statement stance confidence value sources { publisher } }`;
