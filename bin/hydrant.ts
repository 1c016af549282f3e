/**
 * The CDK app: `npx cdk synth -c stage=prod`. Builds the stack `Hydrant-<stage>` from
 * the app model; cdk-nag AwsSolutions runs on every synthesis unless CDK_VALIDATION=false.
 */
import { createHydrantApp } from '#lib/cloud/app';
import { appModel } from '#lib/model/index';

createHydrantApp({ model: appModel });
