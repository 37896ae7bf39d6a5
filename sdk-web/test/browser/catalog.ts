/** The catalog and snapshot the browser tests publish to their edge. */
export const E2E_CATALOG = {
  placements: [
    { id: "home-hero", format: "html" },
    { id: "promo-card", format: "json" },
    { id: "below-fold", format: "html" },
    { id: "web-messages", format: "message" },
    { id: "inline-slot", format: "message" },
    { id: "picks", format: "json" },
  ],
  offers: [
    {
      id: "vip-hero",
      placements: ["home-hero"],
      priority: 50,
      eligibility: { audience: "vip" },
      content: { html: '<h2 class="vip">Olá {{profile.firstName | default: "cliente"}}</h2><img src="/x.png" alt="" onerror="window.pwned = 1"><script>window.pwned = 2</script><a href="javascript:window.pwned=3">x</a><a class="go" href="/next">Shop the VIP sale</a>' },
    },
    {
      id: "page-b-hero",
      placements: ["home-hero"],
      priority: 40,
      eligibility: { "==": [{ var: "context.path" }, "/spa/b"] },
      content: { html: '<h2 class="b">Page B</h2>' },
    },
    { id: "default-hero", placements: [], content: { html: '<h2 class="default">Welcome</h2><a class="go" href="/next">Discover</a>' } },
    { id: "promo", placements: ["promo-card"], content: { title: "Free shipping", cta: "/shipping" } },
    { id: "fold", placements: ["below-fold"], content: { html: "<p>Down here</p>" } },
    {
      id: "welcome",
      placements: ["web-messages"],
      priority: 10,
      trigger: { event: "page.view", when: { "==": [{ var: "event.properties.path" }, "/welcome"] } },
      message: {
        layout: "modal",
        title: "Bem-vindo {{profile.firstName | default: \"\"}}",
        body: "<b>10% off</b> today",
        image: "/gift.png",
        imageAlt: "A gift box",
        buttons: [
          { label: "Shop", action: { type: "url", url: "/sale" } },
          { label: "No thanks", action: { type: "dismiss" } },
        ],
      },
    },
    {
      id: "evil-link",
      placements: ["web-messages"],
      trigger: { event: "evil" },
      message: { layout: "modal", title: "Evil", buttons: [{ label: "Go", action: { type: "url", url: "{{event.properties.to}}" } }] },
    },
    { id: "nudge", placements: ["web-messages"], trigger: { event: "cart.add" }, message: { layout: "slideup", title: "Nice pick", body: "Free shipping over 50" } },
    { id: "top-banner", placements: ["web-messages"], trigger: { event: "banner.open" }, message: { layout: "banner", title: "Sale", body: "Ends tonight" } },
    { id: "full", placements: ["web-messages"], trigger: { event: "full.open" }, message: { layout: "fullscreen", title: "Big news", body: "Everything" } },
    { id: "inline-msg", placements: ["inline-slot"], trigger: { event: "inline.open" }, message: { layout: "inline", title: "Inline", body: "In the flow" } },
    {
      id: "html-msg",
      placements: ["web-messages"],
      trigger: { event: "html.open" },
      message: {
        layout: "html",
        title: "Promo",
        html:
          "<!doctype html><html><head><title>x</title></head><body><button id=close onclick='edgewise.close()'>Close</button>" +
          "<button id=custom onclick=\"edgewise.action('subscribe')\">Subscribe</button>" +
          "<script>var r=[];try{parent.document.title='pwned'}catch(e){r.push('document:'+e.name)}" +
          "try{top.location.href='https://evil.example'}catch(e){r.push('navigate:'+e.name)}" +
          "try{localStorage.setItem('x','1')}catch(e){r.push('storage:'+e.name)}" +
          "document.body.setAttribute('data-results',r.join(','));edgewise.action('probe:'+r.join(','))</script></body></html>",
      },
    },
    { id: "journey-reminder", placements: ["web-messages"], message: { layout: "banner", title: "Your cart", body: "It is waiting for you" } },
    { id: "pick-a", placements: ["picks"], priority: 30, content: { title: "Trail shoes" } },
    { id: "pick-b", placements: ["picks"], priority: 20, content: { title: "Rain jacket" } },
    { id: "pick-c", placements: ["picks"], priority: 10, content: { title: "Beanie" } },
  ],
  fallbacks: { "home-hero": "default-hero" },
  ranking: { picks: { strategy: "priority", limit: 2 } },
  // Its message reaches a device deciding locally through the profile sync's `pending`.
  journeys: [{ id: "e2e-cart", trigger: { event: "journey.cart" }, steps: [{ message: "journey-reminder" }] }],
};

export const E2E_SNAPSHOT = (version: string) => [
  { type: "header", version, audiences: [{ id: "vip", name: "VIP" }] },
  { profileId: "u-vip", audiences: ["vip"], attributes: { firstName: "Ana" } },
  { profileId: "u-regular", audiences: [], attributes: { firstName: "Rui" } },
];
