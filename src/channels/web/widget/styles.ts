import { readableLineOn, readableTextOn } from './contrast.js';

/** The width under which the panel fills the screen (and keeps the keyboard's focus inside). */
export const FULL_SCREEN_QUERY = '(max-width:480px)';

/** The panel's backgrounds, light and dark: the brand colour's lines are made readable on each. */
const BG_LIGHT = '#ffffff';
const BG_DARK = '#17191e';

/**
 * The widget's whole stylesheet, inside its shadow root. `:host` declarations are !important
 * because the host page's rules would otherwise win over them on the host element itself.
 * Button kinds look apart: answers to updoc's question are outlined pills in the brand's colour,
 * 👍/👎 round icons, a person (or back to the bot) a filled button with its icon, "More" a link.
 */
export function widgetStyles(brand: string): string {
  return `
:host{all:initial!important;display:block!important;position:static!important}
.root{--brand:${brand};--on-brand:${readableTextOn(brand)};--brand-line:${readableLineOn(brand, BG_LIGHT)};--bg:${BG_LIGHT};--fg:#1b1e24;--muted:#4f5661;--bubble:#eef0f3;
--border:#d5d9df;--field:#7a818c;--code:rgba(0,0,0,.07);--hover:#f3f5f8;--err-fg:#8a1c1c;--err-bg:#fdecec;--err-line:#c24141;--ok:#1a7f37;--staff:#e8f1ea;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);-webkit-font-smoothing:antialiased}
@media (prefers-color-scheme:dark){.root{--brand-line:${readableLineOn(brand, BG_DARK)};--bg:${BG_DARK};--fg:#eceef2;--muted:#b3b9c4;--bubble:#262a33;--border:#3a404b;
--field:#8b93a1;--code:rgba(255,255,255,.1);--hover:#222630;--err-fg:#ffc9c9;--err-bg:#3a1d1f;--err-line:#e07a7a;--ok:#6fd08c;--staff:#1f2d24}}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
button{font:inherit;color:inherit;cursor:pointer;margin:0}
button:disabled{opacity:.55;cursor:default}
svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;flex:none}
:focus-visible{outline:2px solid var(--fg);outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;
background:var(--brand);color:var(--on-brand);display:grid;place-items:center;box-shadow:0 4px 14px rgba(0,0,0,.28);transition:transform .15s}
.launcher:hover{transform:scale(1.05)}
.launcher svg{width:28px;height:28px}
.launcher:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 3px #fff}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:380px;max-width:calc(100vw - 40px);
height:min(620px,calc(100vh - 112px));display:flex;flex-direction:column;overflow:hidden;background:var(--bg);
border:1px solid var(--border);border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.25);animation:rise .18s ease-out}
@keyframes rise{from{opacity:0;transform:translateY(12px)}}
.header{display:flex;align-items:center;gap:6px;padding:10px 8px 10px 16px;background:var(--brand);color:var(--on-brand)}
.header :focus-visible{outline-color:var(--on-brand)}
.title{flex:1;margin:0;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.human{display:flex;align-items:center;gap:6px;padding:5px 12px;background:transparent;border:1px solid currentColor;border-radius:999px;font-size:13px;white-space:nowrap}
.human svg{width:16px;height:16px}
.icon-button{display:grid;place-items:center;width:40px;height:40px;padding:0;border:0;border-radius:10px;background:transparent}
.log{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:16px;display:flex;flex-direction:column;gap:10px}
.log:focus-visible{outline-offset:-3px}
.msg{max-width:88%;padding:9px 13px;border-radius:14px;overflow-wrap:anywhere}
.bot{align-self:flex-start;background:var(--bubble);border-bottom-left-radius:4px}
.handoff{border-left:4px solid var(--brand-line)}
.staff{align-self:flex-start;background:var(--staff);border:1px solid var(--border);border-bottom-left-radius:4px;white-space:pre-wrap}
.author{display:flex;align-items:center;gap:6px;margin:0 0 3px;font-size:13px;font-weight:600;white-space:normal}
.author svg{width:15px;height:15px}
.person{align-self:flex-end;background:var(--brand);color:var(--on-brand);border-bottom-right-radius:4px;white-space:pre-wrap}
.person.failed{background:var(--bg);color:var(--fg);border:1px dashed var(--err-line)}
.person img{display:block;max-width:100%;max-height:180px;border-radius:8px}
.shot{display:flex;align-items:center;gap:8px}
.unsent{align-self:flex-end;display:flex;align-items:center;gap:8px;margin-top:-4px;color:var(--err-fg);font-size:13px}
.retry{padding:3px 12px;min-height:30px;border:1px solid var(--err-line);border-radius:999px;background:var(--bg);color:var(--err-fg);font-size:13px}
.msg p{margin:0}
.msg p+*,.msg ul,.msg ol,.msg pre{margin:8px 0 0}
.msg ul,.msg ol{padding-left:22px}
.msg li+li{margin-top:3px}
code{font:.88em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);padding:1px 4px;border-radius:4px}
code .tok{white-space:nowrap}
pre{background:var(--code);padding:8px 10px;border-radius:6px;overflow-x:auto;white-space:pre}
pre code{background:none;padding:0}
.notice{align-self:stretch;padding:8px 12px;border:1px solid var(--err-line);border-radius:8px;background:var(--err-bg);color:var(--err-fg);font-size:14px}
.status{align-self:flex-start;color:var(--muted);font-size:14px;display:flex;align-items:center;gap:8px}
.dots{display:inline-flex;gap:4px}
.dots i{width:7px;height:7px;border-radius:50%;background:var(--muted);animation:blink 1.2s infinite both}
.dots i:nth-child(2){animation-delay:.2s}.dots i:nth-child(3){animation-delay:.4s}
@keyframes blink{0%,80%,100%{opacity:.25}40%{opacity:1}}
.checklist{display:block;min-width:220px;padding:9px 13px;border-radius:14px;border-bottom-left-radius:4px;background:var(--bubble);color:var(--fg)}
.checklist p{margin:0 0 4px;font-weight:600}
.checklist ul{list-style:none;margin:0;padding:0}
.checklist li{display:flex;align-items:center;gap:8px;min-height:24px}
.mark{display:grid;place-items:center;width:18px;height:18px;flex:none;font-weight:700}
.done .mark{color:var(--ok)}
.failed .mark{color:var(--err-fg)}
.running{color:var(--fg);font-weight:600}
.spin{width:14px;height:14px;border:2px solid var(--field);border-top-color:transparent;border-radius:50%;animation:turn .9s linear infinite}
@keyframes turn{to{transform:rotate(360deg)}}
.elapsed{color:var(--muted);font-weight:400;font-variant-numeric:tabular-nums}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:6px;align-self:flex-start;max-width:100%}
.quick{padding:6px 13px;min-height:34px;background:var(--bg);border:1.5px solid var(--brand-line);border-radius:999px;font-size:14px;text-align:left}
.to-person{display:flex;align-items:center;gap:6px;padding:6px 12px;min-height:34px;background:var(--bubble);border:1px solid var(--field);border-radius:8px;font-size:14px}
.to-person svg{width:16px;height:16px}
.more{padding:6px 4px;min-height:34px;background:transparent;border:0;font-size:14px;text-decoration:underline;text-underline-offset:3px}
.quick:hover,.thumb:hover,.to-person:hover,.footer .icon-button:not(.send):hover{background:var(--hover)}
.feedback{color:var(--muted);font-size:13px;gap:4px}
.thumb{display:grid;place-items:center;width:34px;height:34px;padding:0;border:1px solid var(--field);border-radius:50%;background:transparent;color:var(--muted)}
.thumb svg{width:17px;height:17px}
.contact{align-self:stretch;display:grid;gap:6px;padding:10px 12px;border:1px solid var(--border);border-radius:10px;background:var(--bubble);font-size:14px}
.contact input{min-width:0;padding:8px 10px;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--field);border-radius:8px}
.contact .row{display:flex;flex-wrap:wrap;gap:6px}
.contact .primary{padding:6px 14px;min-height:34px;border:0;border-radius:8px;background:var(--brand);color:var(--on-brand)}
.contact .secondary{padding:6px 14px;min-height:34px;border:1px solid var(--field);border-radius:8px;background:var(--bg)}
.footer{display:flex;align-items:flex-end;gap:6px;padding:8px;border-top:1px solid var(--border);background:var(--bg)}
textarea{flex:1;min-width:0;height:42px;max-height:140px;resize:none;margin:0;padding:10px 12px;font:inherit;color:var(--fg);
background:var(--bg);border:1px solid var(--field);border-radius:10px}
textarea::placeholder{color:var(--muted);opacity:1}
.footer .icon-button{color:var(--muted)}
.footer .send{background:var(--brand);color:var(--on-brand)}
.drop{position:absolute;inset:0;display:grid;place-items:center;padding:24px;text-align:center;font-weight:600;
background:var(--bg);border:3px dashed var(--brand-line);border-radius:inherit;pointer-events:none}
@media ${FULL_SCREEN_QUERY}{.panel{inset:0;width:auto;max-width:none;height:auto;border:0;border-radius:0}.open .launcher{display:none}}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important}}
`;
}
