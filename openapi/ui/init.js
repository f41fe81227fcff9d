// Starts Swagger UI on the document this server serves, everything loaded from
// this server: no CDN, no online validator badge.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    // /docs/ -> /openapi.json, and still right behind a path prefix.
    url: new URL("../openapi.json", window.location.href).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    displayRequestDuration: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
};
