import { describe, expect, it } from 'vitest';
import { Conversation } from '../helpers/conversation.js';

/**
 * A product that runs in a container (Docker, Compose, a Kubernetes pod or ingress controller) is
 * restarted and read where it runs: no `systemctl`, no /var/log on the host.
 */

const HOST_SHELL = /systemctl|journalctl|\/var\/log\//;

describe('steps for a product inside a container', () => {
  it.each([
    ['nginx running inside a docker container returns 502 bad gateway for my php app', 'how do i restart nginx', /docker/],
    ['my docker compose stack: nginx container in front of a flask app container, nginx says 502', 'how do i restart nginx?', /docker/],
    ['my docker compose stack: nginx container in front of a flask app container, nginx says 502', 'where are the nginx logs?', /docker (?:compose )?logs/],
    ['kubernetes ingress-nginx returns 502 for my service after a rolling update', 'where are the logs?', /kubectl logs -n ingress-nginx/],
    ['kubernetes ingress-nginx returns 502 for my service after a rolling update', 'how do i restart nginx', /kubectl rollout restart/],
    ['our k8s cluster, ingress gives 502 bad gateway, pods are running', 'how do i see the ingress controller logs', /kubectl logs -n ingress-nginx/],
  ])('"%s", then "%s"', async (first, question, where) => {
    const c = Conversation.start();
    await c.say(first);
    const reply = await c.say(question);
    expect(reply.text).toMatch(where);
    expect(reply.text).not.toMatch(HOST_SHELL);
  });

  it('the first answer for nginx in a container gives no host-shell steps', async () => {
    const reply = await Conversation.start().say('nginx running inside a docker container returns 502 bad gateway for my php app');
    expect(reply.text).toMatch(/^1\. /m);
    expect(reply.text).not.toMatch(HOST_SHELL);
  });

  it('an ingress-nginx owner gets the ingress controller\'s steps, not a server\'s', async () => {
    const reply = await Conversation.start().say('ingress-nginx in our kubernetes cluster gives 502 bad gateway on one service');
    expect(reply.text).toMatch(/kubectl logs -n ingress-nginx/);
    expect(reply.text).toMatch(/kubectl get endpoints/);
    expect(reply.text).not.toMatch(HOST_SHELL);
  });

  it('nginx on a server of its own still gets systemctl', async () => {
    const c = Conversation.start();
    await c.say('nginx 502 bad gateway on my ubuntu vps, php-fpm behind it');
    expect((await c.say('how do i restart nginx?')).text).toMatch(/systemctl reload nginx/);
  });
});

describe('the product a question names comes first', () => {
  it('"how do i restart php" after an Apache + PHP-FPM answer restarts PHP-FPM, in the version named', async () => {
    const c = Conversation.start();
    await c.say('apache with php-fpm 502 after upgrading to php 8.3 on ubuntu');
    const reply = await c.say('how do i restart php');
    expect(reply.text).toMatch(/^To restart PHP-FPM: `sudo systemctl restart php8\.3-fpm`/);
  });

  it('"where is the nginx config" for nginx in Compose points at the mounted file, not /etc/nginx on the host', async () => {
    const c = Conversation.start();
    await c.say('my docker compose stack: nginx container in front of a flask app container, nginx says 502');
    const reply = await c.say('where is the nginx config?');
    expect(reply.text).toMatch(/nginx -T/);
    expect(reply.text).toMatch(/volumes/);
  });
});

describe('"the app" in a product question', () => {
  it('"how do i restart the app" restarts the app behind the gateway, not the gateway', async () => {
    const c = Conversation.start();
    await c.say('flask app in docker-compose behind an nginx container, 502 after I changed the port to 8000');
    const reply = await c.say('how do i restart the app');
    expect(reply.text).toMatch(/^To restart a container/);
    expect(reply.text).not.toMatch(/nginx -s reload/);
  });
});
