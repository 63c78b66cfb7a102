// A Node `ws` 8.x echo server for the interop tests. Usage: node ws-server.js <setting>
// Prints "LISTENING <port>" once it accepts connections on 127.0.0.1.
'use strict';
const { WebSocketServer } = require('ws');

const SUPPORTED = ['v2.chat', 'v1.chat'];

// permessage-deflate settings, by name.
const SETTINGS = {
  'deflate-default': true,
  'deflate-limited': {
    serverNoContextTakeover: true,
    clientNoContextTakeover: true,
    serverMaxWindowBits: 10,
    threshold: 0
  },
  'deflate-client-window': { clientMaxWindowBits: 10, threshold: 0 },
  'no-deflate': false
};

const setting = process.argv[2];
if (!(setting in SETTINGS)) {
  console.error('unknown setting ' + setting + '; one of ' + Object.keys(SETTINGS).join(', '));
  process.exit(2);
}

const server = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  maxPayload: 8 * 1024 * 1024,
  perMessageDeflate: SETTINGS[setting],
  // The first subprotocol the client offers that this server supports, in the client's order.
  handleProtocols: (offered) => {
    for (const protocol of offered) {
      if (SUPPORTED.includes(protocol)) {
        return protocol;
      }
    }
    return false;
  }
});

server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});
server.on('listening', () => console.log('LISTENING ' + server.address().port));
