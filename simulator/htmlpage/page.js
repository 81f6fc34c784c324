// The step player of a bgsim page. The run's data is JSON (read with
// JSON.parse, never evaluated); every text reaches the page through
// textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("bgsim-data").textContent);
  var steps = data.steps || [];
  var rows = document.querySelectorAll(".row.step");
  var cur = 0, timer = null;
  function $(id) { return document.getElementById(id); }
  function naming() {
    var b = document.body.classList;
    return b.contains("names-swift") ? "swift" : b.contains("names-both") ? "both" : "xamarin";
  }
  function show(i, jump) {
    if (steps.length === 0) { return; }
    cur = Math.max(0, Math.min(steps.length - 1, i));
    for (var k = 0; k < rows.length; k++) {
      rows[k].classList.toggle("current", k === cur);
      rows[k].classList.toggle("future", k > cur);
    }
    var s = steps[cur];
    $("panel-at").textContent = s.at + (s.pid ? "  ·  process " + s.pid : "") + "  ·  " + s.phase;
    var n = naming();
    $("panel-text").textContent = s[n];
    $("panel-rule").textContent = s.rule ? "rule " + s.rule : "";
    $("panel-narration").textContent = (n === "swift" ? s.narrationSwift : n === "both" ? s.narrationBoth : s.narration) || "";
    $("panel-explain").textContent = (n === "swift" ? s.explainSwift : n === "both" ? s.explainBoth : s.explain) || "";
    $("panel").classList.toggle("violation", !!s.violation);
    $("position").textContent = "step " + (cur + 1) + " of " + steps.length;
    $("prev").disabled = cur === 0;
    $("next").disabled = cur === steps.length - 1;
    var r = rows[cur];
    if (r && r.scrollIntoView) { r.scrollIntoView({ block: jump ? "center" : "nearest" }); }
  }
  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    $("play").textContent = "play";
  }
  function play() {
    if (timer !== null) { stop(); return; }
    if (cur >= steps.length - 1) { show(0); }
    $("play").textContent = "pause";
    timer = setInterval(function () {
      if (cur >= steps.length - 1) { stop(); return; }
      show(cur + 1);
    }, 1000 / Number($("speed").value));
  }
  function nextViolation() {
    for (var k = cur + 1; k < steps.length; k++) {
      if (steps[k].violation) { stop(); show(k, true); return; }
    }
  }
  function names(n) {
    ["xamarin", "swift", "both"].forEach(function (k) { document.body.classList.toggle("names-" + k, k === n); });
    show(cur);
  }
  $("prev").addEventListener("click", function () { stop(); show(cur - 1); });
  $("next").addEventListener("click", function () { stop(); show(cur + 1); });
  $("play").addEventListener("click", play);
  $("speed").addEventListener("change", function () { if (timer !== null) { stop(); play(); } });
  $("next-violation").addEventListener("click", nextViolation);
  $("names-xamarin").addEventListener("click", function () { names("xamarin"); });
  $("names-swift").addEventListener("click", function () { names("swift"); });
  $("names-both").addEventListener("click", function () { names("both"); });
  for (var k = 0; k < rows.length; k++) {
    rows[k].addEventListener("click", function (ev) { stop(); show(Number(ev.currentTarget.getAttribute("data-step")), false); });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.target && ev.target.tagName === "SELECT") { return; }
    if (ev.key === "ArrowRight") { stop(); show(cur + 1); ev.preventDefault(); }
    else if (ev.key === "ArrowLeft") { stop(); show(cur - 1); ev.preventDefault(); }
    else if (ev.key === " ") { play(); ev.preventDefault(); }
    else if (ev.key === "v") { nextViolation(); }
  });
  show(0);
}());
