// The API reference: Swagger UI reads the OpenAPI description named by data-spec-url.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  if (!box || !window.SwaggerUIBundle) { return; }
  window.SwaggerUIBundle({
    url: box.getAttribute("data-spec-url"),
    domNode: box,
    deepLinking: true,
    tryItOutEnabled: false,
    supportedSubmitMethods: ["get"],
    validatorUrl: null
  });
});
