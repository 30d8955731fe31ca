// ExposureGraph's GraphiQL. The API key comes from the risk page's key field (same origin, same localStorage
// entry), pre-filled in the Headers tab, so a user who signed in once on the page can query here at once;
// without one, the Headers tab shows where to paste it.
(function () {
  'use strict';
  const STORED_KEY = 'exposuregraph.apiKey'; // the entry the risk page (static/js) writes
  const apiKey = window.localStorage.getItem(STORED_KEY) || '';
  const graphqlUrl = new URL('/graphql', window.location.href).toString();
  const defaultQuery = [
    '# ExposureGraph: a data-exposure knowledge graph. The schema\'s documentation is under the book icon (left).',
    '# Queries need an API key: the Headers tab below holds the one the risk page stores, or paste yours.',
    '{',
    '  vendorExposure(vendorId: "stor-a-file") {',
    '    totalClients totalPeople specialCategory',
    '    exposedClients { client { name } categories { name } disputed }',
    '  }',
    '}',
    ''].join('\n');
  const container = document.getElementById('graphiql');

  function render(schema) {
    ReactDOM.createRoot(container).render(React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: graphqlUrl }),
      schema: schema, // undefined: GraphiQL introspects
      defaultQuery: defaultQuery,
      headers: JSON.stringify({ 'X-API-Key': apiKey }, null, 2),
      headerEditorEnabled: true,
      shouldPersistHeaders: false, // the key stays where the page keeps it, not in a second copy
      defaultEditorToolsVisibility: 'headers', // shows which key the queries use
    }));
    container.dataset.state = 'ready';
  }

  // The schema with its descriptions comes from the printed SDL (/graphql/schema) rather than GraphiQL's
  // introspection query, which is deeper than the API's query-depth limit allows (docs/security.md).
  const schemaRequest = apiKey
    ? fetch(graphqlUrl + '/schema', { headers: { 'X-API-Key': apiKey } })
        .then(response => (response.ok ? response.text() : Promise.reject(new Error('HTTP ' + response.status))))
        .then(sdl => GraphiQL.GraphQL.buildSchema(sdl))
    : Promise.reject(new Error('no stored API key'));
  schemaRequest.then(render, () => render(undefined));
})();
