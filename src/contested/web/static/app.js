// contested: a little progressive enhancement. Pages work without it; with it, map markers
// open their events in a side panel and the upload form sends the write token as a header.
// Server HTML is escaped by the templates; text from JSON is only ever set with textContent.
"use strict";

function openPanel(marker) {
  const wrap = marker.closest(".mapwrap");
  const panel = wrap && wrap.querySelector(".map-panel");
  if (!panel) return false;
  const ids = marker.getAttribute("data-events") || "";
  document.querySelectorAll(".marker.selected").forEach((m) => m.classList.remove("selected"));
  marker.classList.add("selected");
  panel.hidden = false;
  panel.textContent = "Loading…";
  fetch("/fragments/events?ids=" + encodeURIComponent(ids), { headers: { Accept: "text/html" } })
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status))))
    .then((html) => {
      panel.innerHTML = html; // server-rendered and escaped (templates/_events_panel.html)
      panel.scrollTop = 0;
    })
    .catch((err) => { panel.textContent = "Could not load the event: " + err.message; });
  return true;
}

document.addEventListener("click", (ev) => {
  const marker = ev.target.closest && ev.target.closest("a.marker");
  if (marker && openPanel(marker)) {
    ev.preventDefault();
    return;
  }
  const close = ev.target.closest && ev.target.closest("[data-close]");
  if (close) {
    const panel = close.closest(".map-panel");
    if (panel) panel.hidden = true;
    document.querySelectorAll(".marker.selected").forEach((m) => m.classList.remove("selected"));
  }
  const again = ev.target.closest && ev.target.closest("[data-reprocess]");
  if (again) reprocess(again);
});

function token() {
  const field = document.getElementById("token");
  const value = field ? field.value : sessionStorage.getItem("contested-token") || "";
  if (value) sessionStorage.setItem("contested-token", value);
  return value;
}

async function send(url, body) {
  const response = await fetch(url, {
    method: "POST", body, headers: { Authorization: "Bearer " + token(), Accept: "application/json" },
  });
  let data = {};
  try { data = await response.json(); } catch (e) { data = {}; }
  if (!response.ok) throw new Error(data.detail ? String(data.detail) : "HTTP " + response.status);
  return data;
}

function reprocess(button) {
  const id = button.getAttribute("data-reprocess");
  button.textContent = "re-extracting…";
  send("/api/articles/" + encodeURIComponent(id) + "/reprocess", null)
    .then((data) => { window.location.assign(data.url); })
    .catch((err) => { button.textContent = "re-extract failed (" + err.message + "; token from the upload page)"; });
}

const upload = document.getElementById("upload");
if (upload) {
  const field = document.getElementById("token");
  if (field && !field.value) field.value = sessionStorage.getItem("contested-token") || "";
  upload.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const status = document.getElementById("upload-status");
    const body = new FormData(upload);
    body.delete("token"); // the token travels in a header, never in the form body
    status.textContent = "Extracting…";
    send(upload.action, body)
      .then((data) => {
        status.textContent = "Stored: " + data.events + " events, " + data.claims + " claims.";
        window.location.assign(data.url);
      })
      .catch((err) => { status.textContent = "Failed: " + err.message; });
  });
}

// Map zoom and pan: the wheel zooms in around the pointer, dragging pans, double-click resets.
// Only within the drawn extent (outlines are clipped to it on the server); markers and labels
// keep their on-screen size.
function zoomable(svg) {
  const home = svg.getAttribute("viewBox").split(" ").map(Number);
  let box = home.slice();
  const sized = Array.from(svg.querySelectorAll("circle, text")).map((el) => {
    const attr = el.tagName === "circle" ? "r" : "font-size";
    const own = el.getAttribute(attr) ? el : el.parentNode;
    return { el, attr, base: Number(el.getAttribute(attr) || own.getAttribute(attr)) };
  });
  function apply() {
    box[2] = Math.min(box[2], home[2]);
    box[3] = box[2] * home[3] / home[2];
    box[0] = Math.max(home[0], Math.min(box[0], home[0] + home[2] - box[2]));
    box[1] = Math.max(home[1], Math.min(box[1], home[1] + home[3] - box[3]));
    svg.setAttribute("viewBox", box.join(" "));
    const k = box[2] / home[2];
    sized.forEach((s) => { if (s.base) s.el.setAttribute(s.attr, s.base * k); });
  }
  function point(ev) {
    const r = svg.getBoundingClientRect();
    return [box[0] + (ev.clientX - r.left) / r.width * box[2], box[1] + (ev.clientY - r.top) / r.height * box[3]];
  }
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const [x, y] = point(ev);
    const f = ev.deltaY < 0 ? 0.8 : 1.25;
    const w = Math.max(home[2] / 64, box[2] * f);
    box = [x - (x - box[0]) * w / box[2], y - (y - box[1]) * w / box[2], w, w * home[3] / home[2]];
    apply();
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (ev) => {
    if (ev.target.closest("a")) return;
    drag = { x: ev.clientX, y: ev.clientY, box: box.slice() };
  });
  window.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    box[0] = drag.box[0] - (ev.clientX - drag.x) / r.width * box[2];
    box[1] = drag.box[1] - (ev.clientY - drag.y) / r.height * box[3];
    apply();
  });
  window.addEventListener("pointerup", () => { drag = null; });
  svg.addEventListener("dblclick", () => { box = home.slice(); apply(); });
}
document.querySelectorAll("figure.map svg").forEach(zoomable);
