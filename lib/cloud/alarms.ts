/**
 * Where the operators are told: the alarm topic (KMS-encrypted with a key of its own that
 * CloudWatch may use, TLS only) and the alarms on the metrics Powertools emits.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { ScheduleAlarmDecl } from '#lib/model/types';

/**
 * The alarm topic, `AlarmTopic` in `scope` (with its key `AlarmTopicKey`): encrypted with a
 * customer managed key (rotated yearly) that CloudWatch may use to publish alarm
 * notifications, TLS-only publishing.
 */
export function createAlarmTopic(scope: Construct, stage: string): Topic {
  const key = new Key(scope, 'AlarmTopicKey', {
    description: `Hydrant ${stage}: encrypts the alarm topic`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // CloudWatch alarms publish to an encrypted topic only if the key lets them.
  key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
  return new Topic(scope, 'AlarmTopic', {
    displayName: `Hydrant ${stage} alarms`,
    masterKey: key,
    enforceSSL: true,
  });
}

/**
 * An alarm on a Powertools metric of every Hydrant function (namespace `Hydrant`, service
 * `hydrant`), summed over the period, that notifies `topic`.
 */
export function createMetricAlarm(scope: Construct, id: string, stage: string, decl: ScheduleAlarmDecl, topic: Topic): Alarm {
  const { metricName, threshold = 1, periodMinutes = 60, description } = decl;
  const alarm = new Alarm(scope, id, {
    alarmDescription: `Hydrant ${stage}: ${description}`,
    // What Powertools Metrics emits: namespace and service of every Hydrant function.
    metric: new Metric({
      namespace: 'Hydrant',
      metricName,
      dimensionsMap: { service: 'hydrant' },
      statistic: 'Sum',
      period: Duration.minutes(periodMinutes),
    }),
    threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
