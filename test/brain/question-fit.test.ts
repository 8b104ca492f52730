import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnoser } from '../../src/core/diagnose.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';

/**
 * What a post can claim depends on what it asks: a comparison names causes only to set them side
 * by side, and someone reporting another's site names their own tools, not the site's app server.
 * All texts are written for these tests.
 */
let diagnoser: Diagnoser;
beforeAll(() => {
  diagnoser = loadDiagnoser();
});

describe('a comparison of codes or causes claims no cause of its own', () => {
  it.each([
    'For our dashboards: is it fair to say a 504 means the backend was slow and a 502 means it crashed?',
    'what is the difference between cloudflare error 523 and error 530?',
  ])('%s', (text) => {
    const { diagnosis } = diagnoser.analyze(text);
    expect(diagnosis.intent).toBe('compare');
    expect(diagnosis.cause).toBe('unknown');
  });

  it('one specific code set against the generic 502 keeps the cause it names', () => {
    const { diagnosis } = diagnoser.analyze('Cloudflare error 521, web server is down: how is that different from a normal 502?');
    expect(diagnosis.intent).toBe('compare');
    expect(diagnosis.cause).toBe('upstream_down');
  });
});

describe("someone reporting another's site names their own tools, not that site's app server", () => {
  it.each([
    "Every gradle build on our jenkins has failed since noon with 'Received status code 502 from server: Bad Gateway' for https://plugins.example-repo.org. Is the plugin repository down?",
    'Through my pi-hole a few news sites show 502 Bad Gateway, is that my setup or are they down?',
  ])('%s', (text) => {
    const { diagnosis } = diagnoser.analyze(text);
    expect(['check_url', 'whose_fault']).toContain(diagnosis.intent);
    expect(diagnosis.upstream).toBe('unknown');
  });

  it('an owner whose post reads like a report keeps the app server they name', () => {
    expect(diagnoser.analyze('nginx-proxy with VIRTUAL_HOST=wiki.example.net gives 502 for that one service').diagnosis.upstream).toBe('container');
  });
});

describe('the stack and cause a post states in plain words', () => {
  it.each([
    ['The backend is a .NET app and nginx answers 502 right after the login redirect', 'dotnet'],
    ['our .NET api behind the ALB gives intermittent 502s', 'dotnet'],
  ])('%s', (text, upstream) => {
    expect(diagnoser.analyze(text).diagnosis.upstream).toBe(upstream);
  });

  it.each([
    'API Gateway gives 502 and the log says the function returned an invalid response',
    'kong route fails: the service is configured as https://billing:9000 but billing only speaks plain http',
  ])('%s', (text) => {
    expect(diagnoser.analyze(text).diagnosis.cause).toBe('protocol');
  });

  it("npm's own failed download names no Node.js app; npm that ran the app does", () => {
    const download = diagnoser.analyze('npm ERR! code E502\nnpm ERR! 502 Bad Gateway - GET https://registry.example.org/left-pad\nis the registry down again?');
    expect(download.diagnosis.upstream).toBe('unknown');
    const ranTheApp = diagnoser.analyze('nginx gives 502 and the app log ends with\nnpm ERR! code ELIFECYCLE\nnpm ERR! errno 1');
    expect(ranTheApp.diagnosis.upstream).toBe('node');
  });
});

describe('short asks that used to be read as another intent', () => {
  it.each([
    ["what's a 504 gateway timeout, in simple words", 'explain'],
    ['can you eli5 what a 503 service unavailable is', 'explain'],
    ['how does cloudflare error 523 differ from error 530?', 'compare'],
    ["cheers, pointing the upstream at the unix socket fixed it, site's back", 'smalltalk'],
    ["the upstream socket change isn't fixed yet, nginx still answers 502", 'owner_fix'],
    ['Ce 502, c\'est de ma faute ou la faute du site ?', 'whose_fault'],
  ])('%s', (text, intent) => {
    expect(diagnoser.analyze(text).diagnosis.intent).toBe(intent);
  });
});
