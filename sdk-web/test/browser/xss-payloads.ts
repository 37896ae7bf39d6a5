/**
 * The payloads of the XSS suite (xss.test.ts). Each one sets `window.__xss` (or opens a dialog)
 * where it runs; the suite checks that none ever does in the page. The URL tricks are the URL
 * policy's shared corpus (decision-engine/test/fixtures/urls.json), which the engine's tests also
 * check against the WHATWG parser in Node.
 */
import corpus from "../../../decision-engine/test/fixtures/urls.json" with { type: "json" };

export const X = "window.__xss=1";

/** The URL corpus: each URL with what the policy makes of it without and with the declared schemes. */
export const URL_CASES = corpus.cases.map((c) => ({ url: c.url, safe: c.safe, declared: "declared" in c ? (c.declared as string | null) : c.safe, note: c.note }));
export const DEEP_LINK_SCHEMES = corpus.deepLinkSchemes;

/** HTML payloads for html offers: scripts, handlers, namespaces, URLs, forms, clobbering, overlays. */
export const HTML_PAYLOADS: string[] = [
  `<script>${X}</script>`,
  `<img src=x onerror="${X}">`,
  `<img src="/x.png" onload="${X}">`,
  `<svg onload="${X}"></svg>`,
  `<svg><script>${X}</script></svg>`,
  `<svg><animate onbegin="${X}" attributeName="x" dur="1s"></animate></svg>`,
  `<svg><a xlink:href="javascript:${X}"><text y="20">svg link</text></a></svg>`,
  `<svg><set attributeName="onmouseover" to="${X}"></set></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${X}">`,
  `<math><mi xlink:href="javascript:${X}">math link</mi></math>`,
  `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `<iframe src="javascript:parent.__xss=1"></iframe>`,
  `<a href="javascript:${X}">plain</a>`,
  `<a href="  JaVaScRiPt:${X}">spaces and case</a>`,
  `<a href="&#x6A;avascript:${X}">hex entity</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${X}">decimal entities</a>`,
  `<a href="javascript&colon;${X}">named entity</a>`,
  `<a href="jav&#x09;ascript:${X}">entity tab</a>`,
  `<a href="java\tscript:${X}">raw tab</a>`,
  `<a href="&#x20;javascript:alert(1)">entity space, dialog</a>`,
  `<a href="data:text/html,<script>${X}</script>">data</a>`,
  `<a href="vbscript:msgbox(1)">vbscript</a>`,
  `<form action="javascript:${X}"><button>form</button></form>`,
  `<button formaction="javascript:${X}">formaction</button>`,
  `<object data="javascript:${X}"></object>`,
  `<embed src="javascript:${X}">`,
  `<base href="javascript:${X}//"><a href="/next">after base</a>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${X}">`,
  `<link rel="stylesheet" href="javascript:${X}">`,
  `<style>@import "javascript:${X}";</style><p>style tag</p>`,
  `<div style="background:url(javascript:${X})">style url</div>`,
  `<div style="width:expression(${X})">expression</div>`,
  `<div style="position:fixed;inset:0;z-index:2147483647;background:#f00">overlay</div>`,
  `<img name="cookie" src="/x.png"><form name="getElementById"></form><img name="body">`,
  `<img id="__xss" src="/x.png"><a id="edgewise" href="/next">clobber</a>`,
  `<details open ontoggle="${X}"><summary>details</summary></details>`,
  `<video><source onerror="${X}"></video><audio src=x onerror="${X}"></audio>`,
  `<input autofocus onfocus="${X}">`,
  `<body onload="${X}">`,
  `<noscript><p title="</noscript><img src=x onerror=${X}>"></noscript>`,
  `<template><img src=x onerror="${X}"></template>`,
  `<!--<img src="--><img src=x onerror=${X}//">`,
  `<scr<script>ipt>${X}</scr</script>ipt>`,
  `"><script>${X}</script>`,
  `<img src="/x.png" srcset="javascript:${X} 1x">`,
  `<a href="https://evil.example/" target="_blank" rel="opener">new window</a><a href="/next" target="named">named target</a>`,
  `<a href="/next" ping="https://evil.example/ping">ping</a><table><td background="javascript:${X}">td</td></table>`,
  `<p data-edgewise-placement="promo-card" data-edgewise-href="x">a nested placement</p>`,
  `<section id="s" name="n" style="color:red" class="kept" title="kept">kept text</section>`,
];
