import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FakeDiscordRest } from './fakes/fake-rest.js';
import { APPLICATION_ID } from './fakes/payloads.js';
import { TOKEN } from './fakes/harness.js';

let rest: FakeDiscordRest;
let env: Record<string, string>;

beforeAll(async () => {
  rest = await FakeDiscordRest.start('ws://127.0.0.1:1');
  env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: rest.apiUrl };
});
afterAll(async () => {
  await rest?.close();
});

const updocDefinition = {
  name: 'updoc',
  type: 1,
  description: expect.any(String),
  options: [
    { name: 'question', type: 3, required: true, max_length: 2000, description: expect.any(String) },
    { name: 'url', type: 3, required: false, max_length: 2000, description: expect.any(String) },
    { name: 'screenshot', type: 11, required: false, description: expect.any(String) },
    { name: 'private', type: 5, required: false, description: 'Only you see the answer' },
  ],
};

describe('updoc discord register', () => {
  it('--guild puts the command definition to the guild route', async () => {
    const result = await runCli(['discord', 'register', '--guild', '123'], { env });

    expect(result).toMatchObject({ code: 0, stdout: 'registered /updoc in server 123\n', stderr: '' });
    const put = await rest.requests.waitFor((r) => r.method === 'PUT' && r.path.includes('/guilds/'));
    expect(put.path).toBe(`/api/v10/applications/${APPLICATION_ID}/guilds/123/commands`);
    expect(put.body).toEqual([expect.objectContaining(updocDefinition)]);
  });

  it('without --guild puts it to the global route, with the bot token', async () => {
    const result = await runCli(['discord', 'register'], { env });

    expect(result).toMatchObject({ code: 0, stdout: 'registered /updoc globally\n' });
    const put = await rest.requests.waitFor((r) => r.method === 'PUT' && r.path === `/api/v10/applications/${APPLICATION_ID}/commands`);
    expect(put.body).toEqual([expect.objectContaining(updocDefinition)]);
    expect(put.authorization).toBe(`Bot ${TOKEN}`);
  });

  it('names the missing variables in one line', async () => {
    const result = await runCli(['discord', 'register'], { env: { DISCORD_API_URL: rest.apiUrl } });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('updoc: set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (README, "Discord")\n');
  });

  it('says in one line when Discord refuses', async () => {
    rest.failOnce((r) => r.method === 'PUT', 401, { message: '401: Unauthorized', code: 0 });
    const result = await runCli(['discord', 'register'], { env });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('updoc: Discord refused the registration (HTTP 401, code 0: 401: Unauthorized): check DISCORD_TOKEN\n');
  });

  it('says in one line when the API cannot be reached', async () => {
    const result = await runCli(['discord', 'register'], { env: { ...env, DISCORD_API_URL: 'http://127.0.0.1:1/api' } });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^updoc: cannot reach the Discord API at http:\/\/127\.0\.0\.1:1\/api: .+\n$/);
  });

  it('refuses a guild id that is not a number', async () => {
    const result = await runCli(['discord', 'register', '--guild', 'my-server'], { env });

    expect(result).toMatchObject({ code: 2, stderr: 'updoc: --guild takes a numeric server (guild) id\n' });
  });
});
