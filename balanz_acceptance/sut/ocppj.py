"""OCPP-J message framing, shared by balanz's API client and the charger the harness plays.

An OCPP-J message is a JSON array whose first element is its type: ``[2, id, action, payload]`` a call,
``[3, id, payload]`` its result, ``[4, id, code, description, details]`` its error (balanz's API answers
errors as ``[4, id, payload]``).
"""

from __future__ import annotations

CALL, CALLRESULT, CALLERROR = 2, 3, 4
