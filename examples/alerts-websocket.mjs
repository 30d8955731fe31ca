// Prints a watch's alerts as they are raised, one JSON line each, from the `alerts` subscription over WebSocket
// (graphql-transport-ws at /graphql-ws, docs/alerts.md). No packages: the WebSocket built into Node 22+
// (Node 20.10+: run it with --experimental-websocket).
//
//   EXPOSUREGRAPH_API_KEY=… node examples/alerts-websocket.mjs <watch id> [ws://localhost:8080/graphql-ws]
const [watchId, url = 'ws://localhost:8080/graphql-ws'] = process.argv.slice(2);
const key = process.env.EXPOSUREGRAPH_API_KEY;
if (!watchId || !key) {
  console.error('usage: EXPOSUREGRAPH_API_KEY=… node alerts-websocket.mjs <watch id> [ws url]');
  process.exit(2);
}
const query = `subscription($w: ID!) { alerts(watchId: $w) {
  id event summary subjectId raisedAt confidence sourceIds
  exposed { organisationId name categories specialCategory hops path } } }`;

const socket = new WebSocket(url, 'graphql-transport-ws');
const send = (message) => socket.send(JSON.stringify(message));
// A browser cannot set a header on a WebSocket: the key goes in connection_init's payload.
socket.onopen = () => send({ type: 'connection_init', payload: { 'X-API-Key': key } });
socket.onmessage = ({ data }) => {
  const message = JSON.parse(data);
  switch (message.type) {
    case 'connection_ack':
      send({ id: '1', type: 'subscribe', payload: { query, variables: { w: watchId } } });
      console.error(`subscribed to the alerts of ${watchId}`);
      break;
    case 'ping':
      send({ type: 'pong' });
      break;
    case 'next':
      if (message.payload.errors) {
        console.error(JSON.stringify(message.payload.errors));
      } else {
        console.log(JSON.stringify(message.payload.data.alerts));
      }
      break;
    case 'error': // e.g. NOT_FOUND: the watch is not this key's
      console.error(JSON.stringify(message.payload));
      process.exit(1);
    case 'complete':
      socket.close();
      break;
  }
};
// 4401: the key is wrong or missing. Reconnect and page with alerts(watchId, after:) for what was missed.
socket.onclose = ({ code, reason }) => {
  console.error(`closed: ${code} ${reason}`);
  process.exit(code === 1000 ? 0 : 1);
};
