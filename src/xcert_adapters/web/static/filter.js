// 只看某一类问题: a <select id="code-filter" data-table="ID"> shows only the rows of table#ID whose data-code
// is the chosen code (all rows for the empty choice). No server round trip; the page stays usable without it.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("code-filter");
  if (!select) return;
  const table = document.getElementById(select.dataset.table);
  select.addEventListener("change", () => {
    for (const row of table.querySelectorAll("tbody tr")) {
      row.hidden = select.value !== "" && row.dataset.code !== select.value;
    }
  });
});
