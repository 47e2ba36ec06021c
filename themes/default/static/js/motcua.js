// motcua: progressive enhancement only. Every page works without this file.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// Conditional fields: show them as soon as the answer they depend on is given.
function valueOf (form, name) {
  const inputs = Array.from(form.querySelectorAll('[name="' + CSS.escape(name) + '"]'))
  for (const input of inputs) {
    if (input.type === 'radio' || input.type === 'checkbox') {
      if (input.checked) return input.value
    } else if (input.value.trim() !== '') {
      return input.value.trim()
    }
  }
  return ''
}

function refreshConditionals (form) {
  for (const block of form.querySelectorAll('.motcua-conditional[data-show]')) {
    let rules
    try { rules = JSON.parse(block.dataset.show) } catch (e) { continue }
    const shown = rules.every(function (rule) {
      const value = valueOf(form, rule.name)
      return rule.present ? value !== '' : rule.values.indexOf(value) !== -1
    })
    block.hidden = !shown
  }
}

// Address pickers: the commune list follows the province without sending the page.
let units = null
function loadUnits () {
  if (!units) {
    units = fetch('/forms/admin-units.json', { credentials: 'same-origin' })
      .then(function (response) { return response.json() })
  }
  return units
}

function refillCommunes (province, commune) {
  loadUnits().then(function (data) {
    const keep = commune.value
    const first = commune.options[0]
    commune.replaceChildren(first)
    for (const pair of (data[province.value] || [])) {
      const option = new Option(pair[1], pair[0])
      option.selected = pair[0] === keep
      commune.add(option)
    }
  })
}

for (const form of document.querySelectorAll('[data-motcua-form]')) {
  refreshConditionals(form)
  form.addEventListener('change', function () { refreshConditionals(form) })
  form.addEventListener('input', function () { refreshConditionals(form) })
  for (const group of form.querySelectorAll('[data-address]')) {
    const province = group.querySelector('select[name$="province_code"]')
    const commune = group.querySelector('select[name$="commune_code"]')
    if (province && commune) {
      province.addEventListener('change', function () { refillCommunes(province, commune) })
    }
  }
}
