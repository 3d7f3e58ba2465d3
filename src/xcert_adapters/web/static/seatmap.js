// Drag a candidate onto a free seat (调座) or onto another candidate (互换): fills and submits the page's own
// form, so the server does the change exactly as the form (and the command line) would.
(function () {
  var dragged = null;
  document.querySelectorAll("table.seatmap td.taken").forEach(function (cell) {
    cell.addEventListener("dragstart", function (event) {
      dragged = cell.dataset.ticket;
      event.dataTransfer.setData("text/plain", dragged);
    });
  });
  document.querySelectorAll("table.seatmap td.seat").forEach(function (cell) {
    cell.addEventListener("dragover", function (event) { event.preventDefault(); cell.classList.add("target"); });
    cell.addEventListener("dragleave", function () { cell.classList.remove("target"); });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("target");
      var ticket = dragged || event.dataTransfer.getData("text/plain");
      if (!ticket || ticket === cell.dataset.ticket) { return; }
      var form = cell.dataset.ticket ? document.getElementById("swap-form") : document.getElementById("move-form");
      form.elements.ticket.value = ticket;
      if (cell.dataset.ticket) { form.elements.other.value = cell.dataset.ticket; }
      else { form.elements.seat.value = cell.dataset.seat; }
      form.submit();
    });
  });
})();
