import { webApi } from '@slack/bolt';

/** What an operator does about the Web API errors a running bot meets. */
const REMEDIES: Record<string, string> = {
  not_in_channel: 'updoc is not a member of this channel: invite it with /invite @updoc',
  channel_not_found: 'updoc cannot see this channel (a private channel it was not invited to?)',
  is_archived: 'the channel is archived',
  missing_scope: 'the app lacks a scope: add it (see slack-app-manifest.yaml) and reinstall the app',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid: copy the Bot User OAuth Token again',
  not_authed: 'no bot token was sent: set SLACK_BOT_TOKEN',
  token_revoked: 'SLACK_BOT_TOKEN was revoked: reinstall the app and copy the new token',
  account_inactive: 'the app was uninstalled or its token deactivated: reinstall the app',
  ratelimited: 'Slack is rate-limiting updoc: later replies will go through',
  invalid_blocks: 'Slack refused the reply blocks: this is a bug in updoc, please report it',
  msg_too_long: 'the reply was too long for Slack: this is a bug in updoc, please report it',
};

/** One line naming the Slack error and what to do about it, for the log. */
export function describeSlackError(error: unknown): string {
  // Bolt wraps an error it does not know in one whose `original` is the real cause.
  const cause = error instanceof Error && 'original' in error ? error.original : error;
  if (cause instanceof webApi.WebAPIPlatformError) {
    const code = cause.data.error;
    const { needed, provided } = cause.data as { needed?: string; provided?: string };
    const scopes = needed ? ` (needs ${needed}; has ${provided ?? 'none'})` : '';
    return `Slack API error ${code}${scopes}: ${REMEDIES[code] ?? 'see https://docs.slack.dev/reference/methods'}`;
  }
  if (cause instanceof webApi.WebAPIRateLimitedError) {
    return `Slack API error ratelimited: retry after ${cause.retryAfter} s: ${REMEDIES.ratelimited}`;
  }
  if (cause instanceof webApi.WebAPIRequestError) return `cannot reach the Slack API: ${cause.original.message}`;
  if (cause instanceof webApi.WebAPIHTTPError) return `the Slack API answered HTTP ${cause.statusCode} ${cause.statusMessage}`;
  return cause instanceof Error ? cause.message : String(cause);
}
