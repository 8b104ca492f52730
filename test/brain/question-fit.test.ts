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
