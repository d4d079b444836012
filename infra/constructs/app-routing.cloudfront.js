// CloudFront Function (cloudfront-js-2.0), viewer request, on the web app's behaviour only.
// The app is one page whose routes are paths (/track/{token}, /desk, /signin/callback): a path
// that names no file is answered with /index.html, and the app reads the path itself. A path whose
// last segment has a dot is a file (/assets/index-3f2a.js, /config.json) and goes to S3 as asked,
// so a missing file is still a miss. API paths never reach this behaviour; they are left alone
// here too, so that a change to the behaviours cannot turn an API 404 into the app's page.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/v1' || uri.indexOf('/v1/') === 0 || uri.indexOf('/docs') === 0) return request;
  var lastSegment = uri.substring(uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') !== -1) return request;
  request.uri = '/index.html';
  return request;
}
