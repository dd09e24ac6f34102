"""What a test changes at the provider: its user's groups, the application's addresses, and
how the next ID tokens are made."""

import json
import time

from django.contrib.auth.models import Group, User
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from jwcrypto import jwk, jwt
from oauth2_provider.models import Application
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider import USERNAME

# "" (as they should be), "forged" (signed with another key under the published key's id),
# "expired" (`exp` an hour ago), "no_exp" (no `exp` at all), "other_client" (`aud` another
# client's id) or "other_issuer" (`iss` another provider).
STATE = {"id_token": ""}
OTHER_KEY = jwk.JWK.generate(kty="RSA", size=2048)


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever scopes were asked for

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.username,
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }

    def finalize_id_token(self, id_token, token, token_handler, request):
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if not STATE["id_token"]:
            return signed
        key = request.client.jwk_key
        made = jwt.JWT(jwt=signed, key=key)
        claims = json.loads(made.claims)
        if STATE["id_token"] == "expired":
            claims.update(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
        elif STATE["id_token"] == "no_exp":
            del claims["exp"]
        elif STATE["id_token"] == "other_client":
            claims["aud"] = "another-application"
        elif STATE["id_token"] == "other_issuer":
            claims["iss"] = "https://login.example.org"
        elif STATE["id_token"] == "forged":
            key = OTHER_KEY
        remade = jwt.JWT(header=made.header, claims=json.dumps(claims))
        remade.make_signed_token(key)
        return remade.serialize()


@csrf_exempt
@require_POST
def control(request):
    """Apply a JSON body: {"id_token": mode, "groups": [...], "redirect_uris": [...],
    "post_logout_redirect_uris": [...]}; each key is optional."""
    body = json.loads(request.body)
    if "id_token" in body:
        STATE["id_token"] = body["id_token"]
    if "groups" in body:
        groups = [Group.objects.get_or_create(name=name)[0] for name in body["groups"]]
        User.objects.get(username=USERNAME).groups.set(groups)
    for field in ("redirect_uris", "post_logout_redirect_uris"):
        if field in body:
            Application.objects.update(**{field: " ".join(body[field])})
    return JsonResponse(STATE)
