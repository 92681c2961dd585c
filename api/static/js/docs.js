// /docs: Swagger UI (vendored in /static/vendor/swagger-ui) over this server's OpenAPI document.
// A file of its own, not an inline script: the Content-Security-Policy allows scripts from this server only.

window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  validatorUrl: null, // no badge fetched from swagger.io
  presets: [SwaggerUIBundle.presets.apis],
});
