"""Forms as data for the field tablets (issue 12): definitions, options, validation.

    forms_document(office_id) -> dict     the body of GET /api/v1/forms
    forms_etag(office_id) -> str          its hash (ETag, and "forms_etag" in sync changes)
    find_form(form_id, version) -> Form | None
    validate(form, fields, office_id) -> Validation (.errors, .warnings, .blobs, .ok)

The definitions are YAML files beside this module; field_pwa/js/validate.js and rules.js are the
tablet's twins of the validator and of the NIK/KK/tracking-code rules.
"""

from kiosk.sync.forms.definitions import (
    Form,
    FormDefinitionError,
    find_form,
    published_forms,
)
from kiosk.sync.forms.document import forms_document, forms_etag, rules_data
from kiosk.sync.forms.validator import Validation, check_fields, validate

__all__ = [
    "Form",
    "FormDefinitionError",
    "Validation",
    "check_fields",
    "find_form",
    "forms_document",
    "forms_etag",
    "published_forms",
    "rules_data",
    "validate",
]
