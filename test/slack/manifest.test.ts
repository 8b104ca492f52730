import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

interface Manifest {
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
  features: { app_home: { messages_tab_enabled: boolean } };
}

it('the app manifest grants what the listeners need: mentions, thread and direct messages, buttons, files, staff names', () => {
  const manifest = parse(readFileSync('slack-app-manifest.yaml', 'utf8')) as Manifest;
  expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
    ['app_mentions:read', 'channels:history', 'chat:write', 'files:read', 'groups:history', 'im:history', 'im:read', 'im:write', 'users:read'].sort(),
  );
  expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.channels', 'message.groups', 'message.im']);
  expect(manifest.settings.interactivity.is_enabled).toBe(true);
  expect(manifest.settings.socket_mode_enabled).toBe(true);
  expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
});
