/**
 * E-mail through Amazon SES: the sender identity (an address or a domain, verified by SES:
 * a link e-mailed to the address, or the domain's DKIM records) and a configuration set with
 * reputation metrics. Functions that send (`access.email`) get `EMAIL_FROM`,
 * `SES_CONFIGURATION_SET` and `ses:SendEmail` on this identity and configuration set only.
 */
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Props of {@link EmailSending}. */
export interface EmailSendingProps {
  readonly stage: string;
  /** The sender: an address (`notifications@example.com`) or a domain (`example.com`, sending as `notifications@`). */
  readonly sender: string;
}

/** What a function that sends e-mail is given. */
export interface EmailAccess {
  readonly from: string;
  readonly configurationSetName: string;
  /** The identity's and the configuration set's ARNs: the resources of `ses:SendEmail`. */
  readonly sendArns: readonly string[];
}

export class EmailSending extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly access: EmailAccess;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    const isAddress = props.sender.includes('@');
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$|^[a-z0-9.-]+\.[a-z]{2,}$/i.test(props.sender)) throw new Error(`E-mail sender "${props.sender}" is neither an address nor a domain`);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { configurationSetName: `hydrant-${props.stage}-notifications`, reputationMetrics: true });
    this.identity = new EmailIdentity(this, 'Sender', {
      identity: isAddress ? Identity.email(props.sender) : Identity.domain(props.sender),
      configurationSet: this.configurationSet,
    });
    const identityName = isAddress ? props.sender : props.sender.toLowerCase();
    const stack = Stack.of(this);
    this.access = {
      from: `Hydrant <${isAddress ? props.sender : `notifications@${props.sender}`}>`,
      configurationSetName: this.configurationSet.configurationSetName,
      sendArns: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identityName }),
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
      ],
    };
  }
}
