import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { describeSlackError } from '../../src/channels/slack/platform-errors.js';

const platformError = (data: Record<string, unknown>) => new webApi.WebAPIPlatformError({ ok: false, error: String(data.error), ...data });

describe('describeSlackError', () => {
  it('names the error and what the operator should do', () => {
    expect(describeSlackError(platformError({ error: 'not_in_channel' }))).toBe(
      'Slack API error not_in_channel: updoc is not a member of this channel: invite it with /invite @updoc',
    );
    expect(describeSlackError(platformError({ error: 'missing_scope', needed: 'files:read', provided: 'chat:write' }))).toMatch(
      /^Slack API error missing_scope \(needs files:read; has chat:write\): .*reinstall the app$/,
    );
    expect(describeSlackError(platformError({ error: 'ratelimited' }))).toMatch(/^Slack API error ratelimited: Slack is rate-limiting updoc/);
    expect(describeSlackError(new webApi.WebAPIRateLimitedError(30))).toMatch(/^Slack API error ratelimited: retry after 30 s/);
  });

  it('says what it can of anything else, on one line', () => {
    expect(describeSlackError(platformError({ error: 'some_new_error' }))).toBe('Slack API error some_new_error: see https://docs.slack.dev/reference/methods');
    expect(describeSlackError(new Error('boom'))).toBe('boom');
    expect(describeSlackError(undefined)).toBe('undefined');
  });
});
