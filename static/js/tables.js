// Labels each cell of a .table-stack table with its column's header, so that the table
// reads as cards on a phone (static/css/portal.css). Headers hidden from sight (row
// actions) label nothing.
"use strict";
document.querySelectorAll("table.table-stack").forEach((table) => {
  const headers = Array.from(table.querySelectorAll("thead th")).map((header) =>
    header.querySelector(".visually-hidden") ? "" : header.textContent.trim(),
  );
  table.querySelectorAll("tbody tr, tfoot tr").forEach((row) => {
    let column = 0;
    Array.from(row.children).forEach((cell) => {
      const label = headers[column];
      if (label && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
        cell.setAttribute("data-label", label);
      }
      column += cell.colSpan;
    });
  });
});

// A table that scrolls sideways is a region a keyboard can reach and scroll, named by
// the table's caption or, without one, by the heading above it.
document.querySelectorAll(".table-responsive").forEach((box) => {
  const table = box.querySelector("table");
  let label = table && table.caption ? table.caption.textContent.trim() : "";
  for (let node = box; !label && node && node !== document.body; node = node.parentElement) {
    let before = node.previousElementSibling;
    while (before && !/^H[1-6]$/.test(before.tagName)) {
      const inner = before.querySelector("h1, h2, h3, h4, h5, h6");
      if (inner) {
        before = inner;
        break;
      }
      before = before.previousElementSibling;
    }
    if (before) label = before.textContent.trim();
  }
  box.setAttribute("tabindex", "0");
  box.setAttribute("role", "region");
  if (label) box.setAttribute("aria-label", label);
});
