/** 502/503/504 and Cloudflare's 520-527 and 530 are what gateways answer when the hop behind them fails. */
export function isGatewayStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504 || (status >= 520 && status <= 527) || status === 530;
}
