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
