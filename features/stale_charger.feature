@rr2 @fresh_balanz
Feature: A charger that goes silent loses its session
  A charger can hang or lose its network in the middle of a session. balanz checks every transaction
  interval (csms.transaction_interval) whether a charger has sent anything within the transaction timeout
  (csms.transaction_timeout); if not, it closes the charger's open transactions itself, with stop reason
  Other, and the charger no longer takes part in balancing (balanz/balanz.py model_watchdog). A charging
  charger sends a meter value every meter-value interval, so balanz last heard from it at most that long
  before it went silent: the session must not be closed earlier than the transaction timeout less one
  meter-value interval after the charger went silent, and is closed at the latest at the transaction
  check after the transaction timeout.

  The rule does not depend on how long the timeout is, so the scenario runs on a site whose transaction timeout
  is 5 full balancing runs (30 s in the fast profile instead of its 6 minutes) - in the fast profile shorter
  than balanz's own connection watchdog (host.watchdog_stale) and the websocket keepalive (host.ping_timeout),
  so the silent charger is still connected when its session is closed; in the standard profile the keepalive may
  close the connection first. The rule does not depend on it: balanz's check looks only at when it last heard
  from the charger (docs/balancing-rules.md#silent-chargers). (What happens to the silent charger's share
  meanwhile is a known issue: see stale_charger_known_issues.feature.) It needs a balanz of its own: not run on
  an external stack.

  Background:
    Given a site whose transaction timeout is 5 full balancing runs

  Scenario: RR2-02 hangs during its session
    Given the driver has presented tag 3B86D60D at RR2-02, which is charging
    When RR2-02 goes silent
    Then balanz closes the session at RR2-02 once the transaction timeout has passed since it last heard from the charger, not before
    And balanz records the session at RR2-02 as stopped with reason Other
