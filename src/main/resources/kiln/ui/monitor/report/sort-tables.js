// Sorts a report table by the column whose header button was pressed: numbers by their data-sort key
// (empty ones last), text case-insensitively; pressing again reverses. No library, works offline.
(function () {
  function key(cell, numeric) {
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
    return numeric ? parseFloat(raw) : raw.trim().toLowerCase();
  }
  function sort(table, header) {
    var column = header.cellIndex;
    var numeric = header.getAttribute('data-type') === 'number';
    var ascending = header.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[column], numeric);
      var y = key(b.cells[column], numeric);
      if (numeric && (isNaN(x) || isNaN(y))) {
        return isNaN(x) === isNaN(y) ? 0 : (isNaN(x) ? 1 : -1);
      }
      var c = numeric ? x - y : x.localeCompare(y);
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var button = th.querySelector('button');
      if (button) {
        button.addEventListener('click', function () { sort(table, th); });
      }
    });
  });
})();
