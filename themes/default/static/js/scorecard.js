// The scorecard's charts, drawn with Chart.js from the tables on the page (which stay the accessible
// version and the page without JavaScript). A figure is shown only once its chart is drawn.
(function () {
  'use strict'
  var COLOURS = ['#1d70b8', '#00703c', '#4c2c92', '#d4351c', '#f47738', '#505a5f']

  function read (table) {
    var keys = Array.prototype.map.call(table.querySelectorAll('thead th[data-series]'), function (th) {
      return { key: th.dataset.series, label: th.textContent.trim() }
    })
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'))
    var labels = rows.map(function (tr) { return tr.querySelector('th').dataset.label })
    var series = keys.map(function (key, index) {
      return {
        label: key.label,
        data: rows.map(function (tr) {
          var cell = tr.querySelectorAll('td[data-value]')[index]
          return cell && cell.dataset.value !== '' ? Number(cell.dataset.value) : null
        })
      }
    })
    return { labels: labels, series: series }
  }

  function draw (figure) {
    var table = document.getElementById(figure.dataset.chartFor)
    if (!table || typeof window.Chart === 'undefined') return
    var data = read(table)
    var bar = figure.dataset.chartKind === 'bar'
    var datasets = (bar ? data.series.slice(0, 1) : data.series).map(function (s, i) {
      return {
        label: s.label,
        data: s.data,
        borderColor: COLOURS[i % COLOURS.length],
        backgroundColor: COLOURS[i % COLOURS.length],
        spanGaps: true,
        tension: 0.2
      }
    })
    figure.hidden = false
    /* global Chart */
    return new Chart(figure.querySelector('canvas'), {
      type: bar ? 'bar' : 'line',
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: bar ? 'y' : 'x',
        maintainAspectRatio: false,
        animation: false,
        scales: bar ? { x: { min: 0, max: 100 } } : { y: { min: 0, max: 100 } },
        plugins: { legend: { position: 'bottom' } }
      }
    })
  }

  function init () {
    Array.prototype.forEach.call(document.querySelectorAll('figure[data-chart-for]'), draw)
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init)
  } else {
    init()
  }
})()
