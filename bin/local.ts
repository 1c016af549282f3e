/**
 * `npm start`: the whole Hydrant stack on this machine, on real local emulators.
 * Stops cleanly on Ctrl-C, on SIGINT or SIGTERM to the npm process or to this one, and
 * when its parent dies (no Java process left behind).
 */
import { DEMO_API_KEY, DEMO_API_KEYS, DEMO_PASSWORD, DEMO_USERS } from '#lib/local/bootstrap/demo-data';
import { describeUsagePlan, USAGE_PLANS } from '#lib/model/usage-plans';
import { startLocalStack } from '#lib/local/runtime/stack';
import { consolePortFromEnv, startConsoleServer } from '#lib/console/serve';

const started = performance.now();
// The console's origin is the one the local API allows by CORS.
const consolePort = await consolePortFromEnv();
process.env.HYDRANT_CORS_ORIGINS ??= `http://localhost:${consolePort}`;
const demoKeys = DEMO_API_KEYS.map((k) => `${k.value} (plan ${k.planId}: ${describeUsagePlan(USAGE_PLANS.find((p) => p.id === k.planId)!)})`);
const stack = await startLocalStack({ logRequests: process.env.HYDRANT_LOG_REQUESTS === '1' });
const consoleServer = await startConsoleServer({ apiUrl: stack.apiUrl, apiKey: DEMO_API_KEY, liveUrl: stack.live.url, port: consolePort, uploadEndpoint: stack.endpoints.sqsAndS3, watch: true });

console.log(`
  Console        ${consoleServer.url}   (sign in as manager@hydrant.local)
  API            ${stack.apiUrl}/v1   (try: curl ${stack.apiUrl}/v1/health)
  API reference  ${stack.apiUrl}/docs   (the contract: ${stack.apiUrl}/openapi.json)
  DynamoDB Local ${stack.endpoints.dynamodb}   table ${stack.tableName}
  SQS and S3     ${stack.endpoints.sqsAndS3}   bucket ${stack.bucketName}
  Cognito        ${stack.endpoints.cognito}   pool ${stack.userPoolId}, client ${stack.userPoolClientId}
  MQTT (IoT)     ${stack.mqttUrl}   mutual TLS: POST /v1/sensors returns a device's certificate (npm run simulate)
  Live updates   ${stack.live.url}?token=<access token>   (WebSocket: alerts and your notifications as they happen)
  E-mail (SES)   ${stack.ses.endpoint}   what was e-mailed: open it, or GET ${stack.ses.endpoint}/store

  API keys       ${demoKeys.join('\n                 ')}
  Users          ${DEMO_USERS.map((u) => `${u.email} (${u.role})`).join(', ')}
  Password       ${DEMO_PASSWORD}

  Log in:  curl -s -X POST ${stack.apiUrl}/v1/auth/login -H 'x-api-key: ${DEMO_API_KEY}' \\
             -H 'content-type: application/json' -d '{"username":"manager@hydrant.local","password":"${DEMO_PASSWORD}"}'
`);
console.log(`Hydrant local stack ready in ${((performance.now() - started) / 1000).toFixed(1)} s at ${stack.apiUrl} (Ctrl-C to stop)`);

let stopping = false;
const shutdown = async (reason: string) => {
  if (stopping) {
    // A second Ctrl-C does not wait: the emulators' own exit handlers still kill Java.
    console.log(`\n${reason}: exiting now.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`\n${reason}: stopping the local stack...`);
  await consoleServer.stop();
  await stack.stop();
  console.log('Stopped.');
  process.exit(0);
};
// `npm start` execs this process (package.json), so the SIGINT and SIGTERM npm forwards
// to its child arrive here rather than at an intermediate `sh` that would die alone.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
// A parent killed without forwarding anything (kill -9 of npm) leaves us reparented: stop too.
const parent = process.ppid;
const orphanCheck = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphanCheck);
  void shutdown('parent process gone');
}, 1_000).unref();
