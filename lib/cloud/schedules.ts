import { NestedStack } from 'aws-cdk-lib';
/**
 * The app model's schedules: each a function invoked by an EventBridge rule (two retries,
 * events older than an hour dropped) and, if the schedule declares one, an alarm on the
 * metric its worker emits that notifies the alarm topic.
 */
import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ScheduleDecl } from '#lib/model/types';
import { createMetricAlarm } from './alarms';
import type { HydrantFunction } from './hydrant-function';
import type { ModelPartProps } from './model-functions';

/** Props of {@link ScheduledFunctions}. */
export interface ScheduledFunctionsProps extends ModelPartProps {
  readonly schedules: readonly ScheduleDecl[];
  /** What the schedules' alarms notify. */
  readonly alarmTopic: Topic;
}

/**
 * The schedules, in a nested stack `Schedules` of `scope` (their functions, rules, log groups
 * and alarms: about 50 resources the parent stack could not hold under its margin).
 */
export class ScheduledFunctions {
  /** The function of each schedule, by schedule name. */
  readonly functions: ReadonlyMap<string, HydrantFunction>;
  /** The alarm of each schedule that declares one, by schedule name. */
  readonly alarms: ReadonlyMap<string, Alarm>;

  constructor(scope: Construct, props: ScheduledFunctionsProps) {
    const functions = new Map<string, HydrantFunction>();
    const alarms = new Map<string, Alarm>();
    // A nested stack of its own: the parent stays clear of CloudFormation's 500 resources.
    const schedulesScope = new NestedStack(scope, 'Schedules', { description: `Hydrant ${props.stage}: the scheduled functions` });
    for (const schedule of props.schedules) {
      functions.set(schedule.name, scheduledFunction(schedulesScope, schedule, props));
      if (schedule.alarm) {
        alarms.set(schedule.name, createMetricAlarm(schedulesScope, `${schedule.name}-${schedule.alarm.metricName}Alarm`, props.stage, schedule.alarm, props.alarmTopic));
      }
    }
    this.functions = functions;
    this.alarms = alarms;
  }
}

/** A schedule's function and the rule that invokes it. */
function scheduledFunction(scope: Construct, schedule: ScheduleDecl, { functions, stage }: ScheduledFunctionsProps): HydrantFunction {
  const fn = functions.create(scope, schedule.name, schedule.handler, schedule.fn, `Scheduled ${schedule.name}: ${schedule.expression}`, { route: false });
  new Rule(scope, `${schedule.name}-Rule`, {
    description: `Hydrant ${stage}: ${schedule.name}`,
    schedule: Schedule.expression(schedule.expression),
    targets: [new LambdaFunction(fn.function, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
  });
  return fn;
}
