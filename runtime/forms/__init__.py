"""Citizen eForms: a procedure's JSON Schema pages as accessible, multi-page web forms.

:mod:`.compiler` turns a page into field specs and WTForms classes (cached),
:mod:`.convert` reads posted input into JSON and back, :mod:`.verdict` validates
with the page's JSON Schema and words the errors (:mod:`.messages`),
:mod:`.journey` walks a citizen through the pages with a saved draft.
"""
