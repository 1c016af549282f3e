/**
 * `npm start`: the whole Hydrant stack on this machine, on real local emulators.
 * Stops cleanly on Ctrl-C (no Java process left behind).
 */
import { DEMO_API_KEY, DEMO_PASSWORD, DEMO_USERS, TRIAL_API_KEY } from '#lib/local/bootstrap/demo-data';
import { startLocalStack } from '#lib/local/stack';

const started = performance.now();
const stack = await startLocalStack({ logRequests: process.env.HYDRANT_LOG_REQUESTS === '1' });

console.log(`
  API            ${stack.apiUrl}/v1   (try: curl ${stack.apiUrl}/v1/health)
  DynamoDB Local ${stack.endpoints.dynamodb}   table ${stack.tableName}
  SQS and S3     ${stack.endpoints.sqsAndS3}   bucket ${stack.bucketName}
  Cognito        ${stack.endpoints.cognito}   pool ${stack.userPoolId}, client ${stack.userPoolClientId}
  MQTT (IoT)     ${stack.mqttUrl}   mutual TLS: POST /v1/sensors returns a device's certificate (npm run simulate)

  API keys       ${DEMO_API_KEY} (demo plan)   ${TRIAL_API_KEY} (1 request/s, to see 429)
  Users          ${DEMO_USERS.map((u) => `${u.email} (${u.role})`).join(', ')}
  Password       ${DEMO_PASSWORD}

  Log in:  curl -s -X POST ${stack.apiUrl}/v1/auth/login -H 'x-api-key: ${DEMO_API_KEY}' \\
             -H 'content-type: application/json' -d '{"username":"manager@hydrant.local","password":"${DEMO_PASSWORD}"}'
`);
console.log(`Hydrant local stack ready in ${((performance.now() - started) / 1000).toFixed(1)} s at ${stack.apiUrl} (Ctrl-C to stop)`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local stack...`);
  await stack.stop();
  console.log('Stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
