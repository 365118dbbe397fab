// Live reload for `arrs-guide serve`. Only pages sent by `serve` load this script; `build`
// output never does. The page's URL for this script carries the build generation the page
// came from; whenever the server reports another generation (a new good build, or a failed
// build whose errors the server now shows over the page), the page reloads.
const pageGeneration = new URL(import.meta.url).searchParams.get("generation");
const events = new EventSource("/__arrs/events");

events.addEventListener("build", (message) => {
  const build = JSON.parse(message.data);
  if (String(build.generation) !== pageGeneration) {
    window.location.reload();
  }
});
