/**
 * The local MQTT broker (aedes) behind `mqtts://localhost:8883`, with IoT Core's device
 * security:
 * - mutual TLS only: a client must present a certificate signed by the local CA, or the
 *   handshake fails (there is no plain-MQTT listener);
 * - the certificate must be registered and ACTIVE, and its IoT policies must allow
 *   `iot:Connect` on `client/<clientId>` (the device policy: the client id is the thing
 *   name and the thing is attached to the certificate), else CONNACK 5 (not authorised);
 * - every PUBLISH is authorised the same way (`iot:Publish` on `topic/<topic>`, plus
 *   `iot:RetainPublish` for a retained one); a refused one disconnects the client, as
 *   IoT Core does;
 * - subscriptions need `iot:Subscribe` on `topicfilter/<filter>` (refused: SUBACK 0x80);
 * - when a certificate is deactivated, deleted or detached, its connections are checked
 *   again at once and closed if they are no longer allowed.
 */
import { createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { IotRegistry } from './registry';

export interface DeviceMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly clientId: string;
  readonly certificateId: string;
  readonly receivedAt: number;
}

export interface MqttBrokerOptions {
  readonly registry: IotRegistry;
  /** The broker's certificate and key (PEM), signed by `caCertificatePem`. */
  readonly serverCertificatePem: string;
  readonly serverPrivateKeyPem: string;
  /** The only CA whose client certificates are accepted. */
  readonly caCertificatePem: string;
  /** TCP port on 127.0.0.1. @default 8883; 0 picks a free one */
  readonly port?: number;
  /** Called with every authorised message a device publishes. */
  readonly onMessage: (message: DeviceMessage) => void;
  /** @default console.warn */
  readonly log?: (message: string) => void;
}

export interface MqttBroker {
  /** `mqtts://localhost:{port}`. */
  readonly url: string;
  readonly port: number;
  /** Clients connected now, by client id. */
  connectedClients(): string[];
  stop(): Promise<void>;
}

function authError(message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: 5 as const }) as AuthenticateError;
}

export async function startMqttBroker(options: MqttBrokerOptions): Promise<MqttBroker> {
  const { registry } = options;
  const log = options.log ?? ((m: string) => console.warn(m));
  const certificateOf = new WeakMap<Client, string>();
  const clients = new Map<string, Client>();

  const allowed = (client: Client, action: 'iot:Connect' | 'iot:Publish' | 'iot:RetainPublish' | 'iot:Subscribe', resource: string) => {
    const certificateId = certificateOf.get(client);
    return certificateId !== undefined && registry.authorize(certificateId, client.id, action, resource);
  };

  const broker = await Aedes.createBroker({
    // A device's client id is its thing name: 1-128 characters, as IoT allows.
    maxClientsIdLength: 128,
    authenticate(client, _username, _password, done) {
      const socket = client.conn as TLSSocket;
      const peer = typeof socket.getPeerX509Certificate === 'function' ? socket.getPeerX509Certificate() : undefined;
      if (!peer) return done(authError('No client certificate'), false);
      const certificateId = peer.fingerprint256.replace(/:/g, '').toLowerCase();
      certificateOf.set(client, certificateId);
      if (!client.id || !allowed(client, 'iot:Connect', `client/${client.id}`)) {
        log(`[mqtt] refused connection of ${JSON.stringify(client.id)}: certificate ${certificateId.slice(0, 12)}… is not active or not allowed to connect with this client id`);
        return done(authError('Not authorized'), false);
      }
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      if (!client) return done(null); // the broker's own messages ($SYS)
      const topic = packet.topic;
      if (!allowed(client, 'iot:Publish', `topic/${topic}`) || (packet.retain && !allowed(client, 'iot:RetainPublish', `topic/${topic}`))) {
        log(`[mqtt] ${client.id} may not publish to ${topic}: disconnected`);
        return done(new Error(`Not authorized to publish to ${topic}`));
      }
      done(null);
    },
    authorizeSubscribe(client, subscription, done) {
      if (!allowed(client, 'iot:Subscribe', `topicfilter/${subscription.topic}`)) return done(null, null);
      done(null, subscription);
    },
  });

  broker.on('clientReady', (client) => clients.set(client.id, client));
  broker.on('clientDisconnect', (client) => {
    if (clients.get(client.id) === client) clients.delete(client.id);
  });
  broker.on('publish', (packet, client) => {
    if (!client) return;
    const certificateId = certificateOf.get(client);
    if (!certificateId) return;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    try {
      options.onMessage({ topic: packet.topic, payload, clientId: client.id, certificateId, receivedAt: Date.now() });
    } catch (error) {
      log(`[mqtt] message handler failed: ${(error as Error).message}`);
    }
  });

  // A certificate lost its rights: close the connections that used it and may no longer connect.
  const onPrincipalChanged = (certificateArn: string) => {
    for (const client of clients.values()) {
      const certificateId = certificateOf.get(client);
      if (certificateId && certificateArn.endsWith(`/${certificateId}`) && !allowed(client, 'iot:Connect', `client/${client.id}`)) {
        log(`[mqtt] ${client.id}: its certificate is no longer allowed to connect: disconnected`);
        client.close();
      }
    }
  };
  registry.on('principalChanged', onPrincipalChanged);

  const sockets = new Set<Socket>();
  const server = createServer(
    {
      key: options.serverPrivateKeyPem,
      cert: options.serverCertificatePem,
      ca: [options.caCertificatePem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (socket) => {
      broker.handle(socket);
    },
  );
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Refused handshakes (no certificate, another CA) are expected: the client sees the TLS alert.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8883, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `mqtts://localhost:${port}`,
    port,
    connectedClients: () => [...clients.keys()],
    stop: async () => {
      registry.off('principalChanged', onPrincipalChanged);
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => broker.close(() => resolve())),
      ]);
    },
  };
}
