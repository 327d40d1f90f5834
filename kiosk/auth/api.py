"""Auth API: bearer tokens for staff (issue, list, revoke)."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from marshmallow import fields

from kiosk.api import bp
from kiosk.api.fields import Text, moment
from kiosk.auth import accounts
from kiosk.auth.permissions import Action, allowed
from kiosk.auth.service import authenticate, issue_token
from kiosk.models import User


class TokenRequestSchema(ma.Schema):
    username = Text(200, required=True)
    password = Text(200, required=True, metadata={"format": "password"})


class TokenSchema(ma.Schema):
    id = fields.Integer(required=True)
    token = fields.String(required=True)
    token_type = fields.String(required=True, validate=ma.validate.OneOf(["Bearer"]))
    role = fields.String(required=True, validate=ma.validate.OneOf(User.ROLES))
    expires_at = moment(required=True)


class TokenInfoSchema(ma.Schema):
    """A live token as listed: ids, owner and times, never the secret (only its hash is kept)."""

    id = fields.Integer(required=True)
    username = fields.String(required=True)
    created_at = moment(required=True)
    expires_at = moment(required=True)


class TokenListSchema(ma.Schema):
    tokens = fields.List(fields.Nested(TokenInfoSchema), required=True)


@bp.route("/auth/token", methods=["POST"])
@bp.public
@bp.doc(tags=["auth"])
@bp.body(TokenRequestSchema)
@bp.response(200, TokenSchema, description="A bearer token for `Authorization: Bearer`")
@bp.errors(
    {
        401: "Wrong username or password, or a disabled or locked account: one answer for "
        "all (error: invalid_credentials)",
        403: "The account must change its one-time or demo password on the staff pages "
        "first (error: password_change_required)",
    }
)
def token(body: dict):
    """Exchange a username and password for a bearer token."""
    user = authenticate(body["username"], body["password"])
    value, record = issue_token(user)
    return {
        "id": record.id,
        "token": value,
        "token_type": "Bearer",
        "role": user.role,
        "expires_at": record.expires_at.isoformat(),
    }


@bp.route("/auth/tokens", methods=["GET"])
@bp.staff(Action.ACCOUNT_SELF)
@bp.doc(tags=["auth"])
@bp.response(200, TokenListSchema, description="Tokens (ids, owners, times; no secrets)")
def list_tokens():
    """Live API tokens: the caller's own, or everyone's for an admin."""
    owner = None if allowed(g.staff_user, Action.ADMIN_MANAGE) else g.staff_user
    return {"tokens": [token_json(t) for t in accounts.live_tokens(owner)]}


@bp.route("/auth/tokens/<id:token_id>", methods=["DELETE"])
@bp.staff(Action.ACCOUNT_SELF)
@bp.doc(tags=["auth"])
@bp.response(204, description="Revoked; requests with it now get 401")
@bp.errors({404: "No such token, or not yours (error: not_found)"})
def revoke_token(token_id: int):
    """Revoke a token (own, or any for an admin): 204, or 404 when unknown or not yours."""
    accounts.revoke_token(token_id, g.staff_user)
    return "", 204


def token_json(record) -> dict:
    """A token as the API lists it (never the token itself: only its hash is stored)."""
    return {
        "id": record.id,
        "username": record.user.username,
        "created_at": record.created_at.isoformat(),
        "expires_at": record.expires_at.isoformat(),
    }
