import { z } from 'zod';

/** The diagnosis labels of shared/spec/taxonomy.md. Every part of updoc speaks these IDs. */
export const INTENTS = [
  'explain', 'whose_fault', 'visitor_fix', 'owner_fix', 'check_url',
  'compare', 'duration', 'smalltalk', 'human', 'out_of_scope',
] as const;

/** Intents the dialog answers itself, without a knowledge article. */
export const CONVERSATIONAL_INTENTS: readonly (typeof INTENTS)[number][] = ['smalltalk', 'human', 'out_of_scope'];

export const VENDORS = [
  'cloudflare', 'nginx', 'apache', 'iis', 'aws_elb', 'cloudfront', 'gcp_lb', 'azure', 'vercel',
  'netlify', 'heroku', 'haproxy', 'traefik', 'envoy', 'caddy', 'varnish', 'squid', 'lighttpd',
  'litespeed', 'kong', 'akamai', 'fastly', 'unknown',
] as const;

export const UPSTREAMS = [
  'php_fpm', 'gunicorn', 'uwsgi', 'node', 'puma', 'tomcat', 'dotnet', 'container', 'lambda',
  'other', 'unknown',
] as const;

export const CAUSES = [
  'upstream_down', 'upstream_crash', 'upstream_timeout', 'header_too_big', 'tls_origin',
  'dns_origin', 'permission', 'overload', 'protocol', 'unknown',
] as const;

export const IntentId = z.enum(INTENTS);
export const VendorId = z.enum(VENDORS);
export const UpstreamId = z.enum(UPSTREAMS);
export const CauseId = z.enum(CAUSES);

export type Intent = z.infer<typeof IntentId>;
export type Vendor = z.infer<typeof VendorId>;
export type Upstream = z.infer<typeof UpstreamId>;
export type Cause = z.infer<typeof CauseId>;
