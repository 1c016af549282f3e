/**
 * Sends e-mail through Amazon SES v2 (`SendEmail`, simple content: subject, HTML and text),
 * from the stack's verified sender identity `EMAIL_FROM`, through the configuration set
 * `SES_CONFIGURATION_SET` when there is one, with a `List-Unsubscribe` header (RFC 2369).
 * Locally the endpoint is the SES v2 emulator's (`AWS_ENDPOINT_URL_SESV2`).
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import * as z from 'zod';
import { readEnv } from '#platform/config';

const env = readEnv({ EMAIL_FROM: z.string().min(3), SES_CONFIGURATION_SET: z.string().min(1).optional() });
const ses = new SESv2Client({});

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** The unsubscribe link (List-Unsubscribe). */
  readonly unsubscribeUrl: string;
}

/** Sends one e-mail; returns SES's message id. Throws when SES refuses it (the caller retries). */
export async function sendEmail(mail: OutgoingEmail): Promise<string> {
  const out = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: env.EMAIL_FROM,
      Destination: { ToAddresses: [mail.to] },
      ...(env.SES_CONFIGURATION_SET ? { ConfigurationSetName: env.SES_CONFIGURATION_SET } : {}),
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: mail.html, Charset: 'UTF-8' }, Text: { Data: mail.text, Charset: 'UTF-8' } },
          Headers: [{ Name: 'List-Unsubscribe', Value: `<${mail.unsubscribeUrl}>` }],
        },
      },
    }),
  );
  return out.MessageId ?? '';
}
