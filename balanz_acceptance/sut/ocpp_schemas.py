"""OCPP 1.6 JSON schemas, from the ``ocpp`` package (the library balanz and ocppsim are built on): every message
a charger the harness plays sends or receives is checked against them, both ways.

The package's own ChargePoint validates the same way but is asyncio-only; the harness's chargers run on threads
(sut/ocpp_link.py), so they use its schemas (``ocpp.messages.get_validator``) directly.
"""

from __future__ import annotations

import decimal
import json
from typing import Any

from jsonschema.exceptions import best_match
from ocpp.messages import get_validator

from balanz_acceptance.sut.ocppj import CALL, CALLRESULT

#: Messages whose schemas limit decimals (multipleOf 0.1): checked with Decimal numbers, as the package does.
_DECIMAL = {(CALL, "SetChargingProfile"), (CALL, "RemoteStartTransaction"), (CALLRESULT, "GetCompositeSchedule")}
#: OCPP-J error codes for a schema keyword a payload breaks (else FormationViolation).
ERROR_CODES = {
    "type": "TypeConstraintViolation",
    "maxLength": "TypeConstraintViolation",
    "required": "ProtocolError",
    "enum": "PropertyConstraintViolation",
}


def problem(kind: int, action: str, payload: Any) -> tuple[str, str] | None:
    """Why ``payload`` is not a valid OCPP 1.6 ``action`` call (``kind`` CALL) or result (CALLRESULT), as (OCPP-J
    error code, description); None if it is valid."""
    exact = (kind, action) in _DECIMAL
    try:
        validator = get_validator(kind, action, "1.6", parse_float=decimal.Decimal if exact else float)
    except OSError:
        return "NotImplemented", f"{action} is not an OCPP 1.6 message"
    if exact:
        payload = json.loads(json.dumps(payload), parse_float=decimal.Decimal)
    error = best_match(validator.iter_errors(payload))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "the payload"
    return ERROR_CODES.get(str(error.validator), "FormationViolation"), f"{error.message} (at {where})"
