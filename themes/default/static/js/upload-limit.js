// motcua: refuse an over-limit file before it is sent (the server checks again, without relying on this).
function check (input) {
  const max = Number(input.dataset.maxBytes)
  const message = document.getElementById(input.dataset.tooLarge)
  const group = input.closest('.govuk-form-group')
  const file = input.files && input.files[0]
  const tooLarge = Boolean(file && max > 0 && file.size > max)
  if (message) message.hidden = !tooLarge
  if (group) group.classList.toggle('govuk-form-group--error', tooLarge)
  input.classList.toggle('govuk-file-upload--error', tooLarge)
  if (tooLarge && message) input.setAttribute('aria-describedby', message.id)
  else input.removeAttribute('aria-describedby')
  return !tooLarge
}

for (const input of document.querySelectorAll('input[type="file"][data-max-bytes]')) {
  input.addEventListener('change', function () { check(input) })
  const form = input.form
  if (form) {
    form.addEventListener('submit', function (event) {
      if (!check(input)) {
        event.preventDefault()
        input.focus()
      }
    })
  }
}
