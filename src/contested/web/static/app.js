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
