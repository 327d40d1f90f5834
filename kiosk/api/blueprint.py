"""The API blueprint: flask-smorest's, with the API's parser and decorators that document
what they enforce (JSON body rules, bearer auth, error answers)."""

from __future__ import annotations

from flask_smorest import Blueprint

from kiosk.api.errors import AUTH_ERRORS, BODY_ERRORS, ErrorSchema
from kiosk.api.parser import ApiParser
from kiosk.auth.guards import api_auth
from kiosk.auth.permissions import Action

BEARER = [{"bearerAuth": []}]


class ApiBlueprint(Blueprint):
    """A smorest Blueprint whose decorators keep the document and the checks together."""

    ARGUMENTS_PARSER = ApiParser()

    def arguments(self, schema, **kwargs):
        """smorest's arguments, its 422 documented in the API's Error shape."""

        def decorate(view):
            view = super(ApiBlueprint, self).arguments(schema, **kwargs)(view)
            return self.errors({422: BODY_ERRORS[422]})(view)

        return decorate

    def body(self, schema, *, required: bool = True, **kwargs):
        """A JSON body validated by `schema`; documents 400/413/415/422 too."""

        def decorate(view):
            view = self.arguments(schema, required=required, **kwargs)(view)
            return self.errors(BODY_ERRORS)(view)

        return decorate

    def staff(self, action: Action):
        """Bearer auth that may do `action` (401/403); documents the bearerAuth scheme."""

        def decorate(view):
            view = self.errors(AUTH_ERRORS)(api_auth(action)(view))
            return self.doc(security=BEARER)(view)

        return decorate

    def public(self, view):
        """No authentication: an explicit empty security requirement."""
        return self.doc(security=[])(view)

    def errors(self, answers: dict[int, str]):
        """Document error answers {status: description}, each in the Error shape; a status
        documented closer to the view keeps its more specific description."""

        def decorate(view):
            known = getattr(view, "_apidoc", {}).get("response", {}).get("responses", {})
            for status, description in answers.items():
                if status in known:
                    continue
                view = self.alt_response(status, schema=ErrorSchema, description=description)(view)
            return view

        return decorate
